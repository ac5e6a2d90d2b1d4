using Microsoft.AspNetCore.Mvc;
using PreSessions.Gateway.Apis;

namespace PreSessions.Gateway.Pages.Operator.WgSessions;

/// <summary>A WG session's week as the organisers set it up: its details and its pre-sessions, each with its plan.</summary>
public sealed class WeekModel(IGrainFactory grains) : OperatorPageModel
{
    public int Wg { get; private set; }

    /// <summary>Null for a WG session not defined yet: the page then offers to define it.</summary>
    public WgSessionView? Week { get; private set; }

    public async Task<IActionResult> OnGetAsync(string wg) => await ShowAsync(wg) ?? Page();

    /// <summary>Loads the week; NotFound (the error page) for a number that is no WG session number.</summary>
    private async Task<IActionResult?> ShowAsync(string wg)
    {
        var check = new Validation();
        Wg = check.Wg(wg);
        if (!check.IsValid)
            return NotFound();
        Week = await grains.GetGrain<IWgSessionGrain>(Wg).GetView();
        return null;
    }
}
