using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using Orleans.TestingHost;
using PreSessions.Silo.Storage;
using Xunit;

namespace PreSessions.GrainTests.Storage;

// ---------------------------------------------------------------------------------------------
// Test-only grains. Both grain types deliberately use the SAME state name ("counter") and string
// keys, which is exactly the case the stock ADO.NET provider cannot tell apart on its own.
// ---------------------------------------------------------------------------------------------

public interface ICounterTestGrain : IGrainWithStringKey
{
    Task<int> Increment();
    Task<int> Get();
}

public interface ITallyTestGrain : IGrainWithStringKey
{
    Task<int> Increment();
    Task<int> Get();
}

[GenerateSerializer]
public sealed class CounterState
{
    [Id(0)]
    public int Value { get; set; }
}

public sealed class CounterTestGrain(
    [PersistentState("counter", EmbeddedStoreTests.StorageName)] IPersistentState<CounterState> state)
    : Grain, ICounterTestGrain
{
    public async Task<int> Increment()
    {
        state.State.Value++;
        await state.WriteStateAsync();
        return state.State.Value;
    }

    public Task<int> Get() => Task.FromResult(state.State.Value);
}

public sealed class TallyTestGrain(
    [PersistentState("counter", EmbeddedStoreTests.StorageName)] IPersistentState<CounterState> state)
    : Grain, ITallyTestGrain
{
    public async Task<int> Increment()
    {
        state.State.Value++;
        await state.WriteStateAsync();
        return state.State.Value;
    }

    public Task<int> Get() => Task.FromResult(state.State.Value);
}

public sealed class EmbeddedStoreTests : IDisposable
{
    public const string StorageName = "test-store";

    // Fixed so a second cluster on the same directory addresses the same rows (ServiceId is part of the key).
    private const string ServiceId = "presessions-embedded-store-tests";

    private readonly string _dataDirectory =
        Path.Combine(Path.GetTempPath(), "presessions-embedded-store-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        // Pooled connections keep the file open; release them before deleting the directory.
        SqliteConnection.ClearAllPools();
        try
        {
            if (Directory.Exists(_dataDirectory))
            {
                Directory.Delete(_dataDirectory, recursive: true);
            }
        }
        catch (IOException)
        {
            // Best effort: a temp directory left behind must not fail the test.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    [Fact]
    public void EmbeddedStore_EnsureSchema_is_idempotent_on_a_fresh_directory()
    {
        Assert.Contains(
            typeof(EmbeddedStore).Assembly.GetManifestResourceNames(),
            name => name.Replace('\\', '/') == "PreSessions.Sql.sqlite/001_grain_storage.sql");

        var connectionString = EmbeddedStore.ConnectionString(_dataDirectory);
        Assert.True(Directory.Exists(_dataDirectory));

        EmbeddedStore.RegisterProvider();
        EmbeddedStore.RegisterProvider();
        EmbeddedStore.EnsureSchema(connectionString);
        EmbeddedStore.EnsureSchema(connectionString);

        Assert.True(System.Data.Common.DbProviderFactories.TryGetFactory(EmbeddedStore.Invariant, out var factory));
        Assert.IsType<SqliteFactory>(factory);

        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();

        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", Convert.ToString(command.ExecuteScalar()), ignoreCase: true);

        command.CommandText = "SELECT QueryKey FROM OrleansQuery ORDER BY QueryKey;";
        var keys = new List<string>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                keys.Add(reader.GetString(0));
            }
        }

        Assert.Equal(new[] { "ClearStorageKey", "DeleteStorageKey", "ReadFromStorageKey", "WriteToStorageKey" }, keys);

        command.CommandText = "SELECT count(*) FROM PreSessionsGrainState;";
        Assert.Equal(0L, (long)command.ExecuteScalar()!);
    }

    [Fact]
    public async Task EmbeddedStore_state_survives_a_full_cluster_restart()
    {
        var cluster = await StartClusterAsync(silos: 2);
        try
        {
            var alice = cluster.Client.GetGrain<ICounterTestGrain>("alice");
            var bob = cluster.Client.GetGrain<ICounterTestGrain>("bob");
            for (var i = 0; i < 3; i++)
            {
                await alice.Increment();
            }

            await bob.Increment();
            Assert.Equal(3, await alice.Get());
        }
        finally
        {
            await StopClusterAsync(cluster);
        }

        // Whole cluster gone; a brand-new one on the same directory must load the state from SQLite.
        var second = await StartClusterAsync(silos: 1);
        try
        {
            Assert.Equal(3, await second.Client.GetGrain<ICounterTestGrain>("alice").Get());
            Assert.Equal(1, await second.Client.GetGrain<ICounterTestGrain>("bob").Get());
            Assert.Equal(0, await second.Client.GetGrain<ICounterTestGrain>("never-written").Get());

            // And it keeps writing on top of the reloaded version (ETag flowed from the read).
            Assert.Equal(4, await second.Client.GetGrain<ICounterTestGrain>("alice").Increment());
        }
        finally
        {
            await StopClusterAsync(second);
        }
    }

    [Fact]
    public async Task EmbeddedStore_different_grain_ids_and_grain_types_do_not_overwrite_each_other()
    {
        var cluster = await StartClusterAsync(silos: 1);
        try
        {
            var client = cluster.Client;

            // Same key, same state name, different grain types.
            for (var i = 0; i < 3; i++)
            {
                await client.GetGrain<ICounterTestGrain>("abc").Increment();
            }

            await client.GetGrain<ITallyTestGrain>("abc").Increment();

            // Different ids of the same type. "0ABC" parses to the same integer key as "abc" in Orleans'
            // key parsing (hex), i.e. the same GrainIdN0/N1 for the provider; they must still be separate.
            for (var i = 0; i < 5; i++)
            {
                await client.GetGrain<ICounterTestGrain>("0ABC").Increment();
            }

            await client.GetGrain<ICounterTestGrain>("xyz").Increment();
            await client.GetGrain<ICounterTestGrain>("xyz").Increment();
        }
        finally
        {
            await StopClusterAsync(cluster);
        }

        // One row per (grain type, grain id, state).
        using (var connection = new SqliteConnection(EmbeddedStore.ConnectionString(_dataDirectory)))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*), count(DISTINCT StateKey) FROM PreSessionsGrainState;";
            using var reader = command.ExecuteReader();
            Assert.True(reader.Read());
            Assert.Equal(4L, reader.GetInt64(0));
            Assert.Equal(4L, reader.GetInt64(1));
        }

        var second = await StartClusterAsync(silos: 1);
        try
        {
            var client = second.Client;
            Assert.Equal(3, await client.GetGrain<ICounterTestGrain>("abc").Get());
            Assert.Equal(1, await client.GetGrain<ITallyTestGrain>("abc").Get());
            Assert.Equal(5, await client.GetGrain<ICounterTestGrain>("0ABC").Get());
            Assert.Equal(2, await client.GetGrain<ICounterTestGrain>("xyz").Get());
            Assert.Equal(0, await client.GetGrain<ITallyTestGrain>("xyz").Get());

            // Records are keyed by grain type, grain key and state name: the bare Orleans ADO.NET provider keyed them by
            // state name and parsed key only, so another grain type with the same key and state name hit the same row.
            var scoped = Assert.IsType<BatchedGrainStorage>(GetStorage(second));
            var counterId = client.GetGrain<ICounterTestGrain>("raw").GetGrainId();
            var tallyId = client.GetGrain<ITallyTestGrain>("raw").GetGrainId();
            // The same two first writes are independent.
            await scoped.WriteStateAsync("counter", counterId, new GrainState<CounterState>(new CounterState { Value = 1 }));
            await scoped.WriteStateAsync("counter", tallyId, new GrainState<CounterState>(new CounterState { Value = 2 }));
        }
        finally
        {
            await StopClusterAsync(second);
        }
    }

    [Fact]
    public async Task EmbeddedStore_stale_write_surfaces_as_InconsistentStateException()
    {
        var cluster = await StartClusterAsync(silos: 1);
        try
        {
            var grain = cluster.Client.GetGrain<ICounterTestGrain>("contended");
            var grainId = grain.GetGrainId();
            var storage = GetStorage(cluster);

            Assert.Equal(1, await grain.Increment());

            // A second "activation" reads the state: it now holds ETag = current version.
            var other = new GrainState<CounterState>();
            await storage.ReadStateAsync("counter", grainId, other);
            Assert.True(other.RecordExists);
            Assert.Equal(1, other.State!.Value);
            var staleETag = other.ETag;
            Assert.False(string.IsNullOrEmpty(staleETag));

            // The real activation writes again, so the copy above is stale.
            Assert.Equal(2, await grain.Increment());

            other.State.Value = 100;
            await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("counter", grainId, other));
            Assert.Equal(staleETag, other.ETag); // rejected write leaves the caller's ETag untouched

            // A writer that never saw the record (ETag null) cannot blindly insert over it either.
            var blind = new GrainState<CounterState>(new CounterState { Value = 7 });
            await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("counter", grainId, blind));

            // Nor can a stale clear.
            other.ETag = staleETag;
            await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("counter", grainId, other));

            // Now the other side wins a write with a fresh ETag; the grain's own ETag is stale and its next
            // WriteStateAsync fails all the way to the caller.
            var fresh = new GrainState<CounterState>();
            await storage.ReadStateAsync("counter", grainId, fresh);
            Assert.Equal(2, fresh.State!.Value);
            fresh.State.Value = 100;
            await storage.WriteStateAsync("counter", grainId, fresh);

            await Assert.ThrowsAsync<InconsistentStateException>(() => grain.Increment());

            // Orleans deactivates the activation that let the exception escape; the next activation reloads
            // the winning state.
            await Eventually.Until(async () => await grain.Get() == 100, TimeSpan.FromSeconds(10), "the grain to read 100", TimeSpan.FromMilliseconds(100));
            Assert.Equal(101, await grain.Increment());
        }
        finally
        {
            await StopClusterAsync(cluster);
        }
    }

    private async Task<InProcessTestCluster> StartClusterAsync(short silos)
    {
        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.ServiceId = ServiceId;
        var dataDirectory = _dataDirectory;
        builder.ConfigureSilo((_, silo) => silo.UseEmbeddedStore(dataDirectory, StorageName));
        return await TestClusters.DeployedAsync(builder.Build(), cluster => cluster.DeployAsync());
    }

    private static Task StopClusterAsync(InProcessTestCluster cluster) =>
        TestClusters.StoppedAsync(cluster, c => c.StopAllSilosAsync());

    private static IGrainStorage GetStorage(InProcessTestCluster cluster)
    {
        var silo = cluster.Silos[0];
        return cluster.GetSiloServiceProvider(silo.SiloAddress).GetRequiredKeyedService<IGrainStorage>(StorageName);
    }
}
