using System.Collections.Immutable;
using Microsoft.Extensions.Logging;

namespace PreSessions;

/// <summary>Whose entries: a name unique to one grain's record (the key of its sequence), and what they are about.</summary>
public sealed record AuditSource(string Name, int? Wg = null, string? Sur = null, string? OrganisationId = null, string? Room = null);

/// <summary>The audit log: a table of its own in the silo's store (SQLite or PostgreSQL), appended, never edited.</summary>
public interface IAuditLog
{
    /// <summary>
    /// Appends entries numbered from <paramref name="firstSequence"/> within their source, in one transaction. An entry
    /// already there (same source and sequence) is skipped, so a flush can be repeated after any failure.
    /// </summary>
    Task Append(AuditSource source, long firstSequence, IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default);

    /// <summary>The entries that fit the query, in the order they were appended, after the cursor <paramref name="after"/>.</summary>
    Task<AuditPage> Read(AuditQuery query, long after, int limit, CancellationToken cancellationToken = default);
}

/// <summary>
/// One grain record's audit entries on their way to the log. Why not one transaction with the change: the grain state
/// is written by Orleans' storage provider, in a transaction of its own. The equivalent guarantee: each change's entry
/// is written in the same state write as the change (the record's outbox, <c>AuditLog</c>), so an entry is stored if
/// and only if its change is; after each write, and before every read of the log, the stored outbox is appended to
/// the log numbered by its sequence in the source (a repeat appends nothing twice), and the state drops what the log
/// holds with its next write. A crash anywhere leaves the entries in the stored outbox, appended at the next flush.
/// States written when the whole log lived in them hold it all as their outbox: it moves to the log at the first flush.
/// </summary>
public sealed class AuditOutbox(IAuditLog log, AuditSource source, ILogger logger)
{
    private long _appendedThrough;

    /// <summary>
    /// Appends the stored outbox, whose first entry is numbered <paramref name="firstSequence"/>; answers the sequence
    /// up to which the log holds this source's entries, for <see cref="Trim"/>.
    /// </summary>
    public async Task<long> Flush(ImmutableList<AuditEntry> stored, long firstSequence)
    {
        var end = firstSequence + stored.Count;
        var from = Math.Max(firstSequence, _appendedThrough);
        if (from < end)
        {
            await log.Append(source, from, stored.GetRange((int)(from - firstSequence), (int)(end - from)));
            _appendedThrough = Math.Max(_appendedThrough, end);
        }
        return Math.Max(end, _appendedThrough);
    }

    /// <summary>
    /// A flush after a write, which nobody awaits: while one runs, the writes that land ask for one more after it, so
    /// a burst of writes costs a few appends, not one each. A failure leaves the entries in the outbox for the next.
    /// </summary>
    public void FlushLater(Func<Task> flush)
    {
        if (_flushing)
            _again = true;
        else
            _ = Later(flush);
    }

    private bool _flushing;
    private bool _again;

    private async Task Later(Func<Task> flush)
    {
        _flushing = true;
        try
        {
            do
            {
                _again = false;
                await flush();
            }
            while (_again);
        }
        catch (Exception failure)
        {
            logger.LogWarning(failure, "The audit entries of {Source} stay in its state until the next flush.", source.Name);
        }
        finally
        {
            _flushing = false;
        }
    }

    /// <summary>The outbox without the entries the log holds (those numbered below <paramref name="through"/>), and its new first number.</summary>
    public static (ImmutableList<AuditEntry> Outbox, long First) Trim(ImmutableList<AuditEntry> outbox, long first, long through)
    {
        var appended = (int)Math.Clamp(through - first, 0, outbox.Count);
        return appended == 0 ? (outbox, first) : (outbox.RemoveRange(0, appended), first + appended);
    }
}

/// <summary>Reads the audit log for the gateway, on any silo: the log is in the store, not in a grain's state.</summary>
[Orleans.Concurrency.StatelessWorker]
public sealed class AuditGrain(IAuditLog log) : Grain, IAuditGrain
{
    public Task<AuditPage> Read(AuditQuery query, long after, int limit) => log.Read(query, after, limit);
}
