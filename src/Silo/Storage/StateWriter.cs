namespace PreSessions.Silo.Storage;

/// <summary>
/// The silo's one writer of grain records: writes from different grains that are in flight at the same time share one
/// transaction and one flush (<see cref="IStateStore.Commit"/>). While a commit is in flight, the writes that arrive wait
/// for the next one, which takes them all (up to <see cref="MaxWritesPerCommit"/>); so a busy silo commits large
/// batches back to back, and a quiet one commits each write at once. The same group commit as a grain's
/// <see cref="GroupCommit{TState}"/>, one level down: a grain's commit carries many of its commands, a silo's carries
/// many grains' writes.
/// </summary>
/// <remarks>
/// A failed commit fails every write it carried, with the store's exception: each grain's group commit then refuses
/// more and deactivates, and its next activation reads what storage holds (all of the batch, or none of it).
/// </remarks>
public sealed class StateWriter(IStateStore store)
{
    /// <summary>An upper bound on one transaction, so one commit's size and time stay bounded under any load.</summary>
    public const int MaxWritesPerCommit = 256;

    private readonly object _gate = new();
    private List<(StateWrite Write, TaskCompletionSource<int?> Answer)> _waiting = [];
    private bool _committing;

    /// <summary>Commits so far, and writes they carried: two readings tell how many writes a commit carried.</summary>
    public (long Commits, long Writes) Counts => (Interlocked.Read(ref _commits), Interlocked.Read(ref _writes));

    private long _commits;
    private long _writes;

    /// <summary>Stores the write with the others in flight; answers its record's new version, or null on a version conflict.</summary>
    public Task<int?> Write(StateWrite write)
    {
        var answer = new TaskCompletionSource<int?>(TaskCreationOptions.RunContinuationsAsynchronously);
        bool start;
        lock (_gate)
        {
            _waiting.Add((write, answer));
            start = !_committing;
            _committing = true;
        }
        if (start)
            _ = Task.Run(CommitWhileWaiting);
        return answer.Task;
    }

    private async Task CommitWhileWaiting()
    {
        while (true)
        {
            List<(StateWrite Write, TaskCompletionSource<int?> Answer)> batch;
            lock (_gate)
            {
                if (_waiting.Count == 0)
                {
                    _committing = false;
                    return;
                }
                if (_waiting.Count <= MaxWritesPerCommit)
                    (batch, _waiting) = (_waiting, []);
                else
                {
                    batch = _waiting.GetRange(0, MaxWritesPerCommit);
                    _waiting.RemoveRange(0, MaxWritesPerCommit);
                }
            }

            try
            {
                var versions = await store.Commit(batch.ConvertAll(w => w.Write));
                Interlocked.Increment(ref _commits);
                Interlocked.Add(ref _writes, batch.Count);
                for (var i = 0; i < batch.Count; i++)
                    batch[i].Answer.SetResult(versions[i]);
            }
            catch (Exception failure)
            {
                foreach (var (_, answer) in batch)
                    answer.SetException(failure);
            }
        }
    }
}
