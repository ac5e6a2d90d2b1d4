using System.Collections.Immutable;
using Microsoft.AspNetCore.Mvc;
using PreSessions.Gateway.Apis;

namespace PreSessions.Gateway.Pages.Operator.WgSessions;

/// <summary>
/// The selection of one pre-session's panel (review mode): every application with a choice of place, the balance of the
/// panel as chosen, and the save. Without JavaScript "Check the balance" posts the choices and the page comes back with
/// the proposed panel's balance, nothing stored; "Save the selection" goes through the API's rules
/// (<see cref="SelectionApi.Selected"/>). Each choice is one <c>place</c> field, "organisationId:panel|waitlist|pending|declined",
/// in the order the rows are listed, which is the speaking and waiting order.
/// </summary>
public sealed class SelectionModel(IGrainFactory grains) : OperatorPageModel
{
    public static readonly string[] Places = ["panel", "waitlist", "pending", "declined"];

    public string Wg { get; private set; } = "";

    public string Sur { get; private set; } = "";

    public PreSessionView? PreSession { get; private set; }

    public ImmutableArray<ApplicationRecord> Applications { get; private set; } = [];

    /// <summary>The place each row shows chosen: the stored standing, or what the operator chose before checking the balance.</summary>
    public IReadOnlyDictionary<string, string> Chosen { get; private set; } = new Dictionary<string, string>();

    public PanelBalance? Balance { get; private set; }

    /// <summary>True when the balance is of a proposed panel, not of the stored one.</summary>
    public bool Proposed { get; private set; }

    public async Task<IActionResult> OnGetAsync(string wg, string sur) => await ShowAsync(wg, sur, place: null) ?? Page();

    public async Task<IActionResult> OnPostBalanceAsync(string wg, string sur, string[]? place) => await ShowAsync(wg, sur, place ?? []) ?? Page();

    public async Task<IActionResult> OnPostSelectAsync(string wg, string sur, string[]? place)
    {
        var choices = Parse(place ?? []);
        string[] In(string where) => [.. choices.Where(c => c.Place == where).Select(c => c.Id)];
        var selected = await SelectionApi.Selected(wg, sur, new SelectionRequest(In("panel"), In("waitlist"), In("declined")), grains);
        if (selected.Invalid is { } check)
        {
            Invalid(check, []);
            return await ShowAsync(wg, sur, place ?? []) ?? Page();
        }
        if (selected.Refusal is { } refusal)
            Refused(refusal);
        else
            Tell("good", "The selection is saved: {0} on the panel, {1} waiting, {2} declined.",
                [.. new[] { "panel", "waitlist", "declined" }.Select(p => In(p).Length.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        return Redirect($"/operator/wg-sessions/{Uri.EscapeDataString(wg)}/pre-sessions/{Uri.EscapeDataString(sur)}/selection");
    }

    private static List<(string Id, string Place)> Parse(IEnumerable<string> place) =>
        [.. place.Select(p => p.Split(':', 2)).Where(p => p.Length == 2 && Places.Contains(p[1])).Select(p => (p[0], p[1]))];

    /// <summary>Loads the pre-session and the balance: of the choices posted (<paramref name="place"/>), else of the stored panel.</summary>
    private async Task<IActionResult?> ShowAsync(string wg, string sur, string[]? place)
    {
        var check = new Validation();
        var key = check.PreSession(wg, sur);
        if (!check.IsValid)
            return NotFound();
        (Wg, Sur) = (wg, sur);
        var preSession = grains.GetGrain<IPreSessionGrain>(key.GrainKey);
        PreSession = await preSession.GetView();
        if (PreSession is null)
            return NotFound();
        Applications = await preSession.GetApplications();
        var stored = Applications.ToDictionary(a => a.Applicant.OrganisationId, a => a.Status.Name());
        var posted = place is null ? [] : Parse(place);
        Chosen = Applications.ToDictionary(a => a.Applicant.OrganisationId,
            a => posted.FirstOrDefault(c => c.Id == a.Applicant.OrganisationId).Place ?? stored[a.Applicant.OrganisationId]);
        Proposed = place is not null;
        var panel = Proposed ? posted.Where(c => c.Place == "panel" && stored.ContainsKey(c.Id)).Select(c => c.Id).ToList() : null;
        Balance = PanelBalance.Of(Applications, PreSession.Plan, panel);
        return null;
    }
}
