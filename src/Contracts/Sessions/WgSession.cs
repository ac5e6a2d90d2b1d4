using System.Collections.Immutable;

namespace PreSessions;

/// <summary>
/// A WG session's details and its call for applications: open from <c>ApplicationsOpen</c> (null: from the start)
/// until <c>ApplicationsClose</c> (null: each pre-session's start, see <see cref="CallWindow"/>); statements are due
/// at <c>StatementsDue</c> (null: two weeks before each pre-session).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record WgSessionDetails(
    [property: Id(0)] string Title,
    [property: Id(1)] string Venue,
    [property: Id(2)] bool Provisional,
    [property: Id(3)] DateTimeOffset? ApplicationsClose,
    [property: Id(4)] DateTimeOffset? ApplicationsOpen = null,
    [property: Id(5)] DateTimeOffset? StatementsDue = null);

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
