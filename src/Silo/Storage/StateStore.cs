using System.Data.Common;

namespace PreSessions.Silo.Storage;

/// <summary>
/// The database under the grain storage (<see cref="BatchedGrainStorage"/>): grain records as a head row with a version
/// (optimistic concurrency, the grain's ETag) and item rows (<see cref="IStoredInParts{TSelf}"/>), in PreSessions' own
/// schema. <see cref="Commit"/> applies the writes of many grains in one transaction and one flush.
/// </summary>
public interface IStateStore
{
    /// <summary>A record's head and items, read in one snapshot; null when it was never written.</summary>
    Task<StoredRecord?> Read(string stateKey, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies the writes in one transaction, each only if the record's stored version is still the one it expects.
    /// Answers, for each write in order, the record's new version, or null when its version was not current (then
    /// nothing of that write was applied, and the others were). Throws when the transaction failed or its outcome is
    /// unknown (a commit whose answer was lost): then any of the writes may or may not have landed, all or none.
    /// </summary>
    Task<IReadOnlyList<int?>> Commit(IReadOnlyList<StateWrite> writes, CancellationToken cancellationToken = default);
}

/// <summary>A record as stored: its version, its head (null once cleared), its items by list in their order.</summary>
public sealed record StoredRecord(int Version, byte[]? Head, IReadOnlyList<ItemRow> Items)
{
    /// <summary>
    /// The record in the rows of one read (each store reads head and items in one statement, for one snapshot): the
    /// head's row as (version, payload, null, null, null), each item's as (null, payload, list, key, order), items in
    /// their order. Null when there is no head row: the record was never written.
    /// </summary>
    public static async Task<StoredRecord?> ReadAsync(DbDataReader reader, CancellationToken cancellationToken)
    {
        int? version = null;
        byte[]? head = null;
        var items = new List<ItemRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            if (!reader.IsDBNull(0))
                (version, head) = (reader.GetInt32(0), reader.IsDBNull(1) ? null : (byte[])reader[1]);
            else
                items.Add(new ItemRow(reader.GetString(2), reader.GetString(3), reader.GetInt64(4), (byte[])reader[1]));
        }
        return version is { } stored ? new StoredRecord(stored, head, items) : null;
    }
}

/// <summary>One item row of a record.</summary>
public sealed record ItemRow(string List, string Key, long Order, byte[] Payload);

/// <summary>
/// One grain's write: applied only if the stored version is <see cref="ExpectedVersion"/> (null: the record does not
/// exist yet). The head is replaced when <see cref="Head"/> is not null; items are upserted and deleted by key.
/// </summary>
public sealed record StateWrite(
    string StateKey,
    int? ExpectedVersion,
    byte[]? Head,
    IReadOnlyList<ItemRow> Upserts,
    IReadOnlyList<(string List, string Key)> Deletes,
    bool Clear = false)
{
    /// <summary>How many bytes of payload this write stores.</summary>
    public long Bytes => (Head?.LongLength ?? 0) + Upserts.Sum(u => (long)u.Payload.Length);

    /// <summary>A clear: the head's payload and every item go, the version moves on.</summary>
    public static StateWrite Clearing(string stateKey, int? expectedVersion) => new(stateKey, expectedVersion, null, [], [], Clear: true);
}
