using System.Collections.Immutable;

namespace PreSessions;

[GenerateSerializer, Immutable]
public sealed record WgSessionState : IAuditedState<WgSessionState>
{
    [Id(0)] public WgSessionDetails? Details { get; init; }

    /// <summary>The week's pre-sessions by SuR code.</summary>
    [Id(1)] public ImmutableDictionary<string, PreSessionPlan> Plans { get; init; } = ImmutableDictionary<string, PreSessionPlan>.Empty;

    /// <summary>SuRs whose pre-session and State under Review may not know the latest plan yet: hand-offs to finish.</summary>
    [Id(2)] public ImmutableHashSet<string> Unsent { get; init; } = [];

    /// <summary>The outbox: entries of this record's stored changes, written with them, that the audit log may not hold yet (see <see cref="AuditOutbox"/>).</summary>
    [Id(3)] public ImmutableList<AuditEntry> AuditLog { get; init; } = [];
    /// <summary>How many of this record's audit entries the audit log held when this state was written: the number of the outbox's first.</summary>
    [Id(20)] public long AuditAppended { get; init; }

    public WgSessionState WithOutbox(ImmutableList<AuditEntry> outbox, long appended) => this with { AuditLog = outbox, AuditAppended = appended };
}
