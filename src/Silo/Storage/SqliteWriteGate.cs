using System.Collections.Concurrent;

namespace PreSessions.Silo.Storage;

/// <summary>
/// One writer at a time per SQLite file in this process. SQLite has a single writer; a transaction that finds another
/// holding the lock gets SQLITE_BUSY, which Microsoft.Data.Sqlite retries only after sleeping (150 ms a try), so the
/// embedded store's three writers (grain records, the engagement directory, the audit log) met in bursts and slept
/// more than they wrote (measured: about 2.5 applications per pre-session write and p99 over 500 ms on the hot
/// pre-session). They queue here instead, in turn, without sleeping. Other processes on the same file (tests run
/// several silos on one) still meet the lock and its retries.
/// </summary>
internal static class SqliteWriteGate
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    /// <summary>Runs <paramref name="write"/> (a whole transaction, synchronous as Microsoft.Data.Sqlite is) on the thread pool, alone among this file's writers.</summary>
    public static Task<T> Write<T>(string connectionString, Func<T> write, CancellationToken cancellationToken = default) =>
        Task.Run(async () =>
        {
            var gate = For(connectionString);
            await gate.WaitAsync(cancellationToken);
            try
            {
                return write();
            }
            finally
            {
                gate.Release();
            }
        }, cancellationToken);

    /// <summary>The gate of one file, for a writer whose transaction is asynchronous.</summary>
    public static SemaphoreSlim For(string connectionString) => Gates.GetOrAdd(connectionString, _ => new SemaphoreSlim(1, 1));
}
