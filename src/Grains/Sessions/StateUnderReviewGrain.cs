using System.Collections.Immutable;

namespace PreSessions;

[GenerateSerializer, Immutable]
public sealed record StateUnderReviewState
{
    [Id(0)] public ImmutableSortedSet<int> WgSessions { get; init; } = [];
}

/// <summary>A State under Review: its name (from the UN member States list) and the WG sessions it has pre-sessions in.</summary>
public sealed class StateUnderReviewGrain(
    [PersistentState("stateUnderReview", StorageNames.Grains)] IPersistentState<StateUnderReviewState> storage)
    : Grain, IStateUnderReviewGrain
{
    private GroupCommit<StateUnderReviewState> _commit = null!;

    private string Code => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _commit = new GroupCommit<StateUnderReviewState>(storage, DeactivateOnIdle);
        return Task.CompletedTask;
    }

    public async Task RecordPreSession(int wg)
    {
        if (storage.State.WgSessions.Contains(wg))
        {
            await _commit.Durable();
            return;
        }
        storage.State = storage.State with { WgSessions = storage.State.WgSessions.Add(wg) };
        await _commit.Commit();
    }

    public Task<StateUnderReviewView?> GetView() => Task.FromResult(
        UnMemberStates.TryGetName(Code, out var name)
            ? new StateUnderReviewView(Code, name, [.. _commit.Committed.WgSessions])
            : null);
}
