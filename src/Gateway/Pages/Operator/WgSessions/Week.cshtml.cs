using Microsoft.AspNetCore.Mvc;
using PreSessions.Gateway.Apis;

namespace PreSessions.Gateway.Pages.Operator.WgSessions;

/// <summary>
/// A WG session's week as the organisers set it up: its details (defined here the first time) through the API's own
/// rules and grain call (<see cref="WgSessionsApi.Defined"/>), and its pre-sessions, each opening its own page.
/// </summary>
public sealed class WeekModel(IGrainFactory grains) : OperatorPageModel
{
    public int Wg { get; private set; }

    /// <summary>Null for a WG session not defined yet: the page then offers to define it.</summary>
    public WgSessionView? Week { get; private set; }

    public async Task<IActionResult> OnGetAsync(string wg) => await ShowAsync(wg) ?? Page();

    /// <summary>The State picked to schedule: its pre-session's page, which holds the plan's form.</summary>
    public IActionResult OnGetAdd(string wg, string? sur)
    {
        var check = new Validation();
        var key = check.PreSession(wg, sur ?? "");
        return check.IsValid ? Redirect($"/operator/wg-sessions/{key.Wg}/pre-sessions/{key.Sur}") : BadRequest();
    }

    public async Task<IActionResult> OnPostDetailsAsync(
        string wg, string? title, string? venue, bool provisional, string? applicationsOpen, string? applicationsClose, string? statementsDue)
    {
        // The form holds the whole call (opening, closing, statements due), so a PUT of it replaces nothing unseen.
        var defined = await WgSessionsApi.Defined(wg, new WgSessionRequest(title, venue, provisional, GenevaInput.Instant(applicationsClose),
            GenevaInput.Instant(applicationsOpen), GenevaInput.Instant(statementsDue)), grains);
        if (defined.Invalid is { } check)
        {
            Invalid(check, new()
            {
                ["title"] = title, ["venue"] = venue, ["provisional"] = provisional.ToString(),
                ["applicationsOpen"] = applicationsOpen, ["applicationsClose"] = applicationsClose, ["statementsDue"] = statementsDue,
            });
            return await ShowAsync(wg) ?? Page();
        }
        var saved = defined.Value.View.Wg.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Tell("good", defined.Value.Created ? "WG session {0} is defined." : "The details of WG session {0} are saved.", saved);
        return Redirect($"/operator/wg-sessions/{saved}");
    }

    /// <summary>Loads the week; 400 (the error page) for a number that is no WG session number.</summary>
    private async Task<IActionResult?> ShowAsync(string wg)
    {
        var check = new Validation();
        Wg = check.Wg(wg);
        if (!check.IsValid)
            return BadRequest();
        Week = await grains.GetGrain<IWgSessionGrain>(Wg).GetView();
        return null;
    }
}
