using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Options;
using PreSessions.Gateway.Auth;
using PreSessions.Gateway.Hosting;
using PreSessions.Gateway.Live;

namespace PreSessions.Gateway.Apis;

public sealed record RundownItemResponse(string Kind, string Title, string? OrganisationId, long AllottedMs);

/// <summary>The timer as displays see it; <c>deadline</c> only while running, <c>remainingMs</c> negative in overrun.</summary>
public sealed record TimerResponse(
    int Wg, string Sur, string Room, string State, RundownItemResponse? Item, int ItemIndex, int ItemCount,
    RundownItemResponse? NextItem, long RemainingMs, DateTime? Deadline, DateTime ServerTime, long Version,
    long WarningMs, string? Message)
{
    public static TimerResponse From(TimerSnapshot s) => new(
        s.Key.Wg, s.Key.Sur, s.Room, s.State.Name(), Describe(s.Item), s.ItemIndex, s.ItemCount, Describe(s.NextItem),
        (long)s.Remaining.TotalMilliseconds, s.Deadline?.UtcDateTime, s.ServerTime.UtcDateTime, s.Version,
        (long)s.Warning.TotalMilliseconds, s.Message);

    private static RundownItemResponse? Describe(RundownItem? item) => item is null ? null
        : new(item.Kind.Name(), item.Title, item.OrganisationId, (long)item.Allotted.TotalMilliseconds);
}

public sealed record ExtendRequest(int? Seconds);

public sealed record MessageRequest(string? Text);

/// <summary>
/// The live timer of a pre-session: read by anyone, driven by its room's console or the operator, pushed to displays
/// as server-sent events. Every command is stored before it is answered.
/// </summary>
public static class TimersApi
{
    public const int MaxMessage = 200;
    public const int MaxExtensionSeconds = 3600;
    public const int MaxShorteningSeconds = 600;

    private static readonly IReadOnlyDictionary<string, TimerCommand> Commands =
        Enum.GetValues<TimerCommand>().ToDictionary(c => c.Name());

    public static IEndpointRouteBuilder MapTimersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/wg-sessions/{wg}/pre-sessions/{sur}/timer").WithTags("Live timer");
        api.MapGet("/", Get).AllowAnonymous()
            .WithName("getTimer").WithSummary("The live timer: the item on the floor, its time left, the state");
        api.MapPost("/{command}", Command).RequireAuthorization(Roles.Timekeeper)
            .WithName("commandTimer").WithSummary("The room's console drives the timer: start, pause, resume, next, previous, extend, end").ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPut("/message", Say).RequireAuthorization(Roles.Timekeeper)
            .WithName("setSpeakerMessage").WithSummary("A message on the speaker's screen until cleared or the floor passes on").ProducesProblem(StatusCodes.Status409Conflict);
        api.MapDelete("/message", ClearMessage).RequireAuthorization(Roles.Timekeeper)
            .WithName("clearSpeakerMessage").WithSummary("Clears the message on the speaker's screen").ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/events", Events).AllowAnonymous().RequireRateLimiting(RequestLimits.EventStreams)
            .Produces<string>(StatusCodes.Status200OK, "text/event-stream")
            .WithName("followTimer").WithSummary("Server-sent events: the timer, as it changes");
        return app;
    }

    private static async Task<Results<Ok<TimerResponse>, ValidationProblem, ProblemHttpResult>> Get(
        string wg, string sur, IGrainFactory grains)
    {
        var check = new Validation();
        var key = check.PreSession(wg, sur);
        if (!check.IsValid)
            return check.Problem();
        return await grains.GetGrain<ILiveTimerGrain>(key.GrainKey).GetTimer() is { } snapshot
            ? TypedResults.Ok(TimerResponse.From(snapshot))
            : Problems.NotFound($"There is no pre-session {key}.");
    }

    private static async Task<Results<Ok<TimerResponse>, ValidationProblem, ProblemHttpResult>> Command(
        string wg, string sur, string command,
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] ExtendRequest? body,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        ClaimsPrincipal caller, IGrainFactory grains)
    {
        var check = new Validation();
        var key = check.PreSession(wg, sur);
        var replayKey = check.IdempotencyKey(idempotencyKey);
        if (!Commands.TryGetValue(command, out var timerCommand))
            return Problems.NotFound($"There is no timer command \"{command}\"; the commands are {string.Join(", ", Commands.Keys)}.");
        var extension = TimeSpan.Zero;
        if (timerCommand is TimerCommand.Extend)
        {
            var seconds = check.Number("seconds", body?.Seconds, -MaxShorteningSeconds, MaxExtensionSeconds);
            if (body?.Seconds is not null && seconds == 0)
                check.Add("seconds", "Extend by a number of seconds other than 0.");
            extension = TimeSpan.FromSeconds(seconds);
        }
        if (!check.IsValid)
            return check.Problem();

        var outcome = await grains.GetGrain<ILiveTimerGrain>(key.GrainKey)
            .Command(timerCommand, extension, caller.ConsoleRoom(), replayKey);
        return outcome.Refusal is { } refusal ? Problems.Refused(refusal) : TypedResults.Ok(TimerResponse.From(outcome.Value!));
    }

    private static Task<Results<Ok<TimerResponse>, ValidationProblem, ProblemHttpResult>> Say(
        string wg, string sur, [FromBody] MessageRequest body, ClaimsPrincipal caller, IGrainFactory grains)
    {
        var check = new Validation();
        var text = check.Text("text", body.Text, MaxMessage);
        return Tell(check, wg, sur, text, caller, grains);
    }

    private static Task<Results<Ok<TimerResponse>, ValidationProblem, ProblemHttpResult>> ClearMessage(
        string wg, string sur, ClaimsPrincipal caller, IGrainFactory grains) =>
        Tell(new Validation(), wg, sur, null, caller, grains);

    private static async Task<Results<Ok<TimerResponse>, ValidationProblem, ProblemHttpResult>> Tell(
        Validation check, string wg, string sur, string? message, ClaimsPrincipal caller, IGrainFactory grains)
    {
        var key = check.PreSession(wg, sur);
        if (!check.IsValid)
            return check.Problem();
        var outcome = await grains.GetGrain<ILiveTimerGrain>(key.GrainKey).SayToSpeaker(message, caller.ConsoleRoom());
        return outcome.Refusal is { } refusal ? Problems.Refused(refusal) : TypedResults.Ok(TimerResponse.From(outcome.Value!));
    }

    /// <summary>The timer now, then each change, with heartbeats; a display that reconnects gets the timer now again.</summary>
    private static async Task<IResult> Events(
        string wg, string sur, IGrainFactory grains, LiveFeeds feeds, IOptions<LiveOptions> options, TimeProvider clock,
        CancellationToken disconnected)
    {
        var check = new Validation();
        var key = check.PreSession(wg, sur);
        if (!check.IsValid)
            return check.Problem();
        // Following before reading: a change between the two comes through the feed, a newer version than the read.
        var feed = feeds.FollowTimer(key, grains);
        var now = await feed.BeginWith(() => grains.GetGrain<ILiveTimerGrain>(key.GrainKey).GetTimer());
        if (now is null)
            return Problems.NotFound($"There is no pre-session {key}.");
        return TypedResults.ServerSentEvents(
            EventStreams.Timer(now, feed, feeds.Connection("timer"), options.Value.Heartbeat, clock, disconnected));
    }
}
