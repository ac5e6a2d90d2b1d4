using System.Collections.Immutable;
using Orleans.Concurrency;

namespace PreSessions;

/// <summary>What a rundown item is: who has the floor.</summary>
public enum RundownItemKind
{
    /// <summary>The State under Review's opening, when it takes the floor.</summary>
    Opening,
    /// <summary>A panel speaker (a CSO or NHRI).</summary>
    Speaker,
    /// <summary>The moderator's questions to the panel.</summary>
    Moderator,
    /// <summary>The Permanent Missions' questions and answers.</summary>
    Qa,
    Closing,
}

/// <summary>One item of a pre-session's hour. Speakers are named by organisation, never by the person.</summary>
[GenerateSerializer, Immutable]
public sealed record RundownItem(
    [property: Id(0)] RundownItemKind Kind,
    [property: Id(1)] string Title,
    [property: Id(2)] string? OrganisationId,
    [property: Id(3)] TimeSpan Allotted);

/// <summary>A pre-session's running order. Derived from the panel and the hour unless the operator set it.</summary>
[GenerateSerializer, Immutable]
public sealed record Rundown(
    [property: Id(0)] ImmutableArray<RundownItem> Items,
    [property: Id(1)] bool Derived);

public enum TimerState { Idle, Running, Paused, Ended }

public enum TimerCommand { Start, Pause, Resume, Next, Previous, Extend, End }

/// <summary>
/// The timer as of <see cref="ServerTime"/>. Displays render from <see cref="Deadline"/> with their own clock, corrected
/// by the offset they estimate from <see cref="ServerTime"/>, so they need one message per change, not one per second.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record TimerSnapshot(
    [property: Id(0)] PreSessionKey Key,
    [property: Id(1)] string Room,
    [property: Id(2)] TimerState State,
    [property: Id(3)] RundownItem? Item,
    [property: Id(4)] int ItemIndex,
    [property: Id(5)] int ItemCount,
    [property: Id(6)] RundownItem? NextItem,
    [property: Id(7)] TimeSpan Remaining,
    [property: Id(8)] DateTimeOffset? Deadline,
    [property: Id(9)] DateTimeOffset ServerTime,
    [property: Id(10)] long Version,
    [property: Id(11)] TimeSpan Warning,
    [property: Id(12)] string? Message);

/// <summary>Fair time accounting for one item: its allotment (extensions included), the time it ran, and the overrun.</summary>
[GenerateSerializer, Immutable]
public sealed record ItemTime(
    [property: Id(0)] int Index,
    [property: Id(1)] RundownItem Item,
    [property: Id(2)] TimeSpan Allotted,
    [property: Id(3)] TimeSpan Used)
{
    public TimeSpan Overrun => Used > Allotted ? Used - Allotted : TimeSpan.Zero;
}

[GenerateSerializer, Immutable]
public sealed record TimeReport(
    [property: Id(0)] PreSessionKey Key,
    [property: Id(1)] TimerState State,
    [property: Id(2)] ImmutableArray<ItemTime> Items)
{
    public TimeSpan Allotted => Items.Aggregate(TimeSpan.Zero, (sum, i) => sum + i.Allotted);
    public TimeSpan Used => Items.Aggregate(TimeSpan.Zero, (sum, i) => sum + i.Used);
    public TimeSpan Overrun => Items.Aggregate(TimeSpan.Zero, (sum, i) => sum + i.Overrun);
}

/// <summary>A gateway's subscription to a pre-session's timer: one per gateway, which fans out to its displays.</summary>
public interface ITimerObserver : IGrainObserver
{
    [OneWay]
    Task Changed(TimerSnapshot snapshot);
}

/// <summary>A gateway's subscription to a room: which pre-session is live there.</summary>
public interface IRoomObserver : IGrainObserver
{
    [OneWay]
    Task LiveChanged(RoomLive live);
}

/// <summary>Which pre-session's timer is live in a room; <see cref="Version"/> counts the changes.</summary>
[GenerateSerializer, Immutable]
public sealed record RoomLive(
    [property: Id(0)] string Room,
    [property: Id(1)] PreSessionKey? PreSession,
    [property: Id(2)] long Version);

/// <summary>A pre-session meeting in a room.</summary>
[GenerateSerializer, Immutable]
public sealed record RoomBooking(
    [property: Id(0)] PreSessionKey Key,
    [property: Id(1)] string StateName,
    [property: Id(2)] DateTimeOffset StartsAt,
    [property: Id(3)] DateTimeOffset EndsAt);

[GenerateSerializer, Immutable]
public sealed record RoomView(
    [property: Id(0)] RoomLive Live,
    [property: Id(1)] ImmutableArray<RoomBooking> Bookings);

/// <summary>A console token as operators see it: an id to revoke it by, and when it was issued. Never the token.</summary>
[GenerateSerializer, Immutable]
public sealed record ConsoleTokenInfo([property: Id(0)] string Id, [property: Id(1)] DateTimeOffset IssuedAt);
