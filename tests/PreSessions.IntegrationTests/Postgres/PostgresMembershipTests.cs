using System.Data;
using Npgsql;

namespace PreSessions.IntegrationTests.Postgres;

/// <summary>Silos that find each other only through PreSessions' membership table.</summary>
public sealed class PostgresMembershipTests : IClassFixture<MigratedPostgresDatabase>
{
    private readonly MigratedPostgresDatabase _database;

    public PostgresMembershipTests(MigratedPostgresDatabase database) => _database = database;

    [Fact]
    public async Task Two_silos_form_a_cluster_through_the_membership_table()
    {
        var cluster = await PostgresTestCluster.StartAsync(_database.ConnectionString, silos: 2);
        try
        {
            var hosts = await cluster.Client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
            Assert.Equal(2, hosts.Count);
            Assert.All(hosts.Values, status => Assert.Equal(SiloStatus.Active, status));

            var rows = await MembershipRowsAsync();
            Assert.Equal(2, rows.Count);
            Assert.All(rows, row =>
            {
                Assert.Equal((int)SiloStatus.Active, row.Status);
                Assert.Equal("127.0.0.1", row.Address);
                Assert.True(row.ProxyPort > 0, "each silo is a gateway the client found in the table");
            });
            Assert.Equal(
                hosts.Keys.Select(silo => (silo.Endpoint.Port, silo.Generation)).Order(),
                rows.Select(row => (row.Port, row.Generation)).Order());

            // Two silos inserted and became Active (at least four accepted writes), each moving the version on by one.
            Assert.True(await TableVersionAsync() >= 4);
        }
        finally
        {
            await PostgresTestCluster.StopAsync(cluster);
        }

        // A graceful stop leaves each silo's row marked Dead.
        Assert.All(await MembershipRowsAsync(), row => Assert.Equal((int)SiloStatus.Dead, row.Status));
    }

    /// <summary>
    /// Each row's ETag is the table version: an insert or update made with a version someone else already moved on
    /// changes nothing, and an accepted one moves the version on by exactly one together with the row.
    /// </summary>
    [Fact]
    public async Task Membership_writes_are_conditional_on_the_table_version()
    {
        const string cluster = "version-contract";
        var started = new DateTime(2017, 12, 12, 9, 0, 0, DateTimeKind.Utc);
        await using var connection = await _database.OpenAsync();

        async Task<object?> RunAsync(string queryKey, Action<NpgsqlCommand> bind)
        {
            await using var command = await ProviderQueries.CommandAsync(connection, queryKey);
            command.Bind("DeploymentId", DbType.String, cluster);
            bind(command);
            return await command.ExecuteScalarAsync();
        }

        async Task<long> CountAsync()
        {
            await using var count = new NpgsqlCommand(
                "SELECT count(*) FROM presessions_membership WHERE deployment_id = @cluster", connection);
            count.Parameters.AddWithValue("cluster", cluster);
            return (long)(await count.ExecuteScalarAsync())!;
        }

        Task<object?> InsertAsync(int port, int version) => RunAsync("InsertMembershipKey", c => c
            .Bind("Address", DbType.AnsiString, "127.0.0.1").Bind("Port", DbType.Int32, port)
            .Bind("Generation", DbType.Int32, 7).Bind("SiloName", DbType.String, $"silo-{port}")
            .Bind("HostName", DbType.String, "host").Bind("Status", DbType.Int32, (int)SiloStatus.Joining)
            .Bind("ProxyPort", DbType.Int32, port + 1).Bind("StartTime", DbType.DateTime, started)
            .Bind("IAmAliveTime", DbType.DateTime, started).Bind("Version", DbType.Int32, version));

        Task<object?> UpdateAsync(int port, SiloStatus status, int version) => RunAsync("UpdateMembershipKey", c => c
            .Bind("Address", DbType.AnsiString, "127.0.0.1").Bind("Port", DbType.Int32, port)
            .Bind("Generation", DbType.Int32, 7).Bind("Status", DbType.Int32, (int)status)
            .Bind("SuspectTimes", DbType.String, null).Bind("IAmAliveTime", DbType.DateTime, started.AddSeconds(5))
            .Bind("Version", DbType.Int32, version));

        Task<object?> CleanupAsync(int port, DateTime iAmAlive) => RunAsync("CleanupDefunctSiloEntryKey", c => c
            .Bind("Address", DbType.AnsiString, "127.0.0.1").Bind("Port", DbType.Int32, port)
            .Bind("Generation", DbType.Int32, 7).Bind("SuspectTimes", DbType.String, null)
            .Bind("StartTime", DbType.DateTime, started).Bind("IAmAliveTime", DbType.DateTime, iAmAlive));

        Assert.Equal(true, await RunAsync("InsertMembershipVersionKey", _ => { }));
        Assert.Equal(false, await RunAsync("InsertMembershipVersionKey", _ => { }));

        Assert.Equal(true, await InsertAsync(11111, version: 0));
        Assert.Equal(false, await InsertAsync(11111, version: 1)); // already there
        Assert.Equal(false, await InsertAsync(11112, version: 0)); // stale version
        Assert.Equal(true, await InsertAsync(11112, version: 1));
        Assert.Equal(false, await UpdateAsync(11111, SiloStatus.Dead, version: 1)); // stale version
        Assert.Equal(true, await UpdateAsync(11111, SiloStatus.Dead, version: 2));
        Assert.Equal(3, await RunAsync("MembershipReadAllKey", _ => { }));

        // Cleanup deletes a Dead row only while it still holds the values the provider read.
        await CleanupAsync(11111, iAmAlive: started);
        await CleanupAsync(11112, iAmAlive: started); // not Dead
        Assert.Equal(2L, await CountAsync());
        await CleanupAsync(11111, iAmAlive: started.AddSeconds(5));
        Assert.Equal(1L, await CountAsync());
    }

    private async Task<List<(string Address, int Port, int Generation, int Status, int ProxyPort)>> MembershipRowsAsync()
    {
        await using var connection = await _database.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT address, port, generation, status, proxy_port FROM presessions_membership WHERE deployment_id = @cluster",
            connection);
        command.Parameters.AddWithValue("cluster", PostgresTestCluster.ClusterId);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, int, int, int, int)>();
        while (await reader.ReadAsync())
            rows.Add((reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4)));
        return rows;
    }

    private async Task<int> TableVersionAsync()
    {
        await using var connection = await _database.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT version FROM presessions_membership_version WHERE deployment_id = @cluster", connection);
        command.Parameters.AddWithValue("cluster", PostgresTestCluster.ClusterId);
        return (int)(await command.ExecuteScalarAsync())!;
    }
}
