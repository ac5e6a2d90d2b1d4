using System.Net;
using Microsoft.Extensions.Configuration;
using Orleans.Configuration;
using Orleans.TestingHost;
using PreSessions.IntegrationTests.Durability;
using PreSessions.Silo.Hosting;
using PreSessions.Silo.Storage;

namespace PreSessions.IntegrationTests.Postgres;

/// <summary>
/// A TestingHost cluster whose silos run on <see cref="PostgresStore.UsePostgresStore"/>: grain state, membership
/// and reminders in the given database. TestingHost's own in-memory membership is switched off, so silos find each
/// other, and the client finds the gateways, only through the PostgreSQL membership table.
/// </summary>
internal static class PostgresTestCluster
{
    public const string ConnectionStringKey = "PreSessionsTests:Postgres";

    /// <summary>Pinned, as in production: rows are keyed by them, so a second cluster must find the first one's.</summary>
    public const string ServiceId = "presessions-postgres-tests";
    public const string ClusterId = "presessions-postgres-tests";

    public const string PreviousReleaseKey = "PreSessionsTests:PreviousRelease";

    /// <param name="previousRelease">Records through Orleans' ADO.NET provider, as the previous release stored them (upgrade tests).</param>
    public static async Task<TestCluster> StartAsync(string connectionString, short silos, bool previousRelease = false)
    {
        var builder = new TestClusterBuilder(silos);
        builder.Options.ServiceId = ServiceId;
        builder.Options.ClusterId = ClusterId;
        builder.Options.UseTestClusterMembership = false;
        builder.ConfigureHostConfiguration(configuration => configuration.AddInMemoryCollection(
            new Dictionary<string, string?> { [ConnectionStringKey] = connectionString, [PreviousReleaseKey] = previousRelease ? "true" : null }));
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        return await TestClusters.DeployedAsync(builder.Build(), cluster => cluster.DeployAsync());
    }

    /// <summary>Stops every silo gracefully (each marks itself Dead in the table), then disposes the cluster.</summary>
    public static Task StopAsync(TestCluster cluster) => TestClusters.StoppedAsync(cluster, c => c.StopAllSilosAsync());

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.UsePostgresStore(silo.Configuration[ConnectionStringKey]!, StorageNames.Grains).AddPreSessionsRuntime();
            if (silo.Configuration[PreviousReleaseKey] == "true")
                silo.UseAdoNetProviderForRecords(PostgresStore.Invariant, silo.Configuration[ConnectionStringKey]!);
            // The address other silos and clients read from the membership table: loopback, whatever the host's name resolves to.
            silo.Configure<EndpointOptions>(options => options.AdvertisedIPAddress = IPAddress.Loopback);
        }
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder client) =>
            client.UsePostgresClustering(configuration[ConnectionStringKey]!);
    }
}
