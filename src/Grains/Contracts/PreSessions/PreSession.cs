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
    public DateTimeOffset EndsAt => StartsAt.AddMinutes(DurationMinutes);
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
