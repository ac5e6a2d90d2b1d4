using Microsoft.Data.Sqlite;
using Orleans.Dashboard;
using PreSessions.Silo.Hosting;
using PreSessions.Silo.Storage;

namespace PreSessions.Gateway.Hosting;

/// <summary>
/// The gateway's one seam with <c>src/Silo</c>: no other gateway file uses the silo's project or a grain's type
/// (<c>tests/PreSessions.UnitTests/Architecture</c> checks it). The gateway talks to grains through the contracts;
/// it needs the silo's project only for what a process of the cluster shares with the silos. The embedded default
/// hosts the silo itself, in this process, on the SQLite store; a cluster's gateway finds the silos the way they find
/// each other; and every process sends the same telemetry.
/// </summary>
internal static class SiloSeam
{
    /// <summary>The telemetry every PreSessions process sends (<c>src/Silo/Hosting/Telemetry.cs</c>), as <paramref name="serviceName"/>.</summary>
    public static WebApplicationBuilder AddClusterTelemetry(this WebApplicationBuilder builder, string serviceName)
    {
        builder.AddPreSessionsTelemetry(serviceName);
        return builder;
    }

    /// <summary>
    /// The embedded default's silo, in this process, with the Orleans dashboard's collecting side (whose page
    /// <see cref="OperatorDashboard"/> serves). Returns the store its grains write to, for the readiness check.
    /// </summary>
    public static StoreProbe HostEmbeddedSilo(this WebApplicationBuilder builder)
    {
        builder.UseOrleans(silo => silo.AddPreSessions(builder.Configuration).AddDashboard());
        // The probe waits for a locked store no longer than the check's own bound, not the grains' busy timeout.
        var store = new SqliteConnectionStringBuilder(EmbeddedStore.ConnectionString(DataDirectory.Path(builder.Configuration)))
        {
            DefaultTimeout = 3,
        };
        return new StoreProbe(EmbeddedStore.Invariant, store.ToString());
    }

    /// <summary>A client of the cluster whose database is <paramref name="postgres"/>: the silos' ids and membership table.</summary>
    public static IClientBuilder JoinCluster(this IClientBuilder client, string postgres) => client.UsePreSessionsCluster(postgres);

    /// <summary>The cluster's store, for the readiness check.</summary>
    public static StoreProbe ClusterStore(string postgres) => new(PostgresStore.Invariant, postgres);
}
