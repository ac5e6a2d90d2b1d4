using Orleans.Concurrency;

namespace PreSessions;

/// <summary>
/// A pre-session's live timer, keyed like its pre-session (<see cref="PreSessionKey.GrainKey"/>): driven by its room's
/// console, followed by the room's screens, and the running order once it has started. It reads its pre-session for
/// the room and the planned running order; the reads marked <see cref="AlwaysInterleaveAttribute"/> show the
/// committed timer and never wait behind a command's write.
/// </summary>
public interface ILiveTimerGrain : IGrainWithStringKey, IAuditedGrain
{
    /// <summary>Null: no pre-session.</summary>
    [AlwaysInterleave]
    Task<TimerSnapshot?> GetTimer();

    /// <summary>
    /// A console's command, stored before it is answered. <paramref name="consoleRoom"/> is the room of the console
    /// token, or null for the operator; a console drives only its own room's timers. A command whose idempotency key
    /// was seen recently is answered with the current timer and not applied again.
    /// </summary>
    Task<Outcome<TimerSnapshot>> Command(TimerCommand command, TimeSpan extension, string? consoleRoom, string? idempotencyKey);

    /// <summary>Shows a message on the speaker's screen until cleared (null) or the floor passes on.</summary>
    Task<Outcome<TimerSnapshot>> SayToSpeaker(string? message, string? consoleRoom);

    /// <summary>The running order: the one the timer runs once it has started, else the pre-session's. Null: no pre-session.</summary>
    [AlwaysInterleave]
    Task<Rundown?> GetRundown();

    /// <summary>
    /// Sets the pre-session's running order (speakers must be on the panel), or with null derives it again; refused
    /// once the timer has started. Decided here, so that no start slips in between the check and the change.
    /// </summary>
    Task<Outcome<Rundown>> SetRundown(IReadOnlyList<RundownItem>? items);

    /// <summary>Time allotted and used per item, for the operator (null) or a console of the pre-session's room.</summary>
    [AlwaysInterleave]
    Task<Outcome<TimeReport>> GetTimeReport(string? consoleRoom);

    /// <summary>Subscribes (or renews) a gateway's feed for <see cref="FeedLease.Duration"/>; answers the timer so the feed can catch up.</summary>
    [AlwaysInterleave]
    Task<TimerSnapshot?> Subscribe(ITimerObserver observer);

    [AlwaysInterleave]
    Task Unsubscribe(ITimerObserver observer);
}

/// <summary>
/// What a pre-session's live timer runs, as the pre-session plans it: the room it meets in and the running order
/// (the operator's, or derived from the panel and the hour).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record TimerPlan([property: Id(0)] string Room, [property: Id(1)] Rundown Rundown);

/// <summary>A gateway's subscription to a timer or a room lapses unless renewed within this; a feed renews well inside it.</summary>
public static class FeedLease
{
    public static readonly TimeSpan Duration = TimeSpan.FromMinutes(1);
}
