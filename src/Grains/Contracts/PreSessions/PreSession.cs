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

/// <summary>What the WG session hands down to each of its pre-sessions.</summary>
[GenerateSerializer, Immutable]
public sealed record PreSessionSchedule(
    [property: Id(0)] PreSessionPlan Plan,
    [property: Id(1)] string StateName,
    [property: Id(2)] DateTimeOffset? ApplicationsClose);

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
    [property: Id(5)] int SeatsTaken);
