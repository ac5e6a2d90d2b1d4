using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PreSessions.Gateway.Apis;

namespace PreSessions.Gateway.Pages.WgSessions;

/// <summary>A WG session's week, day by day on Geneva's calendar: what the API's week says, for people.</summary>
public sealed class WeekModel(IGrainFactory grains, TimeProvider clock) : PageModel
{
    public WgSessionResponse Week { get; private set; } = null!;

    /// <summary>The pre-sessions grouped by their day in Geneva, in order.</summary>
    public IReadOnlyList<IGrouping<DateOnly, PreSessionSummary>> Days { get; private set; } = [];

    public ApplicationsWindow Applications { get; private set; }

    /// <summary>The week's published figures (<see cref="StatisticsApi"/>); shown once a pre-session was held.</summary>
    public StatisticsResponse? Figures { get; private set; }

    public async Task<IActionResult> OnGetAsync(string wg)
    {
        var check = new Validation();
        var number = check.Wg(wg);
        if (!check.IsValid)
            return BadRequest();
        if (await grains.ReadWeek(number) is not { } week)
            return NotFound();
        Week = week;
        Days = [.. week.PreSessions.OrderBy(p => p.StartsAt).GroupBy(p => DateOnly.FromDateTime(GenevaTime.InGeneva(p.StartsAt)))];
        Applications = ApplicationsWindow.Of(week, clock);
        Figures = await grains.WgSessionFigures(number);
        return Page();
    }
}

/// <summary>Whether organisations may still apply to a week's pre-sessions, and until when.</summary>
public readonly record struct ApplicationsWindow(DateTime? Close, bool Closed)
{
    public static ApplicationsWindow Of(WgSessionResponse week, TimeProvider clock) =>
        new(week.ApplicationsClose, week.ApplicationsClose is { } close && close <= clock.GetUtcNow().UtcDateTime);

    /// <summary>One pre-session's call, which always closes (by default when the pre-session starts).</summary>
    public static ApplicationsWindow Of(PreSessionResponse preSession, TimeProvider clock) =>
        new(preSession.ApplicationsClose, preSession.ApplicationsClose <= clock.GetUtcNow().UtcDateTime);
}
