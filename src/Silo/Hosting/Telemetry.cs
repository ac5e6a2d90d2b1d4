using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace PreSessions.Silo.Hosting;

/// <summary>
/// OpenTelemetry for every PreSessions process: a silo, the gateway, or the gateway hosting the embedded silo (whose
/// spans then belong to the gateway's service). Traces, metrics and logs are exported over OTLP when the standard
/// <c>OTEL_EXPORTER_OTLP_*</c> settings say where; with none of them set, nothing is exported at all.
/// </summary>
public static class Telemetry
{
    public const string SiloServiceName = "presessions-silo";

    /// <summary>
    /// Orleans' spans, chosen one by one: grain calls (client and server side), activations met within a call, grain
    /// storage reads and writes, and runtime calls (directory, management). The runtime's are mostly chatter (its
    /// system timers fire every second), so they are kept only within a request's trace: see
    /// <see cref="RequestRootedSampler"/>.
    /// </summary>
    private static readonly string[] OrleansSources =
    [
        "Microsoft.Orleans.Application", "Microsoft.Orleans.Lifecycle", "Microsoft.Orleans.Storage", "Microsoft.Orleans.Runtime",
    ];

    /// <summary>The settings that say where OTLP goes; any one of them turns the exporter on.</summary>
    private static readonly string[] OtlpEndpointSettings =
    [
        "OTEL_EXPORTER_OTLP_ENDPOINT",
        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT",
    ];

    public static IHostApplicationBuilder AddPreSessionsTelemetry(this IHostApplicationBuilder builder, string serviceName)
    {
        var telemetry = builder.Services.AddOpenTelemetry()
            // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES, when set, win over the process's own name.
            .ConfigureResource(resource => resource.AddService(serviceName).AddEnvironmentVariableDetector())
            .WithTracing(tracing => tracing
                .SetSampler(new RequestRootedSampler())
                .AddSource(OrleansSources)
                // PostgreSQL commands in cluster mode: grain storage, membership and reminders.
                .AddNpgsql())
            .WithMetrics(metrics => metrics
                .AddMeter(DomainMeter.Name, "Microsoft.Orleans", "System.Runtime")
                .AddNpgsqlInstrumentation())
            .WithLogging(configureBuilder: null, configureOptions: logs =>
            {
                logs.IncludeScopes = true;
                logs.IncludeFormattedMessage = true;
            });
        // UseOtlpExporter alone would send to its default (localhost:4317) whether or not anything listens there.
        if (OtlpEndpointSettings.Any(setting => !string.IsNullOrWhiteSpace(builder.Configuration[setting])))
            telemetry.UseOtlpExporter();
        // Console lines carry their trace and span ids too (the host's activity tracking puts them in the scope).
        builder.Logging.AddSimpleConsole(console => console.IncludeScopes = true);
        return builder;
    }

    /// <summary>
    /// Every request to the gateway is traced, whatever its caller's own sampling said, so that the traceparent it
    /// answers always finds a trace; a span within a trace follows its parent. Everything else that starts with no
    /// parent is the cluster's own background work (system timers every second, membership probes and table
    /// refreshes, directory upkeep, the Orleans dashboard's sampling, PostgreSQL chatter): it is dropped, and with it
    /// everything beneath it, here and in the silos it calls.
    /// </summary>
    private sealed class RequestRootedSampler : Sampler
    {
        /// <summary>ASP.NET Core's name for the activity of an incoming request (its display name comes later).</summary>
        private const string IncomingRequest = "Microsoft.AspNetCore.Hosting.HttpRequestIn";

        private static readonly SamplingResult Sampled = new(SamplingDecision.RecordAndSample);
        private static readonly SamplingResult Dropped = new(SamplingDecision.Drop);

        public override SamplingResult ShouldSample(in SamplingParameters parameters)
        {
            var withinATrace = parameters.ParentContext.TraceFlags.HasFlag(ActivityTraceFlags.Recorded);
            return parameters.Name == IncomingRequest || withinATrace ? Sampled : Dropped;
        }
    }
}
