using System.Collections.Immutable;

namespace PreSessions.UnitTests.Persistence;

/// <summary>
/// The group commit acknowledges a command only after a write that holds it has landed, shares one write among
/// the commands that arrive while another is in flight, and after a failed write acknowledges nothing more.
/// </summary>
public sealed class GroupCommitTests
{
    [Fact]
    public async Task A_command_is_acknowledged_only_when_its_write_lands()
    {
        var storage = new GatedStorage<ImmutableList<int>>([]);
        var commit = new GroupCommit<ImmutableList<int>>(storage, () => { });

        storage.State = storage.State.Add(1);
        var acknowledged = commit.Commit();

        Assert.False(acknowledged.IsCompleted);
        Assert.Empty(commit.Committed);
        storage.Land();
        await acknowledged;
        Assert.Equal([1], commit.Committed);
        Assert.Equal([[1]], storage.Written);
    }

    [Fact]
    public async Task Commands_arriving_during_a_write_share_the_next_write()
    {
        var storage = new GatedStorage<ImmutableList<int>>([]);
        var commit = new GroupCommit<ImmutableList<int>>(storage, () => { });

        storage.State = storage.State.Add(1);
        var first = commit.Commit();
        var batch = Enumerable.Range(2, 50).Select(i =>
        {
            storage.State = storage.State.Add(i);
            return commit.Commit();
        }).ToList();

        storage.Land();
        await first;
        Assert.All(batch, t => Assert.False(t.IsCompleted));
        await storage.WaitForWrites(2);
        storage.Land();
        await Task.WhenAll(batch);

        Assert.Equal(2, storage.Written.Count);
        Assert.Equal(Enumerable.Range(1, 51), storage.Written[1]);
        Assert.Equal(Enumerable.Range(1, 51), commit.Committed);
    }

    [Fact]
    public async Task Durable_waits_for_changes_already_made_and_not_yet_stored()
    {
        var storage = new GatedStorage<ImmutableList<int>>([]);
        var commit = new GroupCommit<ImmutableList<int>>(storage, () => { });
        Assert.True(commit.Durable().IsCompletedSuccessfully);

        storage.State = storage.State.Add(1);
        var acknowledged = commit.Commit();
        var durable = commit.Durable();

        Assert.False(durable.IsCompleted);
        storage.Land();
        await Task.WhenAll(acknowledged, durable);
        Assert.True(commit.Durable().IsCompletedSuccessfully);
    }

    [Fact]
    public async Task A_failed_write_fails_every_waiting_command_refuses_later_ones_and_deactivates_once()
    {
        var storage = new GatedStorage<ImmutableList<int>>([]);
        var deactivations = 0;
        var commit = new GroupCommit<ImmutableList<int>>(storage, () => deactivations++);

        storage.State = storage.State.Add(1);
        var inFlight = commit.Commit();
        storage.State = storage.State.Add(2);
        var waiting = commit.Commit();

        storage.Fail(new TimeoutException("storage did not answer"));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => inFlight);
        await Assert.ThrowsAsync<StorageUnavailableException>(() => waiting);
        await Assert.ThrowsAsync<StorageUnavailableException>(() => commit.Commit());
        await Assert.ThrowsAsync<StorageUnavailableException>(() => commit.Durable());

        Assert.Equal(1, deactivations);
        Assert.Empty(commit.Committed);
        Assert.Single(storage.Attempts);
    }

    /// <summary>A grain state whose writes wait until the test lets them land (or fail), recording what each wrote.</summary>
    private sealed class GatedStorage<T>(T initial) : IPersistentState<T>
    {
        private readonly Queue<TaskCompletionSource> _gates = new();
        private readonly SemaphoreSlim _started = new(0);

        public List<T> Attempts { get; } = [];

        public List<T> Written { get; } = [];

        public T State { get; set; } = initial;

        public string? Etag { get; private set; }

        public bool RecordExists => Etag is not null;

        public async Task WriteStateAsync()
        {
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var state = State;
            lock (_gates)
            {
                Attempts.Add(state);
                _gates.Enqueue(gate);
            }
            _started.Release();
            await gate.Task;
            Written.Add(state);
            Etag = Written.Count.ToString();
        }

        public async Task WaitForWrites(int count)
        {
            while (Attempts.Count < count)
                Assert.True(await _started.WaitAsync(TimeSpan.FromSeconds(5)), $"write {count} never started");
        }

        public void Land() => Next().SetResult();

        public void Fail(Exception failure) => Next().SetException(failure);

        private TaskCompletionSource Next()
        {
            lock (_gates)
                return _gates.Dequeue();
        }

        public Task ClearStateAsync() => throw new NotSupportedException();

        public Task ReadStateAsync() => Task.CompletedTask;
    }
}
