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
    TimeSpan PhaseBound)
{
    public static readonly TimeSpan StartBound = TimeSpan.FromSeconds(120);

    public string Release(string project, string assembly) =>
        Path.Combine(Root, "src", project, "bin", "Release", "net10.0", assembly);
}

/// <summary>
/// What PreSessions' grain storage holds at one moment: writes so far (every row's version counts its writes), and each
/// pre-session grain's writes and stored size, by state key. Two snapshots tell how many applications a write carried.
/// </summary>
public sealed record StorageSnapshot(long Writes, IReadOnlyDictionary<string, (long Writes, long Bytes)> PreSessions)
{
    /// <summary>The state key of a pre-session's state (see GrainScopedGrainStorage.StateKey, which escapes '/').</summary>
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
        var process = ServerProcess.Start(name, dll, settings, Path.Combine(Settings.LogDirectory, $"{Name}-{name}.log"), args);
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
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
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
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
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

/// <summary>(a) The conventional design: this program's own ASP.NET Core service on a PostgreSQL database of its own.</summary>
public sealed class ConventionalSystem(Settings settings) : SystemUnderTest(settings)
{
    private const string Database = "conventional_bench";

    public override string Name => "conventional";

    public override string Label => "(a) conventional, PostgreSQL";

    public override string Description =>
        "(a) Conventional baseline: ASP.NET Core + Npgsql, one transaction and row lock per application, PostgreSQL";

    public override async Task StartAsync()
    {
        var connection = await FreshDatabaseAsync(Settings.Postgres, Database);
        // As many connections as clients: what Npgsql's default pool (100) gives this load.
        connection = new NpgsqlConnectionStringBuilder(connection) { MaxPoolSize = 64 }.ConnectionString;
        var port = TakePorts(1)[0];
        var server = Start("service", Path.Combine(AppContext.BaseDirectory, "PreSessions.Benchmarks.dll"), new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["ConnectionStrings__Conventional"] = connection,
            ["Auth__OperatorToken"] = OperatorToken,
        }, "serve-conventional");
        await server.WaitForReadyAsync(new Uri(BaseAddress, "health/ready").ToString(), Settings.StartBound);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await DropDatabaseAsync(Settings.Postgres, Database);
    }
}

/// <summary>(b) PreSessions in cluster mode: one silo process on PostgreSQL, the gateway as a client of it.</summary>
public sealed class ClusterSystem(Settings settings) : SystemUnderTest(settings)
{
    private const string Database = "presessions_bench";
    private readonly string _data = Path.Combine(Path.GetTempPath(), "presessions-bench", Guid.NewGuid().ToString("N"));

    public override string Name => "cluster";

    public override string Label => "(b) PreSessions cluster, PostgreSQL";

    public override string Description => "(b) PreSessions, cluster mode: one silo + the gateway (client), PostgreSQL";

    private string _connection = "";

    public override async Task<StorageSnapshot?> StorageSnapshotAsync()
    {
        await using var connection = new NpgsqlConnection(_connection);
        await connection.OpenAsync();
        await using var total = new NpgsqlCommand("SELECT coalesce(sum(version), 0) FROM presessions_grain_state", connection);
        await using var preSessions = new NpgsqlCommand(
            "SELECT state_key, version, length(payload) FROM presessions_grain_state WHERE state_key LIKE $1", connection);
        preSessions.Parameters.Add(new() { Value = PreSessionRows });
        return await ReadSnapshotAsync(total, preSessions);
    }

    public override async Task StartAsync()
    {
        var connection = _connection = await FreshDatabaseAsync(Settings.Postgres, Database);
        var silo = Settings.Release("Silo", "PreSessions.Silo.dll");
        await ServerProcess.RunToEndAsync("migrate", silo, new Dictionary<string, string> { ["ConnectionStrings__PreSessions"] = connection },
            Path.Combine(Settings.LogDirectory, "cluster-migrate.log"), Settings.StartBound, "migrate");

        var ports = TakePorts(3);
        var siloProcess = Start("silo", silo, new Dictionary<string, string>
        {
            ["ConnectionStrings__PreSessions"] = connection,
            ["Orleans__AdvertisedIP"] = "127.0.0.1",
            ["Orleans__SiloPort"] = ports[1].ToString(),
            ["Orleans__GatewayPort"] = ports[2].ToString(),
            ["PreSessions__DataDirectory"] = Path.Combine(_data, "silo"),
        });
        // The gateway finds the silo through the membership table: start it once the silo takes client connections.
        await siloProcess.WaitForPortAsync(ports[2], Settings.StartBound);

        var gatewaySettings = GatewaySettings(ports[0], Path.Combine(_data, "gateway"));
        gatewaySettings["ConnectionStrings__PreSessions"] = connection;
        var gateway = Start("gateway", Settings.Release("Gateway", "PreSessions.Gateway.dll"), gatewaySettings);
        await gateway.WaitForReadyAsync(new Uri(BaseAddress, "health/ready").ToString(), Settings.StartBound);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await DropDatabaseAsync(Settings.Postgres, Database);
        TryDelete(_data);
    }

    internal static void TryDelete(string directory)
    {
        try { Directory.Delete(directory, recursive: true); }
        catch (DirectoryNotFoundException) { }
        catch (IOException) { }
    }
}

/// <summary>(c) PreSessions as it runs by default: one gateway process hosting its silo, on the embedded SQLite store.</summary>
public sealed class EmbeddedSystem(Settings settings) : SystemUnderTest(settings)
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "presessions-bench", Guid.NewGuid().ToString("N"));

    public override string Name => "embedded";

    public override string Label => "(c) PreSessions embedded, SQLite";

    public override string Description => "(c) PreSessions, embedded default: the gateway hosting its silo, SQLite";

    public override async Task<StorageSnapshot?> StorageSnapshotAsync()
    {
        // Read-only, beside the gateway's own connections: the store runs in WAL mode, so readers never block its writes.
        var file = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(_data, "presessions.db"),
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        };
        await using var connection = new SqliteConnection(file.ConnectionString);
        await connection.OpenAsync();
        await using var total = connection.CreateCommand();
        total.CommandText = "SELECT coalesce(sum(Version), 0) FROM PreSessionsGrainState";
        await using var preSessions = connection.CreateCommand();
        preSessions.CommandText = "SELECT StateKey, Version, length(Payload) FROM PreSessionsGrainState WHERE StateKey LIKE $key";
        preSessions.Parameters.AddWithValue("$key", PreSessionRows);
        return await ReadSnapshotAsync(total, preSessions);
    }

    public override async Task StartAsync()
    {
        Directory.CreateDirectory(_data);
        var ports = TakePorts(3);
        var gatewaySettings = GatewaySettings(ports[0], _data);
        gatewaySettings["Orleans__SiloPort"] = ports[1].ToString();
        gatewaySettings["Orleans__GatewayPort"] = ports[2].ToString();
        var gateway = Start("gateway", Settings.Release("Gateway", "PreSessions.Gateway.dll"), gatewaySettings);
        await gateway.WaitForReadyAsync(new Uri(BaseAddress, "health/ready").ToString(), Settings.StartBound);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        ClusterSystem.TryDelete(_data);
    }
}
