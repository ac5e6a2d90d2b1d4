using Microsoft.AspNetCore.Mvc;
using PreSessions.Gateway.Apis;

namespace PreSessions.Gateway.Pages.Operator;

/// <summary>The organisers' home: every WG session, by first day, with the way to its week, and to a new one.</summary>
public sealed class IndexModel(IGrainFactory grains) : OperatorPageModel
{
    public IReadOnlyList<WgSessionListing> WgSessions { get; private set; } = [];

    public async Task OnGetAsync() => WgSessions = await grains.ListWgSessions();

    /// <summary>A WG session by its number, defined or not yet: its week's page; a number that is none is shown as an error.</summary>
    public async Task<IActionResult> OnGetOpenAsync(string? wg)
    {
        var check = new Validation();
        var number = check.Wg(wg ?? "");
        if (check.IsValid)
            return Redirect($"/operator/wg-sessions/{number}");
        Invalid(check, new() { ["wg"] = wg });
        await OnGetAsync();
        return Page();
    }
}
