using System.Collections.Immutable;

namespace PreSessions;

[GenerateSerializer, Immutable]
public sealed record ScheduleReleasesState : IAuditedState<ScheduleReleasesState>
{
    /// <summary>Every release of the WG session's schedule, the first first; never edited.</summary>
    [Id(0)] public ImmutableList<ScheduleRelease> Releases { get; init; } = [];

    /// <summary>The outbox: entries of this record's stored changes, written with them, that the audit log may not hold yet (see <see cref="AuditOutbox"/>).</summary>
    [Id(1)] public ImmutableList<AuditEntry> AuditLog { get; init; } = [];

    /// <summary>How many of this record's audit entries the audit log held when this state was written: the number of the outbox's first.</summary>
    [Id(2)] public long AuditAppended { get; init; }

    public ScheduleReleasesState WithOutbox(ImmutableList<AuditEntry> outbox, long appended) => this with { AuditLog = outbox, AuditAppended = appended };
}
