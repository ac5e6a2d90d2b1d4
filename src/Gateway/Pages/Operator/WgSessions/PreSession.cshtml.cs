using Microsoft.AspNetCore.Mvc;
using PreSessions.Gateway.Apis;

namespace PreSessions.Gateway.Pages.Operator.WgSessions;

/// <summary>
/// One pre-session as the organisers see it: its plan, scheduled or changed through the API's own rules and grain call
/// (<see cref="WgSessionsApi.Scheduled"/>), and its panel with every speaker's name.
/// </summary>
public sealed class PreSessionModel(IGrainFactory grains) : OperatorPageModel
{
    public PreSessionKey Key { get; private set; } = null!;

    /// <summary>Null while the pre-session is not scheduled: the page then offers to schedule it.</summary>
    public PreSessionView? PreSession { get; private set; }

    /// <summary>Whether its WG session is defined; a pre-session is scheduled only in a defined one.</summary>
    public bool WeekDefined { get; private set; }

    public async Task<IActionResult> OnGetAsync(string wg, string sur) => await ShowAsync(wg, sur) ?? Page();

    public async Task<IActionResult> OnPostAsync(string wg, string sur, string? startsAt, int? durationMinutes, string? room, int? panelSize, int? seats,
        string? applicationsClose)
    {
        // A PUT replaces the whole plan: the settings this form does not show (the selection and its options) are kept.
        var key = new Validation() is var known ? known.PreSession(wg, sur) : default;
        var kept = known.IsValid ? (await grains.GetGrain<IPreSessionGrain>(key.GrainKey).GetView())?.Plan : null;
        var scheduled = await WgSessionsApi.Scheduled(wg, sur,
            new PreSessionRequest(GenevaInput.Instant(startsAt), durationMinutes, room, panelSize, seats,
                GenevaInput.Instant(applicationsClose), kept?.Selection.Name(),
                kept?.MinimumApplications, kept?.ReserveNhriPlace), grains);
        if (scheduled.Invalid is { } check)
        {
            Invalid(check, new()
            {
                ["startsAt"] = startsAt, ["durationMinutes"] = Number(durationMinutes), ["room"] = room,
                ["panelSize"] = Number(panelSize), ["seats"] = Number(seats), ["applicationsClose"] = applicationsClose,
            });
            return await ShowAsync(wg, sur) ?? Page();
        }
        if (scheduled.Refusal is { } refusal)
            Refused(refusal);
        else
            Tell("good", scheduled.Value.Created ? "The pre-session {0} is scheduled." : "The plan of the pre-session {0} is saved.", $"{wg}/{sur}");
        return Redirect($"/operator/wg-sessions/{wg}/pre-sessions/{sur}");
    }

    /// <summary>Loads the pre-session; 400 (the error page) for an address that names no pre-session, 404 for no UN member State.</summary>
    private async Task<IActionResult?> ShowAsync(string wg, string sur)
    {
        var check = new Validation();
        Key = check.PreSession(wg, sur);
        if (!check.IsValid)
            return BadRequest();
        if (!UnMemberStates.IsMember(Key.Sur))
            return NotFound();
        WeekDefined = await grains.GetGrain<IWgSessionGrain>(Key.Wg).GetView() is not null;
        PreSession = await grains.GetGrain<IPreSessionGrain>(Key.GrainKey).GetView();
        return null;
    }

    private static string? Number(int? value) => value?.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
