using System.Data.Common;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PreSessions.Gateway.Seed;

namespace PreSessions.Gateway.Hosting;

/// <summary>
/// Where the grains run. With <c>ConnectionStrings:PreSessions</c> the gateway is a pure client of a cluster on
/// PostgreSQL; without, it hosts the embedded default's silo in its own process, on the SQLite store, and loads the
/// demo week, so one command runs the whole system. Either way the gateway talks to grains through their interfaces.
/// </summary>
public static class ClusterHosting
{
    public const string Ready = "ready";

    public static WebApplicationBuilder AddPreSessionsCluster(this WebApplicationBuilder builder)
    {
        if (PreSessionsOptions.ClusterDatabase(builder.Configuration) is { } postgres)
        {
            builder.Services.AddSingleton(sp => new ClusterConnection(postgres, sp.GetRequiredService<ILoggerFactory>()));
            builder.Services.AddHostedService(sp => sp.GetRequiredService<ClusterConnection>());
            // Resolved per request, so a request that comes while no silo answers fails with 503, not the start.
            builder.Services.AddScoped(sp => sp.GetRequiredService<ClusterConnection>().Grains);
            builder.Services.AddSingleton(SiloSeam.ClusterStore(postgres));
        }
        else
        {
            builder.Services.AddSingleton(builder.HostEmbeddedSilo());
            builder.Services.AddHostedService<Wg29Week>();
        }
        builder.Services.AddHealthChecks()
            .AddCheck<ClusterHealthCheck>("cluster", tags: [Ready])
            .AddCheck<StoreHealthCheck>("storage", tags: [Ready]);
        return builder;
    }
}

/// <summary>Ready only when a silo answers: the management grain lists the active silos.</summary>
public sealed class ClusterHealthCheck(IServiceProvider services) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        if (services.GetService<ClusterConnection>() is { IsConnected: false })
            return HealthCheckResult.Unhealthy("Not connected to the cluster yet.");
        var hosts = await services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)
            .WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
        return hosts.Count > 0 ? HealthCheckResult.Healthy($"{hosts.Count} active silo(s)") : HealthCheckResult.Unhealthy("No active silo.");
    }
}

/// <summary>The store the grains write to, as the gateway can reach it to check that it answers.</summary>
public sealed record StoreProbe(string Invariant, string ConnectionString);

/// <summary>Ready only when the grains' store answers a query (its schema's query table).</summary>
public sealed class StoreHealthCheck(StoreProbe store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        await using var connection = DbProviderFactories.GetFactory(store.Invariant).CreateConnection()!;
        connection.ConnectionString = store.ConnectionString;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        await connection.OpenAsync(timeout.Token);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM OrleansQuery";
        var queries = Convert.ToInt32(await command.ExecuteScalarAsync(timeout.Token));
        return queries > 0 ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("The store has no schema.");
    }
}
