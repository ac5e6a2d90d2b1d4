using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PreSessions.Gateway.Hosting;

namespace PreSessions.Gateway.Apis;

public sealed record HealthResponse(string Status, Dictionary<string, string> Checks);

/// <summary>Live: the process answers. Ready: the cluster and its storage answer too (else 503 with Retry-After).</summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        var health = app.MapGroup("/health").WithTags("Operations").AllowAnonymous();
        health.MapGet("/live", () => TypedResults.Ok(new HealthResponse("Healthy", [])))
            .WithName("live").WithSummary("The process answers");
        health.MapGet("/ready", Ready).Produces<HealthResponse>(StatusCodes.Status503ServiceUnavailable)
            .WithName("ready").WithSummary("A silo and the grains' store answer (else 503, the failing check named)");
        return app;
    }

    private static async Task<Results<Ok<HealthResponse>, JsonHttpResult<HealthResponse>>> Ready(
        HealthCheckService checks, HttpResponse response, CancellationToken cancellationToken)
    {
        var report = await checks.CheckHealthAsync(c => c.Tags.Contains(ClusterHosting.Ready), cancellationToken);
        var body = new HealthResponse(report.Status.ToString(),
            report.Entries.ToDictionary(e => e.Key, e => e.Value.Description ?? e.Value.Exception?.GetType().Name ?? e.Value.Status.ToString()));
        if (report.Status == HealthStatus.Healthy)
            return TypedResults.Ok(body);
        response.Headers.RetryAfter = Failures.RetryAfterSeconds.ToString();
        return TypedResults.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
