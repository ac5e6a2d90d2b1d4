using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PreSessions.Gateway.Apis;
using PreSessions.Gateway.Statements;

namespace PreSessions.Gateway.Pages.WgSessions;

/// <summary>One pre-session as the public reads it: its panel (speakers named only with consent), waitlist, seats and published statements.</summary>
public sealed class PreSessionModel(IGrainFactory grains, TimeProvider clock) : PageModel
{
    public WgSessionResponse Week { get; private set; } = null!;

    public PreSessionResponse PreSession { get; private set; } = null!;

    public ApplicationsWindow Applications { get; private set; }

    /// <summary>The panel's published statements, linked to the recommendations this page lists.</summary>
    public StatementsSection Statements { get; private set; } = null!;

    /// <summary>Where an organisation applies for, or a mission replies about, this pre-session: its account.</summary>
    public string AccountAddress => $"/account?wg={PreSession.Wg}&sur={PreSession.Sur}";

    public async Task<IActionResult> OnGetAsync(string wg, string sur)
    {
        var check = new Validation();
        var key = check.PreSession(wg, sur);
        if (!check.IsValid)
            return BadRequest();
        var (week, preSession, statements) = (grains.ReadWeek(key.Wg), grains.ReadPreSession(key, User),
            grains.GetGrain<IStatementsGrain>(key.GrainKey).GetPublished());
        await Task.WhenAll(week, preSession, statements);
        if (preSession.Result is not { } found || week.Result is not { } itsWeek)
            return NotFound();
        (Week, PreSession) = (itsWeek, found);
        Applications = ApplicationsWindow.Of(found, clock);
        Statements = new StatementsSection(statements.Result, found.AddressedRecommendations.Select(r => r.Id).ToHashSet(StringComparer.Ordinal));
        return Page();
    }
}
