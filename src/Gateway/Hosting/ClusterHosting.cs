using Microsoft.Extensions.Diagnostics.HealthChecks;
using PreSessions.Silo.Hosting;
using PreSessions.Silo.Storage;

namespace PreSessions.Gateway.Hosting;

/// <summary>
/// Where the grains run. The embedded default hosts a silo in the gateway's own process, on the SQLite store,
/// so one command runs the whole system; the gateway code talks to grains only through their interfaces.
/// </summary>
public static class ClusterHosting
{
    public static WebApplicationBuilder AddPreSessionsCluster(this WebApplicationBuilder builder)
    {
        builder.UseOrleans(silo => silo.AddPreSessions(builder.Configuration));
        builder.Services.AddHealthChecks()
            .AddCheck<ClusterHealthCheck>("cluster", tags: [Ready])
            .AddCheck<EmbeddedStoreHealthCheck>("storage", tags: [Ready]);
        return builder;
    }

    public const string Ready = "ready";
}

/// <summary>Ready only when a silo answers: the management grain lists the active silos.</summary>
public sealed class ClusterHealthCheck(IGrainFactory grains) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)
            .WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
        return hosts.Count > 0 ? HealthCheckResult.Healthy($"{hosts.Count} active silo(s)") : HealthCheckResult.Unhealthy("No active silo.");
    }
}

/// <summary>Ready only when the store answers a query.</summary>
public sealed class EmbeddedStoreHealthCheck(IConfiguration configuration) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        var options = configuration.GetSection(PreSessionsOptions.Section).Get<PreSessionsOptions>() ?? new();
        await using var connection = System.Data.Common.DbProviderFactories.GetFactory(EmbeddedStore.Invariant).CreateConnection()!;
        connection.ConnectionString = EmbeddedStore.ConnectionString(Path.GetFullPath(options.DataDirectory));
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM OrleansQuery";
        var queries = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken));
        return queries > 0 ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("The store has no schema.");
    }
}
