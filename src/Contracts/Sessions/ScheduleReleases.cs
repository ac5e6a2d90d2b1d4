using System.Collections.Immutable;

namespace PreSessions;

/// <summary>How firm a release is: provisional until the UN confirms the dates and the venue.</summary>
public enum ReleaseStatus { Provisional, Confirmed }

/// <summary>How one pre-session stands in a release, as a calendar event's STATUS says it.</summary>
public enum ReleasedStatus { Tentative, Confirmed, Cancelled }

/// <summary>
/// What the operator publishes. <see cref="Cancelled"/> lists the week's pre-sessions this release drops (they will not
/// be held); null keeps those the previous release dropped, an empty list drops none.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ReleaseRequest(
    [property: Id(0)] ReleaseStatus Status,
    [property: Id(1)] string Changelog,
    [property: Id(2)] ImmutableArray<string>? Cancelled);

/// <summary>
/// One pre-session as a release published it. <see cref="Sequence"/> counts the releases that changed what its calendar
/// event shows (time, length, room, venue, title, status), from 0 when it was first published; <see cref="RevisedAt"/> is
/// when the last of them was published.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ReleasedPreSession(
    [property: Id(0)] string Sur,
    [property: Id(1)] string StateName,
    [property: Id(2)] DateTimeOffset StartsAt,
    [property: Id(3)] DateTimeOffset EndsAt,
    [property: Id(4)] string Room,
    [property: Id(5)] ReleasedStatus Status,
    [property: Id(6)] int Sequence,
    [property: Id(7)] DateTimeOffset RevisedAt);

/// <summary>A published version of a WG session's week: a snapshot of its schedule with the operator's changelog.</summary>
[GenerateSerializer, Immutable]
public sealed record ScheduleRelease(
    [property: Id(0)] int Number,
    [property: Id(1)] ReleaseStatus Status,
    [property: Id(2)] string Changelog,
    [property: Id(3)] DateTimeOffset PublishedAt,
    [property: Id(4)] string Title,
    [property: Id(5)] string Venue,
    [property: Id(6)] ImmutableArray<ReleasedPreSession> PreSessions,
    [property: Id(7)] string? IdempotencyKey);

/// <summary>
/// The releases of one WG session's schedule, keyed by the WG number. It reads the week from the WG session when it
/// publishes (the WG session never calls it, so the call graph stays a tree) and keeps every release it published.
/// </summary>
public interface IScheduleReleasesGrain : IGrainWithIntegerKey, IAuditedGrain
{
    /// <summary>
    /// Publishes the week as it stands now. A request again with the same idempotency key answers the release it
    /// published, and publishes nothing more. Not found: no such WG session; conflict: no pre-session to publish, or a
    /// cancelled SuR that is no pre-session of the week.
    /// </summary>
    Task<Outcome<ScheduleRelease>> Publish(ReleaseRequest request, string? idempotencyKey);

    /// <summary>Every release, the first first.</summary>
    Task<ImmutableArray<ScheduleRelease>> GetReleases();
}
