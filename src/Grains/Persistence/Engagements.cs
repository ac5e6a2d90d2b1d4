namespace PreSessions;

/// <summary>
/// Which pre-sessions each organisation has applied or RSVPed to: the index by which an organisation finds its
/// applications and RSVPs, whose only durable record is the pre-session's own state.
/// </summary>
/// <remarks>
/// It is a hint, never the truth: a row says "ask this pre-session", and the pre-session answers whether the
/// organisation has an application or an RSVP there. A pre-session records a row before it stores an organisation's
/// first application or RSVP in its state, so whatever a pre-session holds is always found; a row whose command
/// then failed or was refused leads to a pre-session that answers "nothing here". Rows are never removed.
/// Implemented by the silo's store (SQLite or PostgreSQL), in the same database as the grain state.
/// </remarks>
public interface IEngagementDirectory
{
    /// <summary>Durably records that these organisations may hold something in this pre-session; idempotent.</summary>
    Task Record(PreSessionKey preSession, IReadOnlyCollection<string> organisationIds, CancellationToken cancellationToken = default);

    /// <summary>The pre-sessions recorded for this organisation.</summary>
    Task<IReadOnlyList<PreSessionKey>> PreSessionsOf(string organisationId, CancellationToken cancellationToken = default);
}

/// <summary>
/// Records the organisations that come new to a pre-session, many per storage round trip: while one
/// <see cref="IEngagementDirectory.Record"/> is in flight, the organisations that arrive join the next one (the
/// same group commit as <see cref="GroupCommit{TState}"/>, for the directory). A command awaits
/// <see cref="Recorded"/> before it changes the state, so the row always lands before the state that needs it.
/// A failed round trip fails only its own waiters: nothing was changed in memory, so the grain stays consistent.
/// </summary>
public sealed class Engagements(PreSessionKey preSession, IEngagementDirectory directory)
{
    private HashSet<string> _next = new(StringComparer.Ordinal);
    private TaskCompletionSource? _nextRound;
    private bool _recording;

    public Task Recorded(string organisationId)
    {
        _next.Add(organisationId);
        _nextRound ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var recorded = _nextRound.Task;
        if (!_recording)
            _ = RecordRounds();
        return recorded;
    }

    private async Task RecordRounds()
    {
        _recording = true;
        while (_nextRound is { } round)
        {
            var organisations = _next;
            (_next, _nextRound) = (new HashSet<string>(StringComparer.Ordinal), null);
            try
            {
                await directory.Record(preSession, organisations);
                round.SetResult();
            }
            catch (Exception failure)
            {
                // Only the type's name crosses the wire: a provider's own exception type need not be serializable.
                round.SetException(new StorageUnavailableException(
                    $"The change could not be stored ({failure.GetType().Name}). Retry with the same Idempotency-Key."));
            }
        }
        _recording = false;
    }
}
