using System.Security.Claims;
using PreSessions.Gateway.Auth;

namespace PreSessions.Gateway.Apis;

/// <summary>
/// The public reads of a week and of a pre-session, shared by the API and the pages so both show the same thing:
/// a speaker's name only with the organisation's consent (or to the operator and that organisation), the waitlist
/// as a count. Null when there is no such WG session or pre-session.
/// </summary>
public static class WgSessionReads
{
    /// <summary>A WG session's view for an endpoint that works on the week: 400 for a malformed number, 404 for none.</summary>
    public static async Task<Decision<WgSessionView>> Week(this IGrainFactory grains, string wg)
    {
        var check = new Validation();
        var number = check.Wg(wg);
        if (!check.IsValid)
            return Decision<WgSessionView>.Malformed(check);
        return await grains.GetGrain<IWgSessionGrain>(number).GetView() is { } view
            ? Decision<WgSessionView>.Decided(view)
            : Decision<WgSessionView>.Refused(new Refusal(RefusalKind.NotFound, $"There is no WG session {number}."));
    }

    public static async Task<WgSessionResponse?> ReadWeek(this IGrainFactory grains, int wg) =>
        await grains.GetGrain<IWgSessionGrain>(wg).GetView() is { } view ? Response(view) : null;

    public static async Task<PreSessionResponse?> ReadPreSession(this IGrainFactory grains, PreSessionKey key, ClaimsPrincipal caller) =>
        await grains.GetGrain<IPreSessionGrain>(key.GrainKey).GetView() is { } view
            ? Response(view, caller) with { AddressedRecommendations = [.. (await grains.ReadRecommendations(key)).Where(r => r.Addressed)] }
            : null;

    public static WgSessionResponse Response(WgSessionView view) => new(
        view.Wg, view.Details.Title, view.Details.Venue, view.Details.Provisional, view.Details.ApplicationsClose?.UtcDateTime,
        [.. view.PreSessions.Select(p => new PreSessionSummary(
            p.Key.Sur, p.StateName, p.Plan.StartsAt.UtcDateTime, p.Plan.EndsAt.UtcDateTime, p.Plan.Room,
            p.Plan.PanelSize, p.Panel.Length, p.WaitlistCount, p.Plan.Seats, p.SeatsTaken))],
        view.Details.ApplicationsOpen?.UtcDateTime, view.Details.StatementsDue?.UtcDateTime);

    public static PreSessionResponse Response(PreSessionView view, ClaimsPrincipal caller) => new(
        view.Key.Wg, view.Key.Sur, view.StateName, view.Plan.StartsAt.UtcDateTime, view.Plan.EndsAt.UtcDateTime,
        view.Plan.Room, view.Plan.PanelSize, view.Plan.Seats,
        [.. view.Panel.Select(s => new PanelSpeaker(s.OrganisationId, s.OrganisationName,
            s.SpeakerNamePublic || caller.MayActFor(s.OrganisationId) ? s.SpeakerName : null, s.Position))],
        view.WaitlistCount, view.SeatsTaken,
        view.Window.Opens?.UtcDateTime, view.Window.Closes.UtcDateTime, view.Window.StatementsDue.UtcDateTime,
        view.Plan.Selection.Name(), view.Plan.MinimumApplicationsOrDefault, view.Plan.ReserveNhriPlace, view.PendingCount);
}
