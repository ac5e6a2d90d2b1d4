using Microsoft.Data.Sqlite;

namespace PreSessions.Benchmarks.Scenarios;

/// <summary>(c) PreSessions as it runs by default: one gateway process hosting its silo, on the embedded SQLite store.</summary>
public sealed class EmbeddedSystem(Settings settings) : SystemUnderTest(settings)
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "presessions-bench", Guid.NewGuid().ToString("N"));

    public override string Name => "embedded";

    public override string Label => "(c) PreSessions embedded, SQLite";

    public override string Description => "(c) PreSessions, embedded default: the gateway hosting its silo, SQLite";

    public override bool UsesPostgres => false;

    public override string BytesWrittenMeasure =>
        "write_bytes of the gateway's /proc/<pid>/io: what the process sent towards the disk (pages it dirtied, counted again " +
        "once an fsync cleaned them), so the SQLite -wal appends and the checkpoints into the database file alike; the -wal " +
        "file's size would miss both the checkpoints and the WAL's reuse from its start after each checkpoint";

    public override Task<long> BytesWrittenAsync()
    {
        var gateway = Processes.Single(p => p.Name == "gateway");
        foreach (var line in File.ReadLines($"/proc/{gateway.Id}/io"))
        {
            if (line.StartsWith("write_bytes:", StringComparison.Ordinal))
                return Task.FromResult(long.Parse(line["write_bytes:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture));
        }
        throw new InvalidOperationException($"/proc/{gateway.Id}/io has no write_bytes (a kernel without task I/O accounting).");
    }

    /// <summary>
    /// journal_mode is kept in the database file, so it is read from there; synchronous is a connection's own setting,
    /// which no other connection can see, so it is stated from the store's code, which sets it on every writing query.
    /// </summary>
    public override async Task<string> DurabilityAsync()
    {
        await using var connection = new SqliteConnection(ReadOnlyFile);
        await connection.OpenAsync();
        await using var journal = connection.CreateCommand();
        journal.CommandText = "PRAGMA journal_mode";
        var journalMode = (string)(await journal.ExecuteScalarAsync())!;

        var storage = Path.Combine(Settings.Root, "src", "Silo", "Storage");
        var settings = Directory.EnumerateFiles(storage, "*.*", SearchOption.AllDirectories)
            .Where(file => file.EndsWith(".cs", StringComparison.Ordinal) || file.EndsWith(".sql", StringComparison.Ordinal))
            .SelectMany(file => File.ReadLines(file)
                .Where(line => !line.TrimStart().StartsWith("--", StringComparison.Ordinal) && !line.TrimStart().StartsWith("//", StringComparison.Ordinal))
                .Select(line => SynchronousPragma.Match(line))
                .Where(match => match.Success)
                .Select(match => (File: Path.GetRelativePath(Settings.Root, file), Value: match.Groups[1].Value.ToUpperInvariant())))
            .ToList();
        var synchronous = settings.Count == 0
            ? "synchronous not set anywhere under src/Silo/Storage (SQLite's compiled default)"
            : $"synchronous={string.Join("/", settings.Select(s => s.Value).Distinct())} (stated from the code: PRAGMA synchronous in " +
              $"{string.Join(", ", settings.Select(s => s.File).Distinct())}; a connection's own setting, not kept in the file)";
        return $"SQLite journal_mode={journalMode} (read from the database file), {synchronous}";
    }

    /// <summary>A statement that sets synchronous (comment lines are left out before).</summary>
    private static readonly System.Text.RegularExpressions.Regex SynchronousPragma =
        new(@"PRAGMA synchronous\s*=\s*(\w+)", System.Text.RegularExpressions.RegexOptions.IgnoreCase);

    private string ReadOnlyFile => new SqliteConnectionStringBuilder
    {
        DataSource = Path.Combine(_data, "presessions.db"),
        Mode = SqliteOpenMode.ReadOnly,
        Pooling = false,
    }.ConnectionString;

    public override async Task<StorageSnapshot?> StorageSnapshotAsync()
    {
        // Read-only, beside the gateway's own connections: the store runs in WAL mode, so readers never block its writes.
        await using var connection = new SqliteConnection(ReadOnlyFile);
        await connection.OpenAsync();
        await using var total = connection.CreateCommand();
        total.CommandText = "SELECT coalesce(sum(Version), 0) FROM PreSessionsGrainState";
        await using var preSessions = connection.CreateCommand();
        preSessions.CommandText = """
            SELECT s.StateKey, s.Version, coalesce(length(s.Payload), 0) + coalesce(
                (SELECT sum(length(i.Payload)) FROM PreSessionsGrainItems i WHERE i.ServiceId = s.ServiceId AND i.StateKey = s.StateKey), 0)
            FROM PreSessionsGrainState s WHERE s.StateKey LIKE $key
            """;
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
        var gateway = Start("gateway", Settings.Program("Gateway", "PreSessions.Gateway.dll"), gatewaySettings);
        await gateway.WaitForReadyAsync(new Uri(BaseAddress, "health/ready").ToString(), Settings.StartBound);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        ClusterSystem.TryDelete(_data);
    }
}
