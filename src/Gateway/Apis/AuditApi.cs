using Microsoft.AspNetCore.Http.HttpResults;
using PreSessions.Gateway.Auth;

namespace PreSessions.Gateway.Apis;

public sealed record AuditEntryResponse(
    DateTime At, string Actor, string Action, int? Wg, string? Sur, string? Subject, string? Detail, string? TraceId);

public sealed record AuditResponse(AuditEntryResponse[] Entries);

/// <summary>
/// The audit log, for operators: every operator and console action and every change of an application or RSVP, as the
/// grains recorded it with the change. There is no way to change it through the API.
/// </summary>
public static class AuditApi
{
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/audit", Get).RequireAuthorization(Roles.Operator).WithTags("Audit")
            .WithName("getAudit").WithSummary("The audit log of a pre-session, a WG session, an organisation or a room")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>
    /// <c>?wg=29&amp;sur=FRA</c>: one pre-session; <c>?wg=29</c>: the WG session and all its pre-sessions;
    /// <c>?organisationId=</c>: an organisation's registration and tokens; <c>?room=</c>: a room's console tokens.
    /// </summary>
    private static async Task<Results<Ok<AuditResponse>, ValidationProblem, ProblemHttpResult>> Get(
        string? wg, string? sur, string? organisationId, string? room, IGrainFactory grains)
    {
        var check = new Validation();
        var asked = new[] { wg, organisationId, room }.Count(q => q is not null);
        if (asked != 1)
            check.Add("query", "Ask for one of: wg (with sur for one pre-session), organisationId, room.");
        if (sur is not null && wg is null)
            check.Add("sur", "A pre-session is asked for with its wg and sur.");
        if (!check.IsValid)
            return check.Problem();

        if (organisationId is not null)
        {
            var id = check.OrganisationId(organisationId);
            return check.IsValid ? Answer(await grains.GetGrain<IOrganisationGrain>(id).GetAudit(), null) : check.Problem();
        }
        if (room is not null)
        {
            var name = check.Room(room);
            return check.IsValid ? Answer(await grains.GetGrain<IRoomGrain>(name).GetAudit(), null) : check.Problem();
        }
        if (sur is not null)
        {
            var key = check.PreSession(wg!, sur);
            return check.IsValid ? Answer(await grains.GetGrain<IPreSessionGrain>(key.GrainKey).GetAudit(), key) : check.Problem();
        }
        var number = check.Wg(wg!);
        if (!check.IsValid)
            return check.Problem();
        var session = grains.GetGrain<IWgSessionGrain>(number);
        if (await session.GetView() is not { } view)
            return Problems.NotFound($"There is no WG session {number}.");
        var logs = await Task.WhenAll(view.PreSessions.Select(async p =>
            (p.Key, Entries: await grains.GetGrain<IPreSessionGrain>(p.Key.GrainKey).GetAudit())));
        AuditEntryResponse[] entries =
        [
            .. (await session.GetAudit()).Select(e => Entry(e, new PreSessionKey(number, ""))),
            .. logs.SelectMany(l => l.Entries.Select(e => Entry(e, l.Key))),
        ];
        return TypedResults.Ok(new AuditResponse([.. entries.OrderBy(e => e.At)]));
    }

    private static Ok<AuditResponse> Answer(IEnumerable<AuditEntry> entries, PreSessionKey? key) =>
        TypedResults.Ok(new AuditResponse([.. entries.Select(e => Entry(e, key))]));

    private static AuditEntryResponse Entry(AuditEntry e, PreSessionKey? key) => new(
        e.At.UtcDateTime, e.Actor, e.Action, key?.Wg, key is { Sur.Length: > 0 } ? key.Sur : null, e.Subject, e.Detail, e.TraceId);
}
