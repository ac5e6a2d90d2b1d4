using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace PreSessions.FunctionalTests.Telemetry;

/// <summary>
/// The gateway of <see cref="GatewayFactory"/> (embedded silo, SQLite store), its spans, metrics and logs also kept in
/// memory: what an OTLP receiver would get, as the exporters see it.
/// </summary>
public sealed class TracedGatewayFactory : GatewayFactory
{
    public Recording<Activity> Spans { get; } = new();

    public Recording<MetricSnapshot> Metrics { get; } = new();

    public Recording<LogRecord> Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // ASP.NET Core's request logs are written inside the request, so they show whether logs carry the trace id.
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics", "Information");
        builder.ConfigureTestServices(services => services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddInMemoryExporter(Spans))
            .WithMetrics(metrics => metrics.AddInMemoryExporter(Metrics))
            .WithLogging(logs => logs.AddInMemoryExporter(Logs)));
    }

    /// <summary>Collects every instrument now (the periodic reader would wait a minute).</summary>
    public void CollectMetrics() => Assert.True(Services.GetRequiredService<MeterProvider>().ForceFlush(10_000));

    /// <summary>The last collected values of a metric (cumulative, so the last collection holds the totals).</summary>
    public MetricPoint[] Points(string metric)
    {
        var snapshot = Metrics.Snapshot().LastOrDefault(m => m.Name == metric);
        Assert.True(snapshot is not null, $"No metric {metric} was collected.");
        return [.. snapshot.MetricPoints];
    }

    /// <summary>
    /// The points of a metric that <paramref name="which"/> selects, from the last collection that had any. A meter
    /// provider listens to every meter of its name in the process, so with other test classes' gateways running at the
    /// same time a collection may carry their streams of the same metric too; the last stream of that name need not be
    /// this gateway's, but only this gateway's holds this test's pre-session.
    /// </summary>
    public MetricPoint[] Points(string metric, Func<MetricPoint, bool> which)
    {
        var snapshots = Metrics.Snapshot().Where(m => m.Name == metric).ToList();
        Assert.True(snapshots.Count > 0, $"No metric {metric} was collected.");
        return snapshots.Select(s => s.MetricPoints.Where(which).ToArray()).LastOrDefault(points => points.Length > 0) ?? [];
    }
}
