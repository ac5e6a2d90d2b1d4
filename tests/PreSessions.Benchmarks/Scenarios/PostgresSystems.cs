using PreSessions.Benchmarks.Processes;
using Npgsql;

namespace PreSessions.Benchmarks.Scenarios;

/// <summary>(a) The conventional design: this program's own ASP.NET Core service on a PostgreSQL database of its own.</summary>
public sealed class ConventionalSystem(Settings settings) : SystemUnderTest(settings)
{
    private readonly string _database = $"conventional_bench_{settings.RunId}";
    private string _connection = "";

    public override string Name => "conventional";

    public override string Label => "(a) conventional, PostgreSQL";

    public override string Description =>
        "(a) Conventional baseline: ASP.NET Core + Npgsql, one transaction and row lock per application, PostgreSQL";

    public override bool UsesPostgres => true;

    public override string BytesWrittenMeasure => WalMeasure;

    public override Task<long> BytesWrittenAsync() => WalPositionAsync(_connection);

    public override Task<string> DurabilityAsync() => PostgresDurabilityAsync(_connection,
        "the service sets nothing per session, and commits each application's transaction before it answers");

    public override async Task StartAsync()
    {
        var connection = _connection = await FreshDatabaseAsync(Settings.Postgres, _database);
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
        await DropDatabaseAsync(Settings.Postgres, _database);
    }
}

/// <summary>(b) PreSessions in cluster mode: one silo process on PostgreSQL, the gateway as a client of it.</summary>
public sealed class ClusterSystem(Settings settings) : SystemUnderTest(settings)
{
    private readonly string _database = $"presessions_bench_{settings.RunId}";
    private readonly string _data = Path.Combine(Path.GetTempPath(), "presessions-bench", Guid.NewGuid().ToString("N"));

    public override string Name => "cluster";

    public override string Label => "(b) PreSessions cluster, PostgreSQL";

    public override string Description => "(b) PreSessions, cluster mode: one silo + the gateway (client), PostgreSQL";

    private string _connection = "";

    public override bool UsesPostgres => true;

    public override string BytesWrittenMeasure => WalMeasure;

    public override Task<long> BytesWrittenAsync() => WalPositionAsync(_connection);

    public override Task<string> DurabilityAsync() => PostgresDurabilityAsync(_connection,
        "the silo sets nothing per session, and a grain acknowledges a command once the write that carries it has committed");

    public override async Task<StorageSnapshot?> StorageSnapshotAsync()
    {
        await using var connection = new NpgsqlConnection(_connection);
        await connection.OpenAsync();
        await using var total = new NpgsqlCommand("SELECT coalesce(sum(version), 0) FROM presessions_grain_state", connection);
        await using var preSessions = new NpgsqlCommand(
            """
            SELECT s.state_key, s.version, coalesce(length(s.payload), 0) + coalesce(
                (SELECT sum(length(i.payload)) FROM presessions_grain_items i WHERE i.service_id = s.service_id AND i.state_key = s.state_key), 0)
            FROM presessions_grain_state s WHERE s.state_key LIKE $1
            """, connection);
        preSessions.Parameters.Add(new() { Value = PreSessionRows });
        return await ReadSnapshotAsync(total, preSessions);
    }

    public override async Task StartAsync()
    {
        var connection = _connection = await FreshDatabaseAsync(Settings.Postgres, _database);
        var silo = Settings.Program("Silo", "PreSessions.Silo.dll");
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
        var gateway = Start("gateway", Settings.Program("Gateway", "PreSessions.Gateway.dll"), gatewaySettings);
        await gateway.WaitForReadyAsync(new Uri(BaseAddress, "health/ready").ToString(), Settings.StartBound);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await DropDatabaseAsync(Settings.Postgres, _database);
        TryDelete(_data);
    }

    internal static void TryDelete(string directory)
    {
        try { Directory.Delete(directory, recursive: true); }
        catch (DirectoryNotFoundException) { }
        catch (IOException) { }
    }
}
