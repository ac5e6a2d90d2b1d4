using System.Net;
using System.Text;
using System.Text.Json;

namespace PreSessions.TestSupport;

/// <summary>
/// The operators' trace viewer, started the way operators start it (<c>scripts/trace-viewer.sh</c>: the Aspire
/// dashboard from its NuGet package, restored on first use), on free loopback ports of its own, and killed with the
/// test class. Its <c>/api/telemetry</c> answers what it received over OTLP, as OTLP JSON.
/// </summary>
public sealed class TraceViewer : IAsyncLifetime
{
    /// <summary>Long enough for a first start, which downloads the package.</summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    private readonly StringBuilder _output = new();
    private ChildProcess _process = null!;

    public TraceViewer()
    {
        var ports = FreePorts.Take(2);
        (UiPort, OtlpPort) = (ports[0], ports[1]);
    }

    public int UiPort { get; }

    public int OtlpPort { get; }

    /// <summary>Where the system sends its telemetry: OTEL_EXPORTER_OTLP_ENDPOINT (OTLP over gRPC).</summary>
    public string OtlpEndpoint => $"http://127.0.0.1:{OtlpPort}";

    public HttpClient Api { get; private set; } = null!;

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public async Task InitializeAsync()
    {
        _process = ChildProcess.Start("bash", [Path.Combine(RepositoryRoot(), "scripts", "trace-viewer.sh")], new Dictionary<string, string>
        {
            ["TRACE_VIEWER_UI_PORT"] = UiPort.ToString(),
            ["TRACE_VIEWER_OTLP_PORT"] = OtlpPort.ToString(),
        }, Append);

        Api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{UiPort}/"), Timeout = TimeSpan.FromSeconds(10) };
        await Eventually.Until(async () =>
        {
            Assert.False(_process.HasExited, $"The trace viewer exited with code {(_process.HasExited ? _process.ExitCode : 0)}:\n{Output}");
            using var response = await Api.GetAsync("api/telemetry/traces");
            return response.StatusCode == HttpStatusCode.OK;
        }, StartTimeout, () => $"The trace viewer did not answer:\n{Output}");
    }

    /// <summary>The spans the viewer holds for one trace, as OTLP JSON spans with their scope's name.</summary>
    public async Task<(string Service, string Scope, JsonElement Span)[]> SpansAsync(string traceId)
    {
        using var response = await Api.GetAsync($"api/telemetry/traces/{traceId}");
        if (response.StatusCode == HttpStatusCode.NotFound)
            return [];
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return [.. from resource in body.GetProperty("data").GetProperty("resourceSpans").EnumerateArray()
                   let service = Attribute(resource.GetProperty("resource"), "service.name")
                   from scope in resource.GetProperty("scopeSpans").EnumerateArray()
                   from span in scope.GetProperty("spans").EnumerateArray()
                   select (service, scope.GetProperty("scope").GetProperty("name").GetString()!, span.Clone())];
    }

    /// <summary>The trace ids of the log records the viewer holds.</summary>
    public async Task<string[]> LogTraceIdsAsync()
    {
        var body = JsonDocument.Parse(await Api.GetStringAsync("api/telemetry/logs")).RootElement;
        return [.. from resource in body.GetProperty("data").GetProperty("resourceLogs").EnumerateArray()
                   from scope in resource.GetProperty("scopeLogs").EnumerateArray()
                   from log in scope.GetProperty("logRecords").EnumerateArray()
                   where log.TryGetProperty("traceId", out _)
                   select log.GetProperty("traceId").GetString()!];
    }

    /// <summary>An OTLP JSON attribute's value as text, or null.</summary>
    public static string? Attribute(JsonElement owner, string key)
    {
        if (!owner.TryGetProperty("attributes", out var attributes))
            return null;
        foreach (var attribute in attributes.EnumerateArray())
        {
            if (attribute.GetProperty("key").GetString() == key)
                return attribute.GetProperty("value").EnumerateObject().First().Value.ToString();
        }
        return null;
    }

    public async Task DisposeAsync()
    {
        Api.Dispose();
        await _process.DisposeAsync();
    }

    private void Append(string line)
    {
        lock (_output) _output.AppendLine(line);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "scripts", "trace-viewer.sh")))
            directory = directory.Parent;
        Assert.True(directory is not null, $"No scripts/trace-viewer.sh above {AppContext.BaseDirectory}.");
        return directory.FullName;
    }
}
