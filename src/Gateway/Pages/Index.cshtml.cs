using Microsoft.AspNetCore.Mvc.RazorPages;
using PreSessions.Gateway.Apis;

namespace PreSessions.Gateway.Pages;

/// <summary>The home page: what PreSessions is, the WG sessions to come and those held, and what a visitor may do.</summary>
public sealed class IndexModel(IWgSessionCatalogue catalogue, IGrainFactory grains, TimeProvider clock) : PageModel
{
    /// <summary>The weeks not over yet, the next first; a week with no pre-session yet counts as to come.</summary>
    public IReadOnlyList<WgSessionResponse> Upcoming { get; private set; } = [];

    /// <summary>The weeks whose last pre-session has ended, the latest first.</summary>
    public IReadOnlyList<WgSessionResponse> Past { get; private set; } = [];

    /// <summary>The figures over every WG session (<see cref="StatisticsApi"/>); shown once a pre-session was held.</summary>
    public StatisticsResponse? Figures { get; private set; }

    public async Task OnGetAsync()
    {
        Figures = await grains.AllFigures();
        var weeks = (await Task.WhenAll((await catalogue.WgSessionsAsync()).Select(grains.ReadWeek))).OfType<WgSessionResponse>().ToList();
        var now = clock.GetUtcNow().UtcDateTime;
        bool over(WgSessionResponse week) => week.PreSessions.Length > 0 && week.PreSessions.Max(p => p.EndsAt) <= now;
        Upcoming = [.. weeks.Where(w => !over(w)).OrderBy(w => FirstDay(w) ?? DateTime.MaxValue).ThenBy(w => w.Wg)];
        Past = [.. weeks.Where(over).OrderByDescending(FirstDay).ThenByDescending(w => w.Wg)];
    }

    public static DateTime? FirstDay(WgSessionResponse week) => week.PreSessions.Length > 0 ? week.PreSessions.Min(p => p.StartsAt) : null;

    public static DateTime? LastDay(WgSessionResponse week) => week.PreSessions.Length > 0 ? week.PreSessions.Max(p => p.StartsAt) : null;
}
