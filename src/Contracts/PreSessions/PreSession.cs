using System.Collections.Immutable;

namespace PreSessions;

/// <summary>What an organiser sets for one pre-session.</summary>
[GenerateSerializer, Immutable]
public sealed record PreSessionPlan(
    [property: Id(0)] DateTimeOffset StartsAt,
    [property: Id(1)] int DurationMinutes,
    [property: Id(2)] string Room,
    [property: Id(3)] int PanelSize,
    [property: Id(4)] int Seats)
{
    /// <summary>
    /// This pre-session's own closing time for applications, in place of the WG session's: the call extended (or cut
    /// short) for one State. Null: the WG session's.
    /// </summary>
    [Id(5)] public DateTimeOffset? ApplicationsClose { get; init; }

    /// <summary>First come, first served (the default, also for plans stored before it was asked), or the operator's review.</summary>
    [Id(6)] public SelectionMode Selection { get; init; }

    /// <summary>Below this many applications the balance warns; null: <see cref="DefaultMinimumApplications"/>.</summary>
    [Id(7)] public int? MinimumApplications { get; init; }

    public const int DefaultMinimumApplications = 3;

    public int MinimumApplicationsOrDefault => MinimumApplications ?? DefaultMinimumApplications;

    /// <summary>One panel place is kept for the NHRI of the State under Review (see <c>PanelSelection</c>).</summary>
    [Id(8)] public bool ReserveNhriPlace { get; init; }

    public const int MinDurationMinutes = 15;
    public const int MaxDurationMinutes = 240;

    /// <summary>
    /// In UTC. It saturates instead of throwing, so that a plan stored before the bounds of <see cref="Refusal"/> existed
    /// (issue 16: one ending past year 9999) can never make a read fail.
    /// </summary>
    public DateTimeOffset EndsAt
    {
        get
        {
            var ticks = StartsAt.UtcTicks + DurationMinutes * TimeSpan.TicksPerMinute;
            return new DateTimeOffset(Math.Clamp(ticks, DateTimeOffset.MinValue.UtcTicks, DateTimeOffset.MaxValue.UtcTicks), TimeSpan.Zero);
        }
    }

    /// <summary>Why no pre-session may have this plan, or null: it starts and ends within <see cref="Instants"/> and lasts a sane time.</summary>
    public string? Refusal =>
        !Instants.Accepts(StartsAt) ? $"A pre-session starts {Instants.Rule}."
        : DurationMinutes is < MinDurationMinutes or > MaxDurationMinutes ? $"A pre-session lasts {MinDurationMinutes} to {MaxDurationMinutes} minutes."
        : EndsAt > Instants.End ? $"A pre-session ends by {Instants.End.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}: start it earlier or make it shorter."
        : null;
}

public enum SelectionMode { FirstComeFirstServed, Review }

/// <summary>The operator's choice in review mode: organisation ids in speaking order, then the waitlist's order.</summary>
[GenerateSerializer, Immutable]
public sealed record SelectionDecision(
    [property: Id(0)] ImmutableArray<string> Panel,
    [property: Id(1)] ImmutableArray<string> Waitlist,
    [property: Id(2)] ImmutableArray<string> Declined);

/// <summary>What the WG session hands down to each of its pre-sessions: the plan and the WG session's call.</summary>
[GenerateSerializer, Immutable]
public sealed record PreSessionSchedule(
    [property: Id(0)] PreSessionPlan Plan,
    [property: Id(1)] string StateName,
    [property: Id(2)] DateTimeOffset? ApplicationsClose,
    [property: Id(3)] DateTimeOffset? ApplicationsOpen = null,
    [property: Id(4)] DateTimeOffset? StatementsDue = null)
{
    public CallWindow Window => CallWindow.Of(this);
}

/// <summary>
/// When a pre-session takes applications, open from <c>Opens</c> (null: as soon as it is scheduled) until, not
/// including, <c>Closes</c>; and when statements are due. Without a closing time set, applications close when the
/// pre-session starts: nobody can apply to a meeting that has begun, or to one of a week long past.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record CallWindow(
    [property: Id(0)] DateTimeOffset? Opens,
    [property: Id(1)] DateTimeOffset Closes,
    [property: Id(2)] DateTimeOffset StatementsDue)
{
    /// <summary>Statements are due this long before the pre-session unless the WG session says otherwise.</summary>
    public static readonly TimeSpan StatementsLead = TimeSpan.FromDays(14);

    public static CallWindow Of(PreSessionSchedule schedule) => new(
        schedule.ApplicationsOpen,
        schedule.Plan.ApplicationsClose ?? schedule.ApplicationsClose ?? schedule.Plan.StartsAt,
        schedule.StatementsDue ?? Saturating(schedule.Plan.StartsAt, -StatementsLead));

    public bool IsOpen(DateTimeOffset now) => (Opens is not { } opens || now >= opens) && now < Closes;

    /// <summary>Why an application at <paramref name="now"/> is refused, with the dates, or null while the call is open.</summary>
    public string? Refusal(PreSessionKey key, DateTimeOffset now) =>
        Opens is { } opens && now < opens ? $"Applications to the pre-session {key} open at {Utc(opens)} and close at {Utc(Closes)}."
        : now >= Closes ? $"Applications to the pre-session {key} closed at {Utc(Closes)}."
        : null;

    /// <summary>Round-trip ISO 8601 in UTC, which the pages recognise to write in Geneva's time.</summary>
    private static string Utc(DateTimeOffset instant) => instant.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture);

    private static DateTimeOffset Saturating(DateTimeOffset instant, TimeSpan by) =>
        instant.UtcTicks + by.Ticks < DateTimeOffset.MinValue.UtcTicks ? DateTimeOffset.MinValue : instant + by;
}

[GenerateSerializer, Immutable]
public sealed record PanelSeat(
    [property: Id(0)] string OrganisationId,
    [property: Id(1)] string OrganisationName,
    [property: Id(2)] string SpeakerName,
    [property: Id(3)] int Position,
    [property: Id(4)] bool SpeakerNamePublic = false);

[GenerateSerializer, Immutable]
public sealed record PreSessionView(
    [property: Id(0)] PreSessionKey Key,
    [property: Id(1)] string StateName,
    [property: Id(2)] PreSessionPlan Plan,
    [property: Id(3)] ImmutableArray<PanelSeat> Panel,
    [property: Id(4)] int WaitlistCount,
    [property: Id(5)] int SeatsTaken,
    [property: Id(6)] CallWindow Window,
    [property: Id(7)] int PendingCount = 0);
