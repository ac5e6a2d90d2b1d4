using System.Diagnostics.Metrics;

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
public sealed class StateWriter
{
    private readonly IStateStore _store;
    private readonly Counter<long> _commitCounter, _writeCounter, _byteCounter;

    public StateWriter(IStateStore store, IMeterFactory meters)
    {
        _store = store;
        // On the domain's meter, so operators see how many writes a commit carries and what they weigh.
        var meter = meters.Create(DomainMeter.Name);
        _commitCounter = meter.CreateCounter<long>("presessions.storage.commits", "{commit}", "Grain storage transactions committed.");
        _writeCounter = meter.CreateCounter<long>("presessions.storage.writes", "{write}", "Grain record writes committed (many per commit).");
        _byteCounter = meter.CreateCounter<long>("presessions.storage.bytes", "By", "Payload bytes of the committed grain record writes.");
    }

    /// <summary>An upper bound on one transaction, so one commit's size and time stay bounded under any load.</summary>
    public const int MaxWritesPerCommit = 256;

    private readonly object _gate = new();
    private List<(StateWrite Write, TaskCompletionSource<int?> Answer)> _waiting = [];
    private bool _committing;

    /// <summary>Commits so far, the writes they carried and those writes' payload bytes: two readings tell how many writes a commit carried, and what they weighed.</summary>
    public (long Commits, long Writes, long Bytes) Counts => (Interlocked.Read(ref _commits), Interlocked.Read(ref _writes), Interlocked.Read(ref _bytes));

    private long _commits;
    private long _writes;
    private long _bytes;

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
                var versions = await _store.Commit(batch.ConvertAll(w => w.Write));
                var bytes = batch.Sum(w => w.Write.Bytes);
                Interlocked.Increment(ref _commits);
                Interlocked.Add(ref _writes, batch.Count);
                Interlocked.Add(ref _bytes, bytes);
                _commitCounter.Add(1);
                _writeCounter.Add(batch.Count);
                _byteCounter.Add(bytes);
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
