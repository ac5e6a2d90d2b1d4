using Microsoft.AspNetCore.Mvc;
using PreSessions.Gateway.Apis;

namespace PreSessions.Gateway.Pages.Operator.WgSessions;

/// <summary>A mission at the door: who RSVPed (or was recorded without an RSVP), and a number of delegates for each.</summary>
public sealed record DoorEntry(string OrganisationId, string Name, string Rsvp, int? Recorded);

/// <summary>
/// Check-in at the door of one pre-session: every mission that RSVPed to attend, with the delegates recorded so far;
/// each row is a form of its own (works without script), recorded through the same rules as PUT .../attendance.
/// </summary>
public sealed class CheckInModel(IGrainFactory grains) : OperatorPageModel
{
    public PreSessionKey Key { get; private set; } = null!;

    public PreSessionView PreSession { get; private set; } = null!;

    public IReadOnlyList<DoorEntry> Missions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string wg, string sur) => await LoadAsync(wg, sur) ?? Page();

    public async Task<IActionResult> OnPostAsync(string wg, string sur, string? organisationId, int? delegates)
    {
        var recorded = await AttendanceApi.Recorded(wg, sur, organisationId ?? "", new AttendanceRequest(delegates), User, grains);
        if (recorded.Invalid is { } check)
        {
            Invalid(check, new() { ["organisationId"] = organisationId, ["delegates"] = delegates?.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            return await LoadAsync(wg, sur) ?? Page();
        }
        if (recorded.Refusal is { } refusal)
            Refused(refusal);
        else if (recorded.Value!.Delegates == 0)
            Tell("good", "{0}: recorded as absent.", recorded.Value.OrganisationName);
        else
            Tell("good", "{0}: {1} delegate(s) recorded.", recorded.Value.OrganisationName, recorded.Value.Delegates.ToString(System.Globalization.CultureInfo.CurrentCulture));
        return RedirectToPage(new { wg, sur });
    }

    /// <summary>Loads the pre-session, its RSVPs and its ledger; NotFound (the error page) when there is no such pre-session.</summary>
    private async Task<IActionResult?> LoadAsync(string wg, string sur)
    {
        var check = new Validation();
        Key = check.PreSession(wg, sur);
        if (!check.IsValid || await grains.GetGrain<IPreSessionGrain>(Key.GrainKey).GetView() is not { } preSession)
            return NotFound();
        PreSession = preSession;
        var rsvps = await grains.GetGrain<IPreSessionGrain>(Key.GrainKey).GetRsvps();
        var ledger = (await grains.GetGrain<IAttendanceGrain>(Key.GrainKey).GetLedger()).ToDictionary(m => m.OrganisationId);
        var attending = rsvps.Where(r => r.Status is not RsvpStatus.Declined)
            .Select(r => new DoorEntry(r.OrganisationId, r.OrganisationName ?? r.OrganisationId, r.Status.Name(), ledger.GetValueOrDefault(r.OrganisationId)?.Delegates));
        // Missions recorded without an RSVP (every mission is invited) stay on the list, so a mistake can be undone here.
        var walkIns = ledger.Values.Where(m => !rsvps.Any(r => r.OrganisationId == m.OrganisationId && r.Status is not RsvpStatus.Declined))
            .Select(m => new DoorEntry(m.OrganisationId, m.OrganisationName, "", m.Delegates));
        Missions = [.. attending.Concat(walkIns).OrderBy(m => m.Name, StringComparer.CurrentCultureIgnoreCase)];
        return null;
    }
}
