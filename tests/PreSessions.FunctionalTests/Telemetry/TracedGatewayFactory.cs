using System.Diagnostics;
using System.Diagnostics.Metrics;
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
        builder.ConfigureTestServices(services =>
        {
            services.AddOpenTelemetry()
                .WithTracing(tracing => tracing.AddInMemoryExporter(Spans))
                .WithMetrics(metrics => metrics.AddInMemoryExporter(Metrics))
                .WithLogging(logs => logs.AddInMemoryExporter(Logs));
            services.ConfigureOpenTelemetryMeterProvider((provider, metrics) =>
                metrics.AddView(OnlyThisHost(provider.GetRequiredService<IMeterFactory>())));
        });
    }

    /// <summary>
    /// A meter provider listens to every meter of its name in the process, and instruments of the same name from
    /// several hosts share one metric stream: other test classes' gateways, running at the same time, would add their
    /// measurements to this gateway's metrics, and when one of them stops, the end of its instruments can end the shared
    /// stream (this class's counters then read 0, or go missing). So the instruments of other hosts' meter factories are
    /// dropped; meters made without a factory (Orleans') are process-wide and stay.
    /// </summary>
    private static Func<Instrument, MetricStreamConfiguration?> OnlyThisHost(IMeterFactory own) => instrument =>
        instrument.Meter.Scope is null || ReferenceEquals(instrument.Meter.Scope, own) ? null : MetricStreamConfiguration.Drop;

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
    /// The points of a metric that <paramref name="which"/> selects (this test's pre-session, route or feed), from the
    /// last collection that had any: every test of the class shares this gateway, so each picks its own points.
    /// </summary>
    public MetricPoint[] Points(string metric, Func<MetricPoint, bool> which)
    {
        var snapshots = Metrics.Snapshot().Where(m => m.Name == metric).ToList();
        Assert.True(snapshots.Count > 0, $"No metric {metric} was collected.");
        return snapshots.Select(s => s.MetricPoints.Where(which).ToArray()).LastOrDefault(points => points.Length > 0) ?? [];
    }
}
