using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using PreSessions.Gateway.Hosting;

namespace PreSessions.Gateway.Apis;

/// <summary>Live: the process answers. Ready: the cluster and its storage answer too.</summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ClusterHosting.Ready) })
            .AllowAnonymous();
        return app;
    }
}
