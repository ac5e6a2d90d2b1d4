using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace PreSessions.FunctionalTests.Telemetry;

/// <summary>
/// Export follows the standard settings: with an OTLP endpoint set, traces, metrics and logs go there; with none set,
/// nothing is exported at all, not even to the exporter's default address. A receiver on loopback records what
/// arrives over OTLP/HTTP.
/// </summary>
public sealed class OtlpExportTests
{
    /// <summary>Where an OTLP/HTTP exporter sends when no endpoint is set (the OpenTelemetry specification's default).</summary>
    private const int DefaultOtlpHttpPort = 4318;

    [Fact]
    public async Task Nothing_is_exported_when_no_endpoint_is_set()
    {
        using var receiver = OtlpReceiver.Start(DefaultOtlpHttpPort);

        await OneRequestThenFlushAsync(endpoint: null);

        Assert.Empty(receiver.Received.Snapshot());
    }

    [Fact]
    public async Task Traces_metrics_and_logs_are_exported_to_the_endpoint_set()
    {
        using var receiver = OtlpReceiver.Start(TestSupport.FreePorts.Take(1)[0]);

        await OneRequestThenFlushAsync(endpoint: receiver.Endpoint);

        Assert.Contains("/v1/traces", receiver.Received.Snapshot());
        Assert.Contains("/v1/metrics", receiver.Received.Snapshot());
        Assert.Contains("/v1/logs", receiver.Received.Snapshot());
    }

    /// <summary>Runs a gateway, makes one request, and flushes every signal, so whatever is exported has been sent.</summary>
    private static async Task OneRequestThenFlushAsync(string? endpoint)
    {
        var gateway = new ExportingGateway(endpoint);
        await ((IAsyncLifetime)gateway).InitializeAsync();
        try
        {
            using (var response = await gateway.Client().GetAsync("/api/states/FRA"))
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            gateway.Services.GetRequiredService<TracerProvider>().ForceFlush(10_000);
            gateway.Services.GetRequiredService<MeterProvider>().ForceFlush(10_000);
            gateway.Services.GetRequiredService<LoggerProvider>().ForceFlush(10_000);
        }
        finally
        {
            await ((IAsyncLifetime)gateway).DisposeAsync();
        }
    }

    private sealed class ExportingGateway(string? endpoint) : GatewayFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
            if (endpoint is not null)
                builder.UseSetting("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint);
            // A log written within the request, so there is a log to export.
            builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics", "Information");
        }
    }

    /// <summary>Answers every OTLP/HTTP request with success and records its path.</summary>
    private sealed class OtlpReceiver : IDisposable
    {
        private readonly HttpListener _listener = new();

        private OtlpReceiver(int port)
        {
            Endpoint = $"http://127.0.0.1:{port}";
            // Requests are matched by their Host header, and the exporter's default address names localhost.
            _listener.Prefixes.Add(Endpoint + "/");
            _listener.Prefixes.Add($"http://localhost:{port}/");
        }

        public string Endpoint { get; }

        public Recording<string> Received { get; } = new();

        public static OtlpReceiver Start(int port)
        {
            var receiver = new OtlpReceiver(port);
            try
            {
                receiver._listener.Start();
            }
            catch (HttpListenerException busy)
            {
                Assert.Fail($"Port {port} is taken ({busy.Message}): the test listens there for what an exporter would send.");
            }
            _ = receiver.AnswerAsync();
            return receiver;
        }

        private async Task AnswerAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await _listener.GetContextAsync(); }
                catch (Exception stopped) when (stopped is HttpListenerException or ObjectDisposedException) { return; }
                Received.Add(context.Request.Url!.AbsolutePath);
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
                context.Response.Close();
            }
        }

        public void Dispose() => _listener.Close();
    }
}
