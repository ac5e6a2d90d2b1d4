using System.Data.Common;
using System.Reflection;
using System.Text;
using Microsoft.Data.Sqlite;
using Orleans.Hosting;
using Orleans.Storage;

namespace PreSessions.Silo.Storage;

/// <summary>
/// Grain state in a local SQLite file, through Orleans' own ADO.NET grain storage provider
/// (<c>Microsoft.Orleans.Persistence.AdoNet</c>) and PreSessions' own schema and queries
/// (embedded resources under <c>Storage/Sql/sqlite</c>).
/// </summary>
/// <remarks>
/// <para>
/// Durability. SQLite runs in WAL mode with <c>synchronous = FULL</c>:
/// </para>
/// <list type="bullet">
/// <item>With WAL, a committed transaction has been written to the -wal file (the OS page cache at
/// least) before the commit returns, so it survives a <em>process</em> kill even with
/// <c>synchronous = NORMAL</c>. NORMAL only skips the fsync of the WAL at each commit, which means a
/// write that Orleans already acknowledged to the caller can be lost on an OS crash or power
/// loss.</item>
/// <item><c>synchronous = FULL</c> fsyncs the WAL at every commit, so an acknowledged write also
/// survives OS crash / power loss. The cost is one fsync per grain write, acceptable here.</item>
/// </list>
/// <para>
/// <c>journal_mode</c> is persistent in the database file and is set by <see cref="EnsureSchema"/>.
/// <c>synchronous</c> is per connection and Microsoft.Data.Sqlite has no connection-string keyword
/// for it; the bundled e_sqlite3 is compiled with <c>SQLITE_DEFAULT_SYNCHRONOUS=2</c> and
/// <c>SQLITE_DEFAULT_WAL_SYNCHRONOUS=2</c> (FULL), and every mutating query in
/// <c>001_grain_storage.sql</c> additionally starts with <c>PRAGMA synchronous = FULL</c> so the
/// guarantee does not depend on how the native library was built.
/// </para>
/// <para>
/// Concurrency. Several silos (e.g. in one test process) share the file. WAL lets readers run
/// alongside the single writer, and the connection string's <c>Default Timeout</c> makes
/// Microsoft.Data.Sqlite retry a statement that gets <c>SQLITE_BUSY</c> for up to that many seconds
/// instead of failing. Lost updates are prevented by the version check in the queries (optimistic
/// concurrency, surfaced by Orleans as <see cref="InconsistentStateException"/>).
/// </para>
/// </remarks>
public static class EmbeddedStore
{
    /// <summary>
    /// ADO.NET invariant the Orleans provider accepts for SQLite. Orleans maps it internally to
    /// <c>Microsoft.Data.Sqlite.SqliteFactory</c>; <c>"Microsoft.Data.Sqlite"</c> is not a known invariant.
    /// </summary>
    public const string Invariant = "System.Data.SQLite";

    /// <summary>Database file name inside the data directory.</summary>
    public const string DatabaseFileName = "presessions.db";

    /// <summary>Seconds a statement keeps retrying while the database is locked by another writer.</summary>
    public const int BusyTimeoutSeconds = 15;

    private const string ResourcePrefix = "PreSessions.Sql.";
    private const string SqliteScriptFolder = "sqlite/";


    /// <summary>
    /// Connection string for <c>presessions.db</c> in <paramref name="dataDirectory"/> (created if missing).
    /// </summary>
    /// <remarks>
    /// The files are made private the first time a process asks for a directory, never again: by then SQLite may hold
    /// them open, and closing any other descriptor of a file drops every POSIX lock the process holds on it. The
    /// gateway asked twice (the silo's storage, then its readiness probe), after the schema's connection had opened
    /// the store; its locks on the -shm file gone, the next process to open the database (a reader, as the benchmark
    /// is, or a backup) took it for the first, truncated the shared memory, and the gateway died of SIGBUS on its
    /// mapping (signal 7, seen with a dump in the benchmark's quick mode).
    /// </remarks>
    public static string ConnectionString(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        return Prepared.GetOrAdd(Path.GetFullPath(dataDirectory), PrivateStore);
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Prepared = new(StringComparer.Ordinal);

    private static string PrivateStore(string dataDirectory)
    {
        var directory = DataDirectory.Private(dataDirectory);
        var database = Path.Combine(directory, DatabaseFileName);
        // SQLite creates the -wal and -shm files with the database file's mode, so the database is created here,
        // for its owner only, before SQLite opens it (an empty file is an empty database). Files of an older start
        // are tightened too.
        PrivateFile(database);
        foreach (var companion in new[] { database + "-wal", database + "-shm", database + "-journal" })
        {
            if (File.Exists(companion))
                PrivateFile(companion);
        }

        return new SqliteConnectionStringBuilder
        {
            DataSource = database,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            // Command timeout; Microsoft.Data.Sqlite retries SQLITE_BUSY/SQLITE_LOCKED until it elapses.
            DefaultTimeout = BusyTimeoutSeconds,
        }.ToString();
    }

    /// <summary>
    /// A connection to the store for writing, with <c>synchronous = FULL</c> set on it (a connection's own setting; see
    /// the remarks above), whatever the native library's default.
    /// </summary>
    internal static SqliteConnection OpenDurable(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA synchronous = FULL;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    private static void PrivateFile(string path)
    {
        using var _ = DataDirectory.OpenPrivateFile(path, FileMode.OpenOrCreate);
    }

    /// <summary>
    /// Registers Microsoft.Data.Sqlite's factory under <see cref="Invariant"/> in
    /// <see cref="DbProviderFactories"/>. Idempotent and thread-safe.
    /// </summary>
    // DbProviderFactories is thread-safe and registering again replaces the same factory: nothing to guard.
    public static void RegisterProvider() => DbProviderFactories.RegisterFactory(Invariant, SqliteFactory.Instance);

    /// <summary>
    /// Puts the database in WAL mode and runs the embedded SQLite scripts in name order, each in its
    /// own transaction. Every script is idempotent, so this is safe to call at every start and from
    /// several silos at once.
    /// </summary>
    public static void EnsureSchema(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);

        var scripts = LoadScripts();
        if (scripts.Count == 0)
        {
            throw new InvalidOperationException(
                $"No embedded SQLite scripts found under '{ResourcePrefix}{SqliteScriptFolder}' in {typeof(EmbeddedStore).Assembly.GetName().Name}.");
        }

        using var connection = new SqliteConnection(connectionString);
        connection.Open();

        // Persistent in the file; must run outside a transaction.
        using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA journal_mode = WAL;";
            var mode = Convert.ToString(pragma.ExecuteScalar());
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase)
                && !string.Equals(mode, "memory", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"SQLite refused WAL journal mode (got '{mode}').");
            }

            pragma.CommandText = "PRAGMA synchronous = FULL;";
            pragma.ExecuteNonQuery();
        }

        foreach (var (name, sql) in scripts)
        {
            // BeginTransaction() is BEGIN IMMEDIATE in Microsoft.Data.Sqlite: concurrent callers serialize.
            using var transaction = connection.BeginTransaction();
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            try
            {
                command.ExecuteNonQuery();
            }
            catch (SqliteException ex)
            {
                throw new InvalidOperationException($"Schema script '{name}' failed: {ex.Message}", ex);
            }

            transaction.Commit();
        }
    }

    /// <summary>
    /// Registers the SQLite factory, ensures the schema in <paramref name="dataDirectory"/> and adds PreSessions' grain
    /// storage under <paramref name="storageName"/>.
    /// </summary>
    /// <remarks>
    /// Records are keyed by <c>"&lt;grain type&gt;/&lt;grain key&gt;/&lt;state name&gt;"</c>
    /// (<see cref="BatchedGrainStorage.StateKey"/>): Orleans' stock ADO.NET provider, which this storage replaced,
    /// left the grain type out (dotnet/orleans#8746, #9737) and let string keys that parse as hex numbers or GUIDs
    /// collide (#9706).
    /// </remarks>
    public static ISiloBuilder UseEmbeddedStore(this ISiloBuilder silo, string dataDirectory, string storageName)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentException.ThrowIfNullOrWhiteSpace(storageName);

        var connectionString = ConnectionString(dataDirectory);
        RegisterProvider();
        EnsureSchema(connectionString);

        return silo.AddBatchedGrainStorage(storageName, serviceId => new SqliteStateStore(connectionString, serviceId))
            .AddEngagementDirectory(serviceId => new SqliteEngagementDirectory(connectionString, serviceId))
            .AddAuditLog(serviceId => new SqliteAuditLog(connectionString, serviceId));
    }

    private static List<(string Name, string Sql)> LoadScripts()
    {
        var assembly = typeof(EmbeddedStore).Assembly;
        var scripts = new List<(string Name, string Sql)>();
        foreach (var resourceName in assembly.GetManifestResourceNames())
        {
            if (!resourceName.StartsWith(ResourcePrefix, StringComparison.Ordinal)
                || !resourceName.EndsWith(".sql", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            // %(RecursiveDir) keeps the folder: "PreSessions.Sql.sqlite/001_x.sql" ('\' when built on Windows).
            var relative = resourceName[ResourcePrefix.Length..].Replace('\\', '/');
            if (!relative.StartsWith(SqliteScriptFolder, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(resourceName)
                ?? throw new InvalidOperationException($"Embedded resource '{resourceName}' could not be opened.");
            using var reader = new StreamReader(stream, Encoding.UTF8);
            scripts.Add((relative, reader.ReadToEnd()));
        }

        scripts.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return scripts;
    }
}
