using Microsoft.AspNetCore.Mvc;
using PreSessions.Gateway.Apis;

namespace PreSessions.Gateway.Pages.Operator.Rooms;

/// <summary>The rooms the WG sessions' pre-sessions are planned in, each opening its consoles' tokens; any other by name.</summary>
public sealed class IndexModel(IGrainFactory grains) : OperatorPageModel
{
    /// <summary>Each room with the number of pre-sessions planned in it, by name.</summary>
    public IReadOnlyList<(string Room, int PreSessions)> Rooms { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var weeks = await Task.WhenAll((await grains.ListWgSessions()).Select(l => grains.GetGrain<IWgSessionGrain>(l.Wg).GetView()));
        Rooms = [.. weeks.OfType<WgSessionView>().SelectMany(w => w.PreSessions).GroupBy(p => p.Plan.Room, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Count())).OrderBy(r => r.Key, StringComparer.CurrentCultureIgnoreCase)];
    }

    /// <summary>A room by name: its page, when the name is one a room may have.</summary>
    public async Task<IActionResult> OnGetOpenAsync(string? room)
    {
        var check = new Validation();
        var name = check.RoomName("room", room);
        if (check.IsValid)
            return Redirect("/operator/rooms/" + Uri.EscapeDataString(name));
        Invalid(check, new() { ["room"] = room });
        await OnGetAsync();
        return Page();
    }
}
