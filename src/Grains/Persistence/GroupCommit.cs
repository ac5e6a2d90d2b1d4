namespace PreSessions;

/// <summary>
/// Makes a grain's commands durable before they are acknowledged, acknowledging many commands per storage write.
/// A command changes the state in memory within one turn (so capacity checks and changes are atomic), then awaits
/// <see cref="Commit"/>. While one write is in flight, the commands that arrive join the next write; when it lands,
/// they are all answered. In a grain that does not interleave, each write carries exactly one command.
/// The state must be an immutable record: a command replaces it, and never changes the object being written.
/// If a write fails, the memory holds changes that storage does not: every waiting command fails, later ones are
/// refused, and the grain deactivates so that its next activation starts again from storage.
/// </summary>
public sealed class GroupCommit<TState>(IPersistentState<TState> storage, Action deactivate)
{
    private TaskCompletionSource? _nextWrite;
    private TaskCompletionSource? _inFlight;
    private Exception? _failure;

    /// <summary>The state as of the last write that landed: what reads show, so nobody sees an unacknowledged change.</summary>
    public TState Committed { get; private set; } = storage.State;

    /// <summary>Called after each write that landed, before its commands are answered (to flush the audit outbox it stored).</summary>
    public Action? Written { get; set; }

    public Task Commit()
    {
        if (_failure is not null)
            return Task.FromException(Unavailable(_failure));
        _nextWrite ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var acknowledged = _nextWrite.Task;
        if (_inFlight is null)
            _ = WriteBatches();
        return acknowledged;
    }

    /// <summary>
    /// Completes once every change made so far is stored. A command that changes nothing (a replay, say) awaits it,
    /// so that it never acknowledges what an earlier command changed but has not yet stored.
    /// </summary>
    public Task Durable() =>
        _failure is not null ? Task.FromException(Unavailable(_failure))
        : _nextWrite?.Task ?? _inFlight?.Task ?? Task.CompletedTask;

    private async Task WriteBatches()
    {
        while (_nextWrite is { } batch)
        {
            (_inFlight, _nextWrite) = (batch, null);
            var written = storage.State;
            try
            {
                await storage.WriteStateAsync();
            }
            catch (Exception failure)
            {
                _failure = failure;
                // Deactivation is asked for before any waiter hears of the failure, so none can act on it first.
                deactivate();
                batch.SetException(Unavailable(failure));
                _nextWrite?.SetException(Unavailable(failure));
                _nextWrite = null;
                break;
            }
            Committed = written;
            Written?.Invoke();
            batch.SetResult();
        }
        _inFlight = null;
    }

    private static StorageUnavailableException Unavailable(Exception failure) =>
        // Only the type's name crosses the wire: a provider's own exception type need not be serializable.
        new($"The change could not be stored ({failure.GetType().Name}). Retry with the same Idempotency-Key.");
}
