using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Storage;

namespace PreSessions.IntegrationTests.Postgres;

/// <summary>Grain state on PostgreSQL through <c>UsePostgresStore</c>, each test on a freshly migrated database.</summary>
public sealed class PostgresGrainStorageTests : IAsyncLifetime
{
    private readonly MigratedPostgresDatabase _database = new();

    public Task InitializeAsync() => _database.InitializeAsync();

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task State_survives_a_full_cluster_restart()
    {
        var first = await PostgresTestCluster.StartAsync(_database.ConnectionString, silos: 2);
        try
        {
            var alice = first.Client.GetGrain<IPostgresCounterGrain>("alice");
            for (var i = 0; i < 3; i++)
                await alice.Increment();
            await first.Client.GetGrain<IPostgresCounterGrain>("bob").Increment();
        }
        finally
        {
            await PostgresTestCluster.StopAsync(first);
        }

        // Every silo gone; a new cluster on the same database loads the state from PostgreSQL.
        var second = await PostgresTestCluster.StartAsync(_database.ConnectionString, silos: 1);
        try
        {
            Assert.Equal(3, await second.Client.GetGrain<IPostgresCounterGrain>("alice").Get());
            Assert.Equal(1, await second.Client.GetGrain<IPostgresCounterGrain>("bob").Get());
            Assert.Equal(0, await second.Client.GetGrain<IPostgresCounterGrain>("never-written").Get());
            // It writes on top of the reloaded version: the ETag came with the read.
            Assert.Equal(4, await second.Client.GetGrain<IPostgresCounterGrain>("alice").Increment());
        }
        finally
        {
            await PostgresTestCluster.StopAsync(second);
        }
    }

    [Fact]
    public async Task Different_grain_types_and_ids_never_overwrite_each_other()
    {
        var cluster = await PostgresTestCluster.StartAsync(_database.ConnectionString, silos: 1);
        try
        {
            var client = cluster.Client;
            // Same key and state name, another grain type.
            for (var i = 0; i < 3; i++)
                await client.GetGrain<IPostgresCounterGrain>("abc").Increment();
            await client.GetGrain<IPostgresTallyGrain>("abc").Increment();
            // "0ABC" parses to the same integer key as "abc" (hex) in the provider's key parsing.
            for (var i = 0; i < 5; i++)
                await client.GetGrain<IPostgresCounterGrain>("0ABC").Increment();
            await client.GetGrain<IPostgresCounterGrain>("xyz").Increment();
            await client.GetGrain<IPostgresCounterGrain>("xyz").Increment();

            Assert.Equal(3, await client.GetGrain<IPostgresCounterGrain>("abc").Get());
            Assert.Equal(1, await client.GetGrain<IPostgresTallyGrain>("abc").Get());
            Assert.Equal(5, await client.GetGrain<IPostgresCounterGrain>("0ABC").Get());
            Assert.Equal(2, await client.GetGrain<IPostgresCounterGrain>("xyz").Get());
            Assert.Equal(0, await client.GetGrain<IPostgresTallyGrain>("xyz").Get());
        }
        finally
        {
            await PostgresTestCluster.StopAsync(cluster);
        }

        // One row per (grain type, grain id, state), all under the pinned service id.
        await using var connection = await _database.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*), count(DISTINCT state_key), count(*) FILTER (WHERE service_id = @service) FROM presessions_grain_state",
            connection);
        command.Parameters.AddWithValue("service", PostgresTestCluster.ServiceId);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(4L, reader.GetInt64(0));
        Assert.Equal(4L, reader.GetInt64(1));
        Assert.Equal(4L, reader.GetInt64(2));
    }

    [Fact]
    public async Task A_stale_write_is_an_InconsistentStateException()
    {
        var cluster = await PostgresTestCluster.StartAsync(_database.ConnectionString, silos: 1);
        try
        {
            var grain = cluster.Client.GetGrain<IPostgresCounterGrain>("contended");
            var grainId = grain.GetGrainId();
            var storage = cluster.GetSiloServiceProvider(cluster.Silos[0].SiloAddress)
                .GetRequiredKeyedService<IGrainStorage>(StorageNames.Grains);
            Assert.Equal(1, await grain.Increment());

            // A second "activation" reads the state, then the real one writes again: the copy is stale.
            var stale = new GrainState<CountState>();
            await storage.ReadStateAsync(PostgresCounterGrain.StateName, grainId, stale);
            Assert.Equal(1, stale.State!.Value);
            var staleETag = stale.ETag;
            Assert.Equal(2, await grain.Increment());

            stale.State.Value = 100;
            await Assert.ThrowsAsync<InconsistentStateException>(
                () => storage.WriteStateAsync(PostgresCounterGrain.StateName, grainId, stale));
            Assert.Equal(staleETag, stale.ETag);

            // A writer that never saw the record cannot insert over it, nor can a stale clear remove it.
            var blind = new GrainState<CountState>(new CountState { Value = 7 });
            await Assert.ThrowsAsync<InconsistentStateException>(
                () => storage.WriteStateAsync(PostgresCounterGrain.StateName, grainId, blind));
            await Assert.ThrowsAsync<InconsistentStateException>(
                () => storage.ClearStateAsync(PostgresCounterGrain.StateName, grainId, stale));

            // Another writer wins with a fresh ETag: the grain's own next write fails up to the caller, and the
            // activation that let it escape is replaced by one that reloads the winning state.
            var fresh = new GrainState<CountState>();
            await storage.ReadStateAsync(PostgresCounterGrain.StateName, grainId, fresh);
            fresh.State!.Value = 100;
            await storage.WriteStateAsync(PostgresCounterGrain.StateName, grainId, fresh);
            await Assert.ThrowsAsync<InconsistentStateException>(() => grain.Increment());
            await Eventually.Until(async () => await grain.Get() == 100, TimeSpan.FromSeconds(10), "the grain to read 100", TimeSpan.FromMilliseconds(100));
            Assert.Equal(101, await grain.Increment());
        }
        finally
        {
            await PostgresTestCluster.StopAsync(cluster);
        }
    }
}
