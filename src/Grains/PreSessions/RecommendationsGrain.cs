using System.Collections.Immutable;

namespace PreSessions;

[GenerateSerializer, Immutable]
public sealed record RecommendationsState : IAuditedState<RecommendationsState>
{
    [Id(0)] public ImmutableArray<Recommendation> Recommendations { get; init; } = [];

    /// <summary>The outbox: entries of this record's stored changes, written with them, that the audit log may not hold yet (see <see cref="AuditOutbox"/>).</summary>
    [Id(1)] public ImmutableList<AuditEntry> AuditLog { get; init; } = [];

    /// <summary>How many of this record's audit entries the audit log held when this state was written: the number of the outbox's first.</summary>
    [Id(2)] public long AuditAppended { get; init; }

    public RecommendationsState WithOutbox(ImmutableList<AuditEntry> outbox, long appended) => this with { AuditLog = outbox, AuditAppended = appended };
}

/// <summary>
/// One pre-session's previous-cycle recommendations. An import replaces the whole set in one write, so a reader sees
/// the old set or the new one, never half of either.
/// </summary>
public sealed class RecommendationsGrain(
    [PersistentState("recommendations", StorageNames.Grains)] IPersistentState<RecommendationsState> storage)
    : AuditedGrain<RecommendationsState>(storage), IRecommendationsGrain
{
    private PreSessionKey Key => PreSessionKey.Parse(this.GetPrimaryKeyString());

    protected override AuditSource AuditSource => new($"recommendations/{Key}", Key.Wg, Key.Sur);

    public async Task<Outcome<int>> Replace(ImmutableArray<Recommendation> recommendations)
    {
        if (await GrainFactory.GetGrain<IPreSessionGrain>(Key.GrainKey).GetView() is null)
            return Outcome<int>.NotFound($"There is no pre-session {Key}.");
        if (State.Recommendations.SequenceEqual(recommendations))
        {
            await Durable();
            return Outcome<int>.Ok(recommendations.Length);
        }
        State = State with { Recommendations = recommendations };
        Audited("recommendations.imported", subject: Key.GrainKey, detail: $"{recommendations.Length} recommendations");
        await Commit();
        return Outcome<int>.Ok(recommendations.Length);
    }

    public Task<ImmutableArray<Recommendation>> GetRecommendations() => Task.FromResult(Committed.Recommendations);
}
