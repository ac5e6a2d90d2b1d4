using System.Collections.Immutable;

namespace PreSessions;

[GenerateSerializer, Immutable]
public sealed record WgSessionDetails(
    [property: Id(0)] string Title,
    [property: Id(1)] string Venue,
    [property: Id(2)] bool Provisional,
    [property: Id(3)] DateTimeOffset? ApplicationsClose);

/// <summary>A WG session's week: its details and its pre-sessions ordered by start.</summary>
[GenerateSerializer, Immutable]
public sealed record WgSessionView(
    [property: Id(0)] int Wg,
    [property: Id(1)] WgSessionDetails Details,
    [property: Id(2)] ImmutableArray<PreSessionView> PreSessions);

[GenerateSerializer, Immutable]
public sealed record StateUnderReviewView(
    [property: Id(0)] string Code,
    [property: Id(1)] string Name,
    [property: Id(2)] ImmutableArray<int> WgSessions);
