using System.Collections.Immutable;

namespace PreSessions;

[GenerateSerializer, Immutable]
public sealed record WgSessionState
{
    [Id(0)] public WgSessionDetails? Details { get; init; }

    /// <summary>The week's pre-sessions by SuR code.</summary>
    [Id(1)] public ImmutableDictionary<string, PreSessionPlan> Plans { get; init; } = ImmutableDictionary<string, PreSessionPlan>.Empty;

    /// <summary>SuRs whose pre-session and State under Review may not know the latest plan yet: hand-offs to finish.</summary>
    [Id(2)] public ImmutableHashSet<string> Unsent { get; init; } = [];

    /// <summary>Every change, never edited: who, what, when, which trace.</summary>
    [Id(3)] public ImmutableList<AuditEntry> AuditLog { get; init; } = [];
}
