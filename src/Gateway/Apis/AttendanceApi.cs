using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PreSessions.Gateway.Auth;

namespace PreSessions.Gateway.Apis;

public sealed record AttendanceRequest(int? Delegates);

/// <summary>A mission's attendance as recorded; <c>delegates</c> 0: recorded as absent (not in the ledger).</summary>
public sealed record AttendanceResponse(int Wg, string Sur, string OrganisationId, string OrganisationName, int Delegates);

public sealed record AttendingMission(string OrganisationId, string OrganisationName, int Delegates, DateTime RecordedAt);

public sealed record AttendanceLedgerResponse(
    int Wg, string Sur, string StateName, int MissionsAttending, int Delegates, AttendingMission[] Missions);

/// <summary>
/// Attendance at the door: the room's console (or the operator) records which Permanent Missions came to a pre-session,
/// with how many delegates, in the pre-session's ledger (<see cref="IAttendanceGrain"/>), which the figures count.
/// </summary>
public static class AttendanceApi
{
    public static IEndpointRouteBuilder MapAttendanceApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/wg-sessions/{wg}/pre-sessions/{sur}/attendance").WithTags("Attendance");
        api.MapPut("/{organisationId}", Record).RequireAuthorization(Roles.Timekeeper)
            .WithName("recordAttendance").WithSummary("The room's console or the operator records a mission's delegates at the door")
            .WithDescription("Idempotent: the same recording again changes nothing. delegates 0 records that the mission did not " +
                "attend: it leaves the ledger (so a mistaken check-in is undone the same way). The organisation must be a " +
                "registered Permanent Mission (404 when there is none, 400 when it is a CSO or NHRI); it need not have RSVPed. " +
                "A console records only the pre-sessions of its own room (403 elsewhere).");
        api.MapGet("/", Read).RequireAuthorization(Roles.Timekeeper)
            .WithName("getAttendance").WithSummary("The pre-session's attendance ledger: the missions recorded as attending, by name");
        return app;
    }

    private static async Task<Results<Ok<AttendanceResponse>, ValidationProblem, ProblemHttpResult>> Record(
        string wg, string sur, string organisationId, [FromBody] AttendanceRequest body, ClaimsPrincipal caller, IGrainFactory grains) =>
        (await Recorded(wg, sur, organisationId, body, caller, grains)).Answer(recorded => TypedResults.Ok(recorded));

    /// <summary>A recording's rules and its grain call: the API and the check-in page.</summary>
    public static async Task<Decision<AttendanceResponse>> Recorded(
        string wg, string sur, string organisationId, AttendanceRequest body, ClaimsPrincipal caller, IGrainFactory grains)
    {
        var check = new Validation();
        var key = check.PreSession(wg, sur);
        var id = check.OrganisationId(organisationId);
        var delegates = check.Number("delegates", body.Delegates, 0, IAttendanceGrain.MaxDelegates);
        if (!check.IsValid)
            return Decision<AttendanceResponse>.Malformed(check);

        var outcome = await grains.GetGrain<IAttendanceGrain>(key.GrainKey).Record(id, delegates, caller.ConsoleRoom());
        return Decision<AttendanceResponse>.From(outcome,
            m => new AttendanceResponse(key.Wg, key.Sur, m.OrganisationId, m.OrganisationName, m.Delegates));
    }

    private static async Task<Results<Ok<AttendanceLedgerResponse>, ValidationProblem, ProblemHttpResult>> Read(
        string wg, string sur, ClaimsPrincipal caller, IGrainFactory grains)
    {
        var check = new Validation();
        var key = check.PreSession(wg, sur);
        if (!check.IsValid)
            return check.Problem();
        if (await grains.GetGrain<IPreSessionGrain>(key.GrainKey).GetView() is not { } preSession)
            return Problems.NotFound($"There is no pre-session {key}.");
        if (caller.ConsoleRoom() is { } room && room != preSession.Plan.Room)
            return Problems.Forbidden($"This console is for the room \"{room}\"; the pre-session {key} is in another room.");
        var ledger = await grains.GetGrain<IAttendanceGrain>(key.GrainKey).GetLedger();
        return TypedResults.Ok(new AttendanceLedgerResponse(key.Wg, key.Sur, preSession.StateName, ledger.Length,
            ledger.Sum(m => m.Delegates),
            [.. ledger.Select(m => new AttendingMission(m.OrganisationId, m.OrganisationName, m.Delegates, m.RecordedAt.UtcDateTime))]));
    }
}
