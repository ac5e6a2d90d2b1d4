using System.Collections.Immutable;
using Microsoft.Extensions.Logging;

namespace PreSessions;

[GenerateSerializer, Immutable]
public sealed record RecommendationsState
{
    [Id(0)] public ImmutableArray<Recommendation> Recommendations { get; init; } = [];

    /// <summary>The outbox: entries of this record's stored changes, written with them, that the audit log may not hold yet (see <see cref="AuditOutbox"/>).</summary>
    [Id(1)] public ImmutableList<AuditEntry> AuditLog { get; init; } = [];

    /// <summary>How many of this record's audit entries the audit log held when this state was written: the number of the outbox's first.</summary>
    [Id(2)] public long AuditAppended { get; init; }
}

/// <summary>
/// One pre-session's previous-cycle recommendations. An import replaces the whole set in one write, so a reader sees
/// the old set or the new one, never half of either.
/// </summary>
public sealed class RecommendationsGrain(
    [PersistentState("recommendations", StorageNames.Grains)] IPersistentState<RecommendationsState> storage,
    IAuditLog auditLog,
    TimeProvider clock,
    ILogger<RecommendationsGrain> logger)
    : Grain, IRecommendationsGrain
{
    private GroupCommit<RecommendationsState> _commit = null!;
    private AuditOutbox _audit = null!;

    private PreSessionKey Key => PreSessionKey.Parse(this.GetPrimaryKeyString());

    private RecommendationsState State
    {
        get => storage.State;
        set => storage.State = value;
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _commit = new GroupCommit<RecommendationsState>(storage, DeactivateOnIdle);
        _audit = new AuditOutbox(auditLog, new AuditSource($"recommendations/{Key}", Key.Wg, Key.Sur), logger);
        _commit.Written = () => _audit.FlushLater(FlushAudit);
        return Task.CompletedTask;
    }

    public async Task FlushAudit()
    {
        var through = await _audit.Flush(_commit.Committed.AuditLog, _commit.Committed.AuditAppended);
        var (outbox, first) = AuditOutbox.Trim(State.AuditLog, State.AuditAppended, through);
        State = State with { AuditLog = outbox, AuditAppended = first };
    }

    public async Task<Outcome<int>> Replace(ImmutableArray<Recommendation> recommendations)
    {
        if (await GrainFactory.GetGrain<IPreSessionGrain>(Key.GrainKey).GetView() is null)
            return Outcome<int>.NotFound($"There is no pre-session {Key}.");
        if (State.Recommendations.SequenceEqual(recommendations))
        {
            await _commit.Durable();
            return Outcome<int>.Ok(recommendations.Length);
        }
        State = State with
        {
            Recommendations = recommendations,
            AuditLog = State.AuditLog.Add(Audit.Entry(clock.GetUtcNow(), "recommendations.imported",
                subject: Key.GrainKey, detail: $"{recommendations.Length} recommendations")),
        };
        await _commit.Commit();
        return Outcome<int>.Ok(recommendations.Length);
    }

    public Task<ImmutableArray<Recommendation>> GetRecommendations() => Task.FromResult(_commit.Committed.Recommendations);
}
