using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace PreSessions.IntegrationTests.Telemetry;

/// <summary>
/// End to end, as an operator does it: the trace viewer runs, the real gateway process exports to it over OTLP (only
/// the standard OTEL_* settings), and a request's trace is read back from the viewer by the trace id of the request's
/// traceparent header.
/// </summary>
public sealed class TraceViewerTests(TraceViewer viewer) : IClassFixture<TraceViewer>
{
    private static readonly TimeSpan ExportTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_request_s_trace_is_found_in_the_viewer_by_its_traceparent()
    {
        using var data = new TempDataDirectory();
        var operatorToken = "operator-" + Guid.NewGuid().ToString("N");
        await using var gateway = await ServiceProcess.StartReadyAsync(data.Path, operatorToken: operatorToken, settings: new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = viewer.OtlpEndpoint,
            // Export a batch every half second rather than every five, so the test does not wait.
            ["OTEL_BSP_SCHEDULE_DELAY"] = "500",
            ["OTEL_BLRP_SCHEDULE_DELAY"] = "500",
            // Request logs, written within the request: they must reach the viewer with its trace id.
            ["Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information",
        });
        var op = gateway.Client(operatorToken);
        await op.PutAsJsonAsync("/api/wg-sessions/29", new
        {
            title = "Pre-sessions for the 29th UPR WG session", venue = "Palais des Nations, Geneva", provisional = true,
        }).ExpectAsync(HttpStatusCode.Created);
        await op.PutAsJsonAsync("/api/wg-sessions/29/pre-sessions/LUX", new
        {
            startsAt = "2031-12-14T10:00:00+01:00", durationMinutes = 60, room = "XXIV", panelSize = 5, seats = 40,
        }).ExpectAsync(HttpStatusCode.Created);
        using var registered = await gateway.Http.PostAsJsonAsync("/api/organisations", new { name = "Rights Watch Luxembourg", kind = "cso" });
        var cso = await registered.JsonAsync(HttpStatusCode.Created);

        using var applied = await gateway.Client(cso.Str("token")).ApplyAsync(29, "LUX", "A. Speaker");

        await applied.JsonAsync(HttpStatusCode.Created);
        var traceparent = Assert.Single(applied.Headers.GetValues("traceparent")).Split('-');
        var (traceId, requestSpanId) = (traceparent[1], traceparent[2]);
        Assert.Equal("01", traceparent[3]); // sampled: the gateway traces every request
        var spans = await SpansAsync(traceId, gateway);

        Assert.All(spans, s => Assert.Equal("presessions-gateway", s.Service));
        Assert.All(spans, s => Assert.Equal(traceId, s.Span.GetProperty("traceId").GetString()));
        var request = Assert.Single(spans, s => s.Scope == "Microsoft.AspNetCore");
        Assert.Equal(requestSpanId, request.Span.GetProperty("spanId").GetString());
        Assert.Equal("panel", TraceViewer.Attribute(request.Span, DomainSpan.Outcome));
        var decided = Assert.Single(spans, s => s.Scope == "Microsoft.Orleans.Application" && IsServer(s.Span) &&
            s.Span.GetProperty("name").GetString() == "IPreSessionGrain/Apply");
        Assert.Equal("LUX", TraceViewer.Attribute(decided.Span, DomainSpan.Sur));
        Assert.Contains(spans, s => s.Scope == "Microsoft.Orleans.Storage" &&
            TraceViewer.Attribute(s.Span, "orleans.grain.id") == "presession/29/LUX");

        // The logs came along the same OTLP endpoint, and carry the trace id that finds them with the trace.
        var waited = Stopwatch.StartNew();
        while (!(await viewer.LogTraceIdsAsync()).Contains(traceId))
        {
            Assert.True(waited.Elapsed < ExportTimeout, $"No log of trace {traceId} reached the viewer.");
            await Task.Delay(250);
        }
    }

    /// <summary>The trace's spans, once the viewer holds the request, both grain calls and the pre-session's write.</summary>
    private async Task<(string Service, string Scope, JsonElement Span)[]> SpansAsync(string traceId, ServiceProcess gateway)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var spans = await viewer.SpansAsync(traceId);
            if (spans.Any(s => s.Scope == "Microsoft.AspNetCore") &&
                spans.Count(s => s.Scope == "Microsoft.Orleans.Application" && IsServer(s.Span)) >= 2 &&
                spans.Any(s => s.Scope == "Microsoft.Orleans.Storage"))
                return spans;
            Assert.True(waited.Elapsed < ExportTimeout,
                $"Trace {traceId} did not reach the viewer whole: {spans.Length} span(s).\nGateway:\n{gateway.Output}\nViewer:\n{viewer.Output}");
            await Task.Delay(250);
        }
    }

    /// <summary>OTLP's SPAN_KIND_SERVER.</summary>
    private static bool IsServer(JsonElement span) => span.GetProperty("kind").GetInt32() == 2;

}
