using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;
using Orleans.TestingHost;
using PreSessions.IntegrationTests.Postgres;
using PreSessions.Silo.Hosting;
using PreSessions.Silo.Storage;

namespace PreSessions.IntegrationTests.Durability;

/// <summary>
/// A database written by the previous release (each grain record whole in one row, through Orleans' ADO.NET provider,
/// schema before the items table) is upgraded with nothing lost, on both stores: every pre-session, application,
/// withdrawal, RSVP and organisation reads the same after the upgrade, replays answer what was stored, new writes store
/// a pre-session in parts, and the parts read back after a restart. Migrating twice changes nothing.
/// </summary>
public sealed class RecordsUpgradeTests : IAsyncLifetime
{
    private const int Wg = 41;
    private static readonly DateTimeOffset StartsAt = new(2031, 1, 15, 9, 0, 0, TimeSpan.Zero);
    private static readonly PreSessionKey France = new(Wg, "FRA"), Mali = new(Wg, "MLI");
    private static readonly string[] Csos = [.. Enumerable.Range(1, 8).Select(i => $"upgrade-cso-{i}")];
    private static readonly string[] Missions = [.. Enumerable.Range(1, 3).Select(i => $"upgrade-mission-{i}")];

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "presessions-upgrade-tests", Guid.NewGuid().ToString("N"));
    private readonly PostgresDatabase _postgres = new();

    public Task InitializeAsync() => _postgres.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _postgres.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Records_of_the_previous_release_read_the_same_and_move_to_parts_and_migrating_twice_changes_nothing(string store)
    {
        var database = store == "sqlite" ? (IStore)new Sqlite(_directory) : new Postgres(_postgres.ConnectionString);
        await database.MigrateAsync();

        // The previous release writes its world, then the database is put back to its schema.
        string before;
        await using (var previous = await database.StartAsync(previousRelease: true))
        {
            await WriteTheWorld(previous.Client);
            before = await Snapshot(previous.Client);
        }
        Assert.Equal(0, await database.ItemRows());
        await database.RemoveTheItemsTable();

        await database.MigrateAsync();
        var migrated = await database.Contents();
        await database.MigrateAsync();
        Assert.Equal(migrated, await database.Contents());

        await using (var upgraded = await database.StartAsync(previousRelease: false))
        {
            var grains = upgraded.Client;
            Assert.Equal(before, await Snapshot(grains));
            // Replays answer the answer stored by the previous release.
            Assert.Equal(ApplicationStatus.Panel, (await grains.GetGrain<IOrganisationGrain>(Csos[0]).Apply(France, Speech(Csos[0]), "key-0")).Value!.Status);
            // A new application takes the next place, and the pre-session's record moves to parts with that write.
            var next = (await grains.GetGrain<IOrganisationGrain>(Csos[7]).Apply(Mali, Speech(Csos[7]), "key-mali-7")).Value!;
            Assert.Equal(new ApplicationAnswer(ApplicationStatus.Waitlist, 2), next);
            before = await Snapshot(grains);
        }
        Assert.True(await database.ItemRows() >= 4, "The pre-session written after the upgrade stores its applications as items.");

        await using (var restarted = await database.StartAsync(previousRelease: false))
            Assert.Equal(before, await Snapshot(restarted.Client));
    }

    private static SpeakerApplication Speech(string org) => new($"Speaker of {org}", ["theme"]);

    private static async Task WriteTheWorld(IClusterClient grains)
    {
        var wg = grains.GetGrain<IWgSessionGrain>(Wg);
        await wg.Define(new WgSessionDetails($"WG {Wg}", "Palais des Nations", false, null));
        Assert.True((await wg.SchedulePreSession(France.Sur, new PreSessionPlan(StartsAt, 60, "XXIV", 3, 5))).Value);
        Assert.True((await wg.SchedulePreSession(Mali.Sur, new PreSessionPlan(StartsAt.AddHours(2), 60, "XXIV", 2, 5))).Value);
        foreach (var (id, kind) in Csos.Select(c => (c, OrganisationKind.Cso)).Concat(Missions.Select(m => (m, OrganisationKind.Mission))))
            Assert.True((await grains.GetGrain<IOrganisationGrain>(id).Register(new Registration($"Organisation {id}", kind, "FRA", null, new byte[32]))).Succeeded);

        for (var i = 0; i < 6; i++)
            Assert.True((await grains.GetGrain<IOrganisationGrain>(Csos[i]).Apply(France, Speech(Csos[i]), $"key-{i}")).Succeeded);
        for (var i = 4; i < 7; i++)
            Assert.True((await grains.GetGrain<IOrganisationGrain>(Csos[i]).Apply(Mali, Speech(Csos[i]), $"key-mali-{i}")).Succeeded);
        Assert.True((await grains.GetGrain<IOrganisationGrain>(Csos[1]).Withdraw(France, "withdraw-1")).Succeeded);
        foreach (var mission in Missions)
            Assert.True((await grains.GetGrain<IOrganisationGrain>(mission).Rsvp(France, new RsvpRequest(true, 2))).Succeeded);
    }

    /// <summary>Everything the world holds, as JSON: pre-sessions' views, queues and RSVPs, and organisations' own views.</summary>
    private static async Task<string> Snapshot(IClusterClient grains)
    {
        var preSessions = new List<object?>();
        foreach (var key in new[] { France, Mali })
        {
            var preSession = grains.GetGrain<IPreSessionGrain>(key.GrainKey);
            preSessions.Add(new { view = await preSession.GetView(), applications = await preSession.GetApplications(), rsvps = await preSession.GetRsvps() });
        }
        var organisations = new List<object?>();
        foreach (var id in Csos.Concat(Missions))
            organisations.Add(await grains.GetGrain<IOrganisationGrain>(id).GetView());
        return JsonSerializer.Serialize(new { preSessions, organisations });
    }

    /// <summary>One store, as the test drives it: migrate, start a silo on it, and look at its tables.</summary>
    private interface IStore
    {
        Task MigrateAsync();

        Task<Running> StartAsync(bool previousRelease);

        /// <summary>Puts the schema back to the previous release's: no items table, no unique record key.</summary>
        Task RemoveTheItemsTable();

        Task<long> ItemRows();

        /// <summary>The schema and every row of the records' tables, as text.</summary>
        Task<string> Contents();
    }

    /// <summary>A running silo and its client; disposing stops both.</summary>
    private sealed record Running(IClusterClient Client, Func<Task> Stop) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await Stop();
    }

    private sealed class Sqlite(string directory) : IStore
    {
        private string ConnectionString => EmbeddedStore.ConnectionString(directory);

        public Task MigrateAsync()
        {
            EmbeddedStore.EnsureSchema(ConnectionString);
            return Task.CompletedTask;
        }

        public async Task<Running> StartAsync(bool previousRelease)
        {
            var builder = new InProcessTestClusterBuilder(1);
            // Records are keyed by the service: every start must find the previous one's.
            builder.Options.ServiceId = "presessions-upgrade-tests";
            builder.ConfigureSilo((_, silo) =>
            {
                silo.UseEmbeddedStore(directory, StorageNames.Grains).AddPreSessionsRuntime();
                if (previousRelease)
                    silo.UseAdoNetProviderForRecords(EmbeddedStore.Invariant, EmbeddedStore.ConnectionString(directory));
            });
            var cluster = await TestClusters.DeployedAsync(builder.Build(), c => c.DeployAsync());
            return new Running(cluster.Client, () => TestClusters.StoppedAsync(cluster, c => c.StopAllSilosAsync()));
        }

        public Task RemoveTheItemsTable() => Execute("DROP TABLE PreSessionsGrainItems; DROP INDEX UX_PreSessionsGrainState_StateKey;");

        public async Task<long> ItemRows() => (long)(await Scalar("SELECT count(*) FROM PreSessionsGrainItems"))!;

        public async Task<string> Contents() => string.Join('\n',
            await Scalar("SELECT group_concat(type || ' ' || name || ' ' || IFNULL(sql, ''), char(10)) FROM (SELECT * FROM sqlite_master ORDER BY name)"),
            await Scalar("SELECT group_concat(StateKey || ' ' || Version || ' ' || hex(Payload), char(10)) FROM (SELECT * FROM PreSessionsGrainState ORDER BY StateKey)"),
            await Scalar("SELECT group_concat(StateKey || ' ' || List || ' ' || ItemKey || ' ' || Ord || ' ' || hex(Payload), char(10)) FROM (SELECT * FROM PreSessionsGrainItems ORDER BY StateKey, List, ItemKey)"));

        private async Task Execute(string sql)
        {
            await using var connection = new SqliteConnection(ConnectionString);
            connection.Open();
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }

        private async Task<object?> Scalar(string sql)
        {
            await using var connection = new SqliteConnection(ConnectionString);
            connection.Open();
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            return command.ExecuteScalar();
        }
    }

    private sealed class Postgres(string connectionString) : IStore
    {
        public Task MigrateAsync() => PostgresStore.MigrateAsync(connectionString);

        public async Task<Running> StartAsync(bool previousRelease)
        {
            var cluster = await PostgresTestCluster.StartAsync(connectionString, silos: 1, previousRelease);
            return new Running(cluster.Client, () => PostgresTestCluster.StopAsync(cluster));
        }

        public Task RemoveTheItemsTable() => Execute("""
            DROP TABLE presessions_grain_items;
            ALTER TABLE presessions_grain_state DROP CONSTRAINT presessions_grain_state_record;
            DELETE FROM presessions_schema_migrations WHERE name = 'grain_items';
            """);

        public async Task<long> ItemRows() => (long)(await Scalar("SELECT count(*) FROM presessions_grain_items"))!;

        public async Task<string> Contents() => string.Join('\n',
            await Scalar("""
                SELECT string_agg(table_name || ' ' || column_name || ' ' || data_type, E'\n' ORDER BY table_name, column_name)
                FROM information_schema.columns WHERE table_schema = 'public'
                """),
            await Scalar("SELECT string_agg(conname, E'\n' ORDER BY conname) FROM pg_constraint WHERE connamespace = 'public'::regnamespace"),
            await Scalar("SELECT string_agg(version || ' ' || name || ' ' || applied_at, E'\n' ORDER BY version) FROM presessions_schema_migrations"),
            await Scalar("SELECT string_agg(state_key || ' ' || version || ' ' || encode(payload, 'hex'), E'\n' ORDER BY state_key) FROM presessions_grain_state"),
            await Scalar("SELECT string_agg(state_key || ' ' || list || ' ' || item_key || ' ' || ord, E'\n' ORDER BY state_key, list, item_key) FROM presessions_grain_items"));

        private async Task Execute(string sql)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }

        private async Task<object?> Scalar(string sql)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            return await command.ExecuteScalarAsync();
        }
    }
}
