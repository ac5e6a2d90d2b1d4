using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using PreSessions.Gateway.Auth;
using PreSessions.Gateway.Hosting;
using PreSessions.Gateway.Live;

namespace PreSessions.Gateway.Apis;

public sealed record ConsoleTokenResponse(string Room, string Id, string Token);

public sealed record ConsoleTokenItem(string Id, DateTime IssuedAt);

public sealed record RoomBookingResponse(int Wg, string Sur, string StateName, DateTime StartsAt, DateTime EndsAt);

public sealed record RoomResponse(string Room, LivePreSession? Live, RoomBookingResponse[] PreSessions);

/// <summary>The venue's rooms: their pre-sessions, their consoles' tokens, and the live feed their screens follow.</summary>
public static class RoomsApi
{
    public const int MaxRoomName = 100;

    public static IEndpointRouteBuilder MapRoomsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/rooms/{room}").WithTags("Rooms");
        api.MapGet("/", Get).AllowAnonymous()
            .WithName("getRoom").WithSummary("A room: its bookings and the pre-session live in it");
        api.MapPost("/console-tokens", IssueConsoleToken).RequireAuthorization(Roles.Operator)
            .WithName("issueConsoleToken").WithSummary("The operator issues a console token for the room; shown this once");
        api.MapGet("/console-tokens", ConsoleTokens).RequireAuthorization(Roles.Operator)
            .WithName("listConsoleTokens").WithSummary("The room's console tokens (ids and dates, never the tokens)");
        api.MapDelete("/console-tokens/{tokenId}", RevokeConsoleToken).RequireAuthorization(Roles.Operator)
            .WithName("revokeConsoleToken").WithSummary("The operator revokes a console token");
        api.MapGet("/events", Events).AllowAnonymous().RequireRateLimiting(RequestLimits.EventStreams)
            .Produces<string>(StatusCodes.Status200OK, "text/event-stream")
            .WithName("followRoom").WithSummary("Server-sent events: the room's live pre-session and its timer, as they change");
        return app;
    }

    private static async Task<Results<Ok<RoomResponse>, ValidationProblem, ProblemHttpResult>> Get(string room, IGrainFactory grains)
    {
        var check = new Validation();
        var name = check.Room(room);
        if (!check.IsValid)
            return check.Problem();
        if (await grains.GetGrain<IRoomGrain>(name).GetView() is not { } view)
            return Problems.NotFound($"No pre-session is booked in the room \"{name}\".");
        return TypedResults.Ok(new RoomResponse(view.Live.Room, view.Live.PreSession is { } live ? new(live.Wg, live.Sur) : null,
            [.. view.Bookings.Select(b => new RoomBookingResponse(b.Key.Wg, b.Key.Sur, b.StateName, b.StartsAt.UtcDateTime, b.EndsAt.UtcDateTime))]));
    }

    /// <summary>The token is shown once, here; the room keeps only its hash.</summary>
    private static async Task<Results<Created<ConsoleTokenResponse>, ValidationProblem>> IssueConsoleToken(string room, IGrainFactory grains)
    {
        var issued = await ConsoleTokenIssued(room, grains);
        return issued.Invalid is { } check ? check.Problem() : TypedResults.Created((string?)null, issued.Value!);
    }

    /// <summary>An issue's rules and grain call, for the API and the operator's room page: the token, shown once.</summary>
    public static async Task<Decision<ConsoleTokenResponse>> ConsoleTokenIssued(string room, IGrainFactory grains)
    {
        var check = new Validation();
        var name = check.Room(room);
        if (!check.IsValid)
            return Decision<ConsoleTokenResponse>.Malformed(check);
        var token = Tokens.NewConsole(name);
        var issued = await grains.GetGrain<IRoomGrain>(name).IssueConsoleToken(Tokens.Hash(token));
        return Decision<ConsoleTokenResponse>.Decided(new ConsoleTokenResponse(name, issued.Id, token));
    }

    private static async Task<Results<Ok<ConsoleTokenItem[]>, ValidationProblem>> ConsoleTokens(string room, IGrainFactory grains)
    {
        var listed = await ConsoleTokensOf(room, grains);
        return listed.Invalid is { } check ? check.Problem() : TypedResults.Ok(listed.Value!);
    }

    /// <summary>The room's console tokens by id and date: enough to revoke one, nothing to drive a timer with.</summary>
    public static async Task<Decision<ConsoleTokenItem[]>> ConsoleTokensOf(string room, IGrainFactory grains)
    {
        var check = new Validation();
        var name = check.Room(room);
        if (!check.IsValid)
            return Decision<ConsoleTokenItem[]>.Malformed(check);
        var tokens = await grains.GetGrain<IRoomGrain>(name).GetConsoleTokens();
        return Decision<ConsoleTokenItem[]>.Decided([.. tokens.Select(t => new ConsoleTokenItem(t.Id, t.IssuedAt.UtcDateTime))]);
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> RevokeConsoleToken(
        string room, string tokenId, IGrainFactory grains) =>
        (await ConsoleTokenRevoked(room, tokenId, grains)).Answer(_ => TypedResults.NoContent());

    /// <summary>A lost or stolen console's token: refused from the next request on, on every gateway. The API and the room page.</summary>
    public static async Task<Decision<bool>> ConsoleTokenRevoked(string room, string tokenId, IGrainFactory grains)
    {
        var check = new Validation();
        var name = check.Room(room);
        if (!check.IsValid)
            return Decision<bool>.Malformed(check);
        return await grains.GetGrain<IRoomGrain>(name).RevokeConsoleToken(tokenId)
            ? Decision<bool>.Decided(true)
            : Decision<bool>.Refused(new Refusal(RefusalKind.NotFound, $"The room \"{name}\" has no console token {tokenId}."));
    }

    /// <summary>Whatever is live in the room: a "room" event when that changes, then the live pre-session's timer.</summary>
    private static async Task<IResult> Events(
        string room, IGrainFactory grains, LiveFeeds feeds, IOptions<LiveOptions> options, TimeProvider clock,
        CancellationToken disconnected)
    {
        var check = new Validation();
        var name = check.Room(room);
        if (!check.IsValid)
            return check.Problem();
        // Following before reading: a change between the two comes through the feed, a newer version than the read.
        var roomFeed = feeds.FollowRoom(name, grains);
        if (await roomFeed.BeginWith(() => grains.GetGrain<IRoomGrain>(name).GetView()) is not { } view)
            return Problems.NotFound($"No pre-session is booked in the room \"{name}\".");
        return TypedResults.ServerSentEvents(EventStreams.Room(view.Live, async key =>
        {
            var timer = feeds.FollowTimer(key, grains);
            return await timer.BeginWith(() => grains.GetGrain<ILiveTimerGrain>(key.GrainKey).GetTimer()) is { } now
                ? (now, timer)
                : null;
        }, roomFeed, feeds.Connection("room"), options.Value.Heartbeat, clock, disconnected));
    }
}
