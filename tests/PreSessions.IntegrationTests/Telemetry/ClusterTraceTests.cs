using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PreSessions.IntegrationTests.Cluster;
using PreSessions.IntegrationTests.Postgres;
using Xunit.Abstractions;

namespace PreSessions.IntegrationTests.Telemetry;

/// <summary>
/// End to end in cluster mode, as an operator runs it: the trace viewer (scripts/trace-viewer.sh), one silo process and
/// the gateway process as a pure client, on a real PostgreSQL database, both exporting over OTLP with nothing but the
/// standard OTEL_* settings. A request's trace, read back from the viewer by the trace id of its traceparent header,
/// spans every hop: the gateway's request and its Orleans call, then in the other process the grain call, the grain
/// storage write and Npgsql's own commands, each silo span linked through its parents up to the gateway's request.
/// </summary>
[Collection(ClusterProcesses.Name)] // never while another test restarts PostgreSQL or kills silos
public sealed class ClusterTraceTests(TraceViewer viewer, ITestOutputHelper output) : IClassFixture<TraceViewer>, IAsyncLifetime
{
    private const string GatewayService = "presessions-gateway";
    private const string SiloService = "presessions-silo";

    /// <summary>How long the viewer may take to hold a trace whole (batches are sent every half second).</summary>
    private static readonly TimeSpan ExportTimeout = TimeSpan.FromSeconds(60);

    private readonly PostgresDatabase _database = new();
    private readonly TempDataDirectory _data = new();
    private readonly string _operatorToken = "op-" + Guid.NewGuid().ToString("N");
    private ServiceProcess? _silo;
    private ServiceProcess? _gateway;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        var (exitCode, migrated) = await ServiceProcess.RunAsync("Silo",
            new Dictionary<string, string> { ["ConnectionStrings__PreSessions"] = _database.ConnectionString }, "migrate");
        Assert.True(exitCode == 0, $"migrate exited with {exitCode}:\n{migrated}");
    }

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
            await _gateway.DisposeAsync();
        if (_silo is not null)
            await _silo.DisposeAsync();
        _data.Dispose();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task A_request_s_trace_spans_the_gateway_the_silo_and_PostgreSQL_in_the_viewer()
    {
        // What operators set, and nothing else: where OTLP goes (the viewer's gRPC port, OTLP's default protocol).
        var otlp = new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = viewer.OtlpEndpoint,
            // A batch every half second rather than every five, so the test does not wait.
            ["OTEL_BSP_SCHEDULE_DELAY"] = "500",
            ["OTEL_BLRP_SCHEDULE_DELAY"] = "500",
        };
        _silo = ServiceProcess.StartSilo(_database.ConnectionString, otlp);
        _gateway = ServiceProcess.Start(_data.Path, seedDemo: false, _operatorToken,
            new Dictionary<string, string>(otlp) { ["ConnectionStrings__PreSessions"] = _database.ConnectionString });
        try
        {
            await _gateway.WaitUntilReadyAsync();
            await TracesAcrossTheClusterAsync(_gateway);
        }
        catch
        {
            output.WriteLine($"Gateway output:\n{_gateway.Output}\n\nSilo output:\n{_silo.Output}\n\nViewer output:\n{viewer.Output}");
            throw;
        }
    }

    private async Task TracesAcrossTheClusterAsync(ServiceProcess gateway)
    {
        var wg = Random.Shared.Next(100, 999);
        var op = gateway.Client(_operatorToken);
        await Expect(HttpStatusCode.Created, op.PutAsJsonAsync($"/api/wg-sessions/{wg}",
            new { title = $"Pre-sessions for the {wg}th UPR WG session", venue = "Palais des Nations, Geneva", provisional = true }));
        await Expect(HttpStatusCode.Created, op.PutAsJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/LUX",
            new { startsAt = "2031-12-14T10:00:00+01:00", durationMinutes = 60, room = "XXIV", panelSize = 5, seats = 40 }));

        // Personal data and secrets that pass through the cluster, none of which may end up in a span.
        var name = "Rights Watch " + Guid.NewGuid().ToString("N")[..12];
        var email = $"contact-{Guid.NewGuid():N}@rights-watch.example";
        var speaker = "Speaker " + Guid.NewGuid().ToString("N")[..12];
        using var registered = await gateway.Http.PostAsJsonAsync("/api/organisations", new { name, kind = "cso", country = "LUX", email });
        var cso = await Expect(HttpStatusCode.Created, registered);
        var csoToken = cso.GetProperty("token").GetString()!;

        using var applied = await gateway.Client(csoToken).PostAsJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/LUX/applications",
            new { speakerName = speaker, themes = new[] { "Civic space" } });
        await Expect(HttpStatusCode.Created, applied);

        // The application: the pre-session grain decides it and writes its state.
        var application = await WholeTraceAsync(applied);
        Assert.Contains(application, s => s.Service == SiloService && s.Scope == "Microsoft.Orleans.Application" && IsServer(s.Span) &&
            s.Span.GetProperty("name").GetString() == "IPreSessionGrain/Apply");
        Assert.Contains(application, s => s.Service == SiloService && s.Scope == "Microsoft.Orleans.Storage" &&
            TraceViewer.Attribute(s.Span, "orleans.grain.id") == $"presession/{wg}/LUX");
        // The registration: the organisation's name and email went down the same path, into the same database.
        await WholeTraceAsync(registered);

        // Nowhere in what the viewer received, from either process: the tokens, the name, the email, the speaker.
        var everything = await AllSpanTextsAsync();
        // The scan sees attribute values: the pre-session's grain id, on its storage span, is among them.
        Assert.Contains($"presession/{wg}/LUX", everything);
        foreach (var secret in new[] { _operatorToken, csoToken, name, email, speaker })
            Assert.DoesNotContain(everything, text => text.Contains(secret, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// The response's trace, once the viewer holds every hop, checked hop by hop: the gateway's server span is the
    /// traceparent's, its Orleans client span calls the silo's grain span, and the silo's storage and Npgsql spans lead
    /// up, parent by parent, to the gateway's request.
    /// </summary>
    private async Task<(string Service, string Scope, JsonElement Span)[]> WholeTraceAsync(HttpResponseMessage response)
    {
        var traceparent = Assert.Single(response.Headers.GetValues("traceparent")).Split('-');
        var (traceId, requestSpanId) = (traceparent[1], traceparent[2]);
        Assert.Equal("01", traceparent[3]); // sampled: the gateway traces every request

        var spans = await SpansAsync(traceId);
        output.WriteLine($"Trace {traceId}:\n{string.Join("\n", spans.Select(Describe))}\n");

        Assert.All(spans, s => Assert.Equal(traceId, s.Span.GetProperty("traceId").GetString()));
        Assert.All(spans, s => Assert.Contains(s.Service, new[] { GatewayService, SiloService }));
        var request = Assert.Single(spans, s => s.Scope == "Microsoft.AspNetCore");
        Assert.Equal(GatewayService, request.Service);
        Assert.True(IsServer(request.Span), "The gateway's request span is not a server span.");
        Assert.Equal(requestSpanId, Id(request.Span));
        Assert.True(string.IsNullOrEmpty(ParentId(request.Span)), "The gateway's request span has a parent: it should start the trace.");

        var byId = spans.ToDictionary(s => Id(s.Span));
        // Every hop is this request's: each span's parents, followed up, end at the gateway's request span.
        foreach (var span in spans)
        {
            var chain = ParentChain(span, byId);
            Assert.True(Id(chain[^1].Span) == requestSpanId,
                $"{Describe(span)} leads to {Describe(chain[^1])} (parent {ParentId(chain[^1].Span)} not in the trace), not to the request span.");
        }

        // The gateway calls the grain as an Orleans client; the silo, another process, serves the call.
        var calls = spans.Where(s => s.Service == GatewayService && s.Scope == "Microsoft.Orleans.Application" && IsClient(s.Span)).ToArray();
        Assert.NotEmpty(calls);
        var served = spans.Where(s => s.Service == SiloService && s.Scope == "Microsoft.Orleans.Application" && IsServer(s.Span)).ToArray();
        Assert.NotEmpty(served);
        Assert.Contains(served, s => calls.Any(c => Id(c.Span) == ParentId(s.Span)));

        // In the silo, the grain's state is written, and PostgreSQL's commands are Npgsql's own spans within the trace.
        var stored = spans.Where(s => s.Service == SiloService && s.Scope == "Microsoft.Orleans.Storage").ToArray();
        Assert.NotEmpty(stored);
        var commands = spans.Where(s => s.Service == SiloService && s.Scope == "Npgsql").ToArray();
        Assert.NotEmpty(commands);
        Assert.Contains(commands, c => ParentChain(c, byId).Any(p => stored.Any(t => Id(t.Span) == Id(p.Span))));
        Assert.Contains(stored, s => ParentChain(s, byId).Any(p => served.Any(t => Id(t.Span) == Id(p.Span))));
        // Spans of the silo all come from the silo's own process: none is attributed to the gateway, nor the reverse.
        Assert.DoesNotContain(spans, s => s.Service == GatewayService && s.Scope is "Microsoft.Orleans.Storage" or "Npgsql");
        return spans;
    }

    /// <summary>The trace's spans once the viewer holds every hop; fails with what it holds after <see cref="ExportTimeout"/>.</summary>
    private async Task<(string Service, string Scope, JsonElement Span)[]> SpansAsync(string traceId)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var spans = await viewer.SpansAsync(traceId);
            bool Has(string service, string scope, Func<JsonElement, bool>? kind = null) =>
                spans.Any(s => s.Service == service && s.Scope == scope && (kind is null || kind(s.Span)));
            if (Has(GatewayService, "Microsoft.AspNetCore", IsServer) &&
                Has(GatewayService, "Microsoft.Orleans.Application", IsClient) &&
                Has(SiloService, "Microsoft.Orleans.Application", IsServer) &&
                Has(SiloService, "Microsoft.Orleans.Storage") &&
                Has(SiloService, "Npgsql"))
            {
                // Whole as far as the checks go; a moment more lets the last batch of either process arrive too.
                await Task.Delay(1000);
                return await viewer.SpansAsync(traceId);
            }
            Assert.True(waited.Elapsed < ExportTimeout,
                $"Trace {traceId} did not reach the viewer whole within {ExportTimeout.TotalSeconds} s. It holds {spans.Length} span(s):\n" +
                string.Join("\n", spans.Select(Describe)));
            await Task.Delay(250);
        }
    }

    /// <summary>Every string in every span the viewer holds (names, attribute values, events, links), from every trace.</summary>
    private async Task<string[]> AllSpanTextsAsync()
    {
        var body = JsonDocument.Parse(await viewer.Api.GetStringAsync("api/telemetry/traces")).RootElement;
        var texts = new List<string>();
        foreach (var resource in body.GetProperty("data").GetProperty("resourceSpans").EnumerateArray())
        foreach (var scope in resource.GetProperty("scopeSpans").EnumerateArray())
        foreach (var span in scope.GetProperty("spans").EnumerateArray())
            Strings(span, texts);
        return [.. texts];

        static void Strings(JsonElement element, List<string> into)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String:
                    into.Add(element.GetString()!);
                    break;
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                        Strings(property.Value, into);
                    break;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray())
                        Strings(item, into);
                    break;
            }
        }
    }

    /// <summary>The span, then its parent, and so on, up to the first whose parent is not in the trace (or none).</summary>
    private static List<(string Service, string Scope, JsonElement Span)> ParentChain(
        (string Service, string Scope, JsonElement Span) span, Dictionary<string, (string Service, string Scope, JsonElement Span)> byId)
    {
        var chain = new List<(string Service, string Scope, JsonElement Span)> { span };
        while (ParentId(chain[^1].Span) is { Length: > 0 } parent && byId.TryGetValue(parent, out var next) && chain.Count <= byId.Count)
            chain.Add(next);
        return chain;
    }

    private static string Id(JsonElement span) => span.GetProperty("spanId").GetString()!;

    private static string? ParentId(JsonElement span) =>
        span.TryGetProperty("parentSpanId", out var parent) ? parent.GetString() : null;

    private static string Describe((string Service, string Scope, JsonElement Span) s) =>
        $"{s.Service} {s.Scope} \"{s.Span.GetProperty("name").GetString()}\" kind {s.Span.GetProperty("kind")} " +
        $"id {Id(s.Span)} parent {ParentId(s.Span)}";

    /// <summary>OTLP's SPAN_KIND_SERVER.</summary>
    private static bool IsServer(JsonElement span) => span.GetProperty("kind").GetInt32() == 2;

    /// <summary>OTLP's SPAN_KIND_CLIENT.</summary>
    private static bool IsClient(JsonElement span) => span.GetProperty("kind").GetInt32() == 3;

    private static async Task<JsonElement> Expect(HttpStatusCode expected, Task<HttpResponseMessage> sending)
    {
        using var response = await sending;
        return await Expect(expected, response);
    }

    private static async Task<JsonElement> Expect(HttpStatusCode expected, HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected,
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }
}
