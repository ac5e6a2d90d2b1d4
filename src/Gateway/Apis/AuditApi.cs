using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using PreSessions.Gateway.Auth;

namespace PreSessions.Gateway.Apis;

public sealed record AuditEntryResponse(
    DateTime At, string Actor, string Action, int? Wg, string? Sur, string? Subject, string? Detail, string? TraceId);

/// <param name="Next">The cursor of the next page (pass it as <c>after</c>); null on the last page.</param>
public sealed record AuditResponse(AuditEntryResponse[] Entries, string? Next);

/// <summary>
/// The audit log, for operators: every operator and console action and every change of an application or RSVP, as the
/// grains recorded it with the change. There is no way to change it through the API.
/// </summary>
public static class AuditApi
{
    /// <summary>Entries per page unless <c>limit</c> says fewer.</summary>
    public const int MaxPage = 1000;

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
    /// Entries come in the order they were appended to the log, a page at a time: <c>after</c> is the <c>next</c>
    /// cursor of the previous page, <c>limit</c> the page's size (1 to 1,000, 1,000 by default).
    /// </summary>
    private static async Task<Results<Ok<AuditResponse>, ValidationProblem, ProblemHttpResult>> Get(
        string? wg, string? sur, string? organisationId, string? room, string? after, string? limit, IGrainFactory grains) =>
        (await Read(wg, sur, organisationId, room, after, limit, grains)).Answer(read => TypedResults.Ok(read));

    /// <summary>A page of the log: the query's rules, the grains' flush and the read, for the API and the operator's page.</summary>
    public static async Task<Decision<AuditResponse>> Read(
        string? wg, string? sur, string? organisationId, string? room, string? after, string? limit, IGrainFactory grains)
    {
        var check = new Validation();
        var asked = new[] { wg, organisationId, room }.Count(q => q is not null);
        if (asked != 1)
            check.Add("query", "Ask for one of: wg (with sur for one pre-session), organisationId, room.");
        if (sur is not null && wg is null)
            check.Add("sur", "A pre-session is asked for with its wg and sur.");
        var cursor = 0L;
        if (after is not null && !(long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out cursor) && cursor > 0))
            check.Add("after", "The cursor is the `next` of the previous page.");
        var size = MaxPage;
        if (limit is not null && !(int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) && size is >= 1 and <= MaxPage))
            check.Add("limit", $"Give a whole number from 1 to {MaxPage}.");
        if (!check.IsValid)
            return Decision<AuditResponse>.Malformed(check);

        // The grains first append what their states still hold, so the page has every acknowledged change.
        AuditQuery query;
        if (organisationId is not null)
        {
            var id = check.OrganisationId(organisationId);
            if (!check.IsValid)
                return Decision<AuditResponse>.Malformed(check);
            await grains.GetGrain<IOrganisationGrain>(id).FlushAudit();
            query = new AuditQuery(OrganisationId: id);
        }
        else if (room is not null)
        {
            var name = check.Room(room);
            if (!check.IsValid)
                return Decision<AuditResponse>.Malformed(check);
            await grains.GetGrain<IRoomGrain>(name).FlushAudit();
            query = new AuditQuery(Room: name);
        }
        else if (sur is not null)
        {
            var key = check.PreSession(wg!, sur);
            if (!check.IsValid)
                return Decision<AuditResponse>.Malformed(check);
            await Task.WhenAll(Flushed(grains, key));
            query = new AuditQuery(key.Wg, key.Sur);
        }
        else
        {
            var number = check.Wg(wg!);
            if (!check.IsValid)
                return Decision<AuditResponse>.Malformed(check);
            if (await grains.GetGrain<IWgSessionGrain>(number).GetView() is not { } view)
                return Decision<AuditResponse>.Refused(new Refusal(RefusalKind.NotFound, $"There is no WG session {number}."));
            await Task.WhenAll(view.PreSessions.SelectMany(p => Flushed(grains, p.Key)).Concat(Flushed(grains, number)));
            query = new AuditQuery(number);
        }

        var page = await grains.GetGrain<IAuditGrain>(0).Read(query, cursor, size);
        return Decision<AuditResponse>.Decided(new AuditResponse(
            [.. page.Entries.Select(Entry)],
            page.Next?.ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>The grains that keep a pre-session's entries, each keyed by the pre-session.</summary>
    private static readonly Type[] OfPreSession =
        [typeof(IPreSessionGrain), typeof(ILiveTimerGrain), typeof(IRecommendationsGrain), typeof(IStatementsGrain), typeof(IAttendanceGrain)];

    /// <summary>The grains that keep a WG session's own entries (its pre-sessions' are theirs), each keyed by its number.</summary>
    private static readonly Type[] OfWgSession = [typeof(IWgSessionGrain), typeof(IScheduleReleasesGrain), typeof(IInvitationsGrain)];

    private static IEnumerable<Task> Flushed(IGrainFactory grains, PreSessionKey key) =>
        OfPreSession.Select(grain => ((IAuditedGrain)grains.GetGrain(grain, key.GrainKey)).FlushAudit());

    private static IEnumerable<Task> Flushed(IGrainFactory grains, int wg) =>
        OfWgSession.Select(grain => ((IAuditedGrain)grains.GetGrain(grain, wg)).FlushAudit());

    private static AuditEntryResponse Entry(LoggedAuditEntry logged)
    {
        var e = logged.Entry;
        return new(e.At.UtcDateTime, e.Actor, e.Action, logged.Wg, logged.Sur, e.Subject, e.Detail, e.TraceId);
    }
}
