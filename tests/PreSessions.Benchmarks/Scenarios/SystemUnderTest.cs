using Microsoft.Data.Sqlite;
using Npgsql;
using PreSessions.Benchmarks.Processes;
using PreSessions.TestSupport;

namespace PreSessions.Benchmarks.Scenarios;

/// <summary>Where things are and how the run is shaped.</summary>
public sealed record Settings(
    string Root,
    string LogDirectory,
    string Postgres,
    int Applications,
    int Clients,
    int PanelSize,
    int SpreadPreSessions,
    int WarmupApplications,
    int Rounds,
    TimeSpan PhaseBound,
    IReadOnlyList<int> GrowthSizes,
    int GrowthBatch)
{
    public static readonly TimeSpan StartBound = TimeSpan.FromSeconds(120);

    /// <summary>Makes this run's database names its own, so that a run never drops another's (a test's beside the script's).</summary>
    public string RunId { get; } = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4));

    /// <summary>
    /// A server program as the build that produced this program left it: the benchmark in Release (scripts/benchmark.sh)
    /// runs the Release servers, the test build's Debug benchmark (the quick-mode test) the Debug ones.
    /// </summary>
    public string Program(string project, string assembly) =>
        Path.Combine(Root, "src", project, "bin", Configuration, "net10.0", assembly);

    /// <summary>This program's own build configuration: it lives in tests/PreSessions.Benchmarks/bin/&lt;configuration&gt;/net10.0.</summary>
    public static string Configuration => new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/')).Parent!.Name;
}

/// <summary>
/// What PreSessions' grain storage holds at one moment: writes so far (every row's version counts its writes), and each
/// pre-session grain's writes and stored size (its head and its items), by state key. Two snapshots tell how many
/// applications a write carried.
/// </summary>
public sealed record StorageSnapshot(long Writes, IReadOnlyDictionary<string, (long Writes, long Bytes)> PreSessions)
{
    /// <summary>The state key of a pre-session's state (see BatchedGrainStorage.StateKey, which escapes '/').</summary>
    public static string PreSessionStateKey(string wg, string sur) => $"presession/{wg}%2F{sur}/preSession";
}

/// <summary>A scenario's storage figures: writes, of which the pre-sessions', and the largest state of its pre-sessions.</summary>
public sealed record StorageCounts(long Writes, long PreSessionWrites, long LargestPreSessionBytes)
{
    public static StorageCounts Between(StorageSnapshot before, StorageSnapshot after, IEnumerable<string> stateKeys) => new(
        after.Writes - before.Writes,
        after.PreSessions.Values.Sum(p => p.Writes) - before.PreSessions.Values.Sum(p => p.Writes),
        stateKeys.Select(key => after.PreSessions.TryGetValue(key, out var p) ? p.Bytes : 0).DefaultIfEmpty(0).Max());
}

/// <summary>
/// A system under test: its processes, started on fresh storage, and the HTTP address the load generator talks to.
/// Disposing stops the processes and drops what the run created.
/// </summary>
public abstract class SystemUnderTest : IAsyncDisposable
{
    protected SystemUnderTest(Settings settings) => Settings = settings;

    protected Settings Settings { get; }

    public abstract string Name { get; }

    /// <summary>What the tables call it: a letter, the design, the storage.</summary>
    public abstract string Label { get; }

    public abstract string Description { get; }

    public string OperatorToken { get; } = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    public Uri BaseAddress { get; private set; } = null!;

    public List<ServerProcess> Processes { get; } = [];

    public abstract Task StartAsync();

    /// <summary>Whether the system keeps its data in PostgreSQL, so that PostgreSQL's CPU counts among its servers'.</summary>
    public abstract bool UsesPostgres { get; }

    /// <summary>What <see cref="BytesWrittenAsync"/> counts, for the report.</summary>
    public abstract string BytesWrittenMeasure { get; }

    /// <summary>A counter of the bytes the system has written to durable storage so far: only differences mean anything.</summary>
    public abstract Task<long> BytesWrittenAsync();

    /// <summary>The settings that decide what an acknowledged write survives, read from the running system where it can be.</summary>
    public abstract Task<string> DurabilityAsync();

    /// <summary>PreSessions' storage as it is now; null for the baseline (one transaction per application by construction).</summary>
    public virtual Task<StorageSnapshot?> StorageSnapshotAsync() => Task.FromResult<StorageSnapshot?>(null);

    /// <summary>The rows of pre-session grains' "preSession" state, whichever the database.</summary>
    protected const string PreSessionRows = "%/preSession";

    protected static async Task<StorageSnapshot> ReadSnapshotAsync(System.Data.Common.DbCommand total, System.Data.Common.DbCommand preSessions)
    {
        var writes = Convert.ToInt64(await total.ExecuteScalarAsync());
        var rows = new Dictionary<string, (long, long)>();
        await using var reader = await preSessions.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            rows[reader.GetString(0)] = (Convert.ToInt64(reader.GetValue(1)), reader.IsDBNull(2) ? 0 : Convert.ToInt64(reader.GetValue(2)));
        return new StorageSnapshot(writes, rows);
    }

    /// <summary>Takes <paramref name="count"/> free ports; the first is the HTTP port the load generator talks to.</summary>
    protected int[] TakePorts(int count)
    {
        var ports = FreePorts.Take(count);
        BaseAddress = new Uri($"http://127.0.0.1:{ports[0]}/");
        return ports;
    }

    protected ServerProcess Start(string name, string dll, IReadOnlyDictionary<string, string> settings, params string[] args)
    {
        // A server that crashes leaves a dump next to its log (the runtime's createdump, with every thread's stack): a
        // gateway once died mid-run with nothing in its log, and only a dump can say why the next time.
        var withDumps = new Dictionary<string, string>(settings)
        {
            ["DOTNET_DbgEnableMiniDump"] = "1",
            ["DOTNET_DbgMiniDumpType"] = "1",
            ["DOTNET_DbgMiniDumpName"] = Path.Combine(Settings.LogDirectory, $"{Name}-{name}.%p.dmp"),
        };
        var process = ServerProcess.Start(name, dll, withDumps, Path.Combine(Settings.LogDirectory, $"{Name}-{name}.log"), args);
        Processes.Add(process);
        return process;
    }

    /// <summary>The gateway's settings for a benchmark: no demo data, and rate limits that one load generator never reaches.</summary>
    protected Dictionary<string, string> GatewaySettings(int httpPort, string dataDirectory) => new()
    {
        ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{httpPort}",
        ["Auth__OperatorToken"] = OperatorToken,
        ["PreSessions__DataDirectory"] = dataDirectory,
        ["PreSessions__SeedDemo"] = "false",
        ["PreSessions__Limits__RegistrationsPerMinute"] = "100000000",
        ["PreSessions__Limits__CommandsPerMinute"] = "100000000",
    };

    /// <summary>A fresh database (dropped first if a previous run left it) owned by the benchmark's role.</summary>
    protected static async Task<string> FreshDatabaseAsync(string postgres, string name)
    {
        await using (var admin = new NpgsqlConnection(postgres))
        {
            await admin.OpenAsync();
            await DropAsync(admin, name);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(postgres) { Database = name }.ConnectionString;
    }

    protected static async Task DropDatabaseAsync(string postgres, string name)
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(postgres);
        await admin.OpenAsync();
        await DropAsync(admin, name);
    }

    /// <summary>
    /// Drops the database, ending its sessions. An autovacuum worker, which runs as the superuser, may be in it after a
    /// write-heavy scenario, and a role without pg_signal_backend cannot end that (42501): it finishes within seconds,
    /// so the drop is tried again, a bounded number of times.
    /// </summary>
    private static async Task DropAsync(NpgsqlConnection admin, string name)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
                await drop.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException e) when (e.SqlState is "42501" or "55006" && attempt < 30)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
    }

    /// <summary>PostgreSQL's WAL position in bytes: every change of every database of the server is in the WAL before it commits.</summary>
    protected static async Task<long> WalPositionAsync(string connection)
    {
        await using var database = new NpgsqlConnection(connection);
        await database.OpenAsync();
        await using var lsn = new NpgsqlCommand("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint", database);
        return (long)(await lsn.ExecuteScalarAsync())!;
    }

    public const string WalMeasure =
        "PostgreSQL's WAL (pg_wal_lsn_diff of pg_current_wal_lsn() before and after): the whole server's, so anything else it serves meanwhile counts too; " +
        "full-page images included, data pages written later by checkpoints not";

    /// <summary>The server's settings that decide what a commit survives, as SHOW answers them on this system's database.</summary>
    protected static async Task<string> PostgresDurabilityAsync(string connection, string extra)
    {
        await using var database = new NpgsqlConnection(connection);
        await database.OpenAsync();
        await using var show = new NpgsqlCommand(
            "SELECT name, setting FROM pg_settings WHERE name IN ('synchronous_commit', 'fsync', 'full_page_writes', 'wal_sync_method', 'wal_level') ORDER BY name",
            database);
        var settings = new List<string>();
        await using var reader = await show.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            settings.Add($"{reader.GetString(0)}={reader.GetString(1)}");
        return $"PostgreSQL {string.Join(", ", settings)} (SHOW, on its database); {extra}";
    }

    public virtual async ValueTask DisposeAsync()
    {
        // The first started last: the gateway stops before the silo it calls.
        for (var i = Processes.Count - 1; i >= 0; i--)
            await Processes[i].DisposeAsync();
        Processes.Clear();
        GC.SuppressFinalize(this);
    }
}

