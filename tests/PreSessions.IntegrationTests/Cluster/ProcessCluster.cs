using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PreSessions.IntegrationTests.Postgres;

namespace PreSessions.IntegrationTests.Cluster;

/// <summary>
/// A cluster as operators run it, for one test class: silos and gateways as real processes on loopback, on a fresh
/// PostgreSQL database migrated by the silo's own `migrate`, all stopped and dropped after the class.
/// </summary>
public abstract class ProcessCluster : IAsyncLifetime
{
    /// <summary>Failure detection in seconds, not the production defaults' tens of seconds (set through configuration).</summary>
    private static readonly Dictionary<string, string> FastFailureDetection = new()
    {
        ["Orleans__Membership__ProbeTimeout"] = "00:00:02",
        ["Orleans__Membership__NumMissedProbesLimit"] = "2",
        ["Orleans__Membership__NumVotesForDeathDeclaration"] = "1",
        ["Orleans__Membership__TableRefreshTimeout"] = "00:00:02",
        ["Orleans__Membership__ExtendProbeTimeoutDuringDegradation"] = "false",
        // A silo replacing the only one waits until the dead one's heartbeat is stale (by default 3 x 30 s), since
        // nobody else is left to vote it dead: 2 x 5 s here.
        ["Orleans__Membership__IAmAliveTablePublishTimeout"] = "00:00:05",
        ["Orleans__Membership__NumMissedTableIAmAliveLimit"] = "2",
    };

    private readonly TempDataDirectory _data = new();
    private readonly List<ServiceProcess> _processes = [];

    protected PostgresDatabase Database { get; } = new();

    protected string OperatorToken { get; } = "op-" + Guid.NewGuid().ToString("N");

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        var (exitCode, output) = await ServiceProcess.RunAsync("Silo",
            new Dictionary<string, string> { ["ConnectionStrings__PreSessions"] = Database.ConnectionString }, "migrate");
        Assert.True(exitCode == 0, $"migrate exited with {exitCode}:\n{output}");
    }

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
            await process.DisposeAsync();
        _data.Dispose();
        await Database.DisposeAsync();
    }

    /// <summary>A gateway process in cluster mode: a pure client of the cluster.</summary>
    protected ServiceProcess Gateway() => Started(ServiceProcess.Start(_data.Path, seedDemo: false, OperatorToken,
        new Dictionary<string, string> { ["ConnectionStrings__PreSessions"] = Database.ConnectionString }));

    protected ServiceProcess Silo() => Started(ServiceProcess.StartSilo(Database.ConnectionString, FastFailureDetection));

    /// <summary>How many silos the gateway's readiness counts as active; 0 while it is not ready.</summary>
    protected static async Task<int> ActiveSilos(ServiceProcess gateway)
    {
        using var ready = await gateway.Http.GetAsync("/health/ready");
        if (ready.StatusCode != HttpStatusCode.OK)
            return 0;
        var cluster = (await ready.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checks").GetProperty("cluster").GetString()!;
        return int.Parse(cluster.Split(' ')[0]);
    }

    /// <summary>Waits for a condition, asking again while the processes come and go, within the cluster's bound.</summary>
    protected static Task Until(Func<Task<bool>> condition, string what, int seconds = 120) =>
        Eventually.Until(condition, TimeSpan.FromSeconds(seconds), what);

    /// <summary>Defines a WG session of a number of its own (a fresh database has none), as the operator does.</summary>
    protected async Task<int> WgSession(ServiceProcess gateway)
    {
        var wg = Random.Shared.Next(100, 999);
        await gateway.Client(OperatorToken).PutAsJsonAsync($"/api/wg-sessions/{wg}",
            new { title = $"WG {wg}", venue = "Palais des Nations", provisional = true }).ExpectAsync(HttpStatusCode.Created);
        return wg;
    }

    /// <summary>Defines the pre-session on <paramref name="sur"/> in WG session <paramref name="wg"/>; returns its path.</summary>
    protected async Task<string> PreSession(ServiceProcess gateway, int wg, string sur, int panelSize, int seats)
    {
        var path = $"/api/wg-sessions/{wg}/pre-sessions/{sur}";
        await gateway.Client(OperatorToken).PutAsJsonAsync(path,
            new { startsAt = "2031-12-12T10:00:00+01:00", durationMinutes = 60, room = "XXIV", panelSize, seats }).ExpectAsync(HttpStatusCode.Created);
        return path;
    }

    /// <summary>Registers <paramref name="count"/> organisations of one kind at once, named "{kind} {i}".</summary>
    protected static async Task<Registered[]> Register(ServiceProcess gateway, string kind, int count) =>
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            var name = $"{kind} {i}";
            using var response = await gateway.Http.PostAsJsonAsync("/api/organisations", new { name, kind, country = "SRB" });
            Assert.True(response.StatusCode == HttpStatusCode.Created,
                $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}\nGateway output:\n{gateway.Output}");
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            return new Registered(body.Str("id"), body.Str("token"), name);
        }));

    /// <summary>
    /// A read as a careful client makes it: while the cluster has not yet declared a killed silo dead (or PostgreSQL
    /// is back), the gateway answers 503 with Retry-After, and the client asks again, within a bound.
    /// </summary>
    protected static async Task<JsonElement> Read(HttpClient client, string path)
    {
        JsonElement read = default;
        await Eventually.Until(async () =>
        {
            using var response = await client.GetAsync(path);
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                return false;
            Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            read = await response.Content.ReadFromJsonAsync<JsonElement>();
            return true;
        }, TimeSpan.FromSeconds(150), $"GET {path} still unavailable", TimeSpan.FromMilliseconds(500));
        return read;
    }

    protected static HttpRequestMessage Json(HttpMethod method, string path, object body, string? idempotencyKey)
    {
        var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        return request;
    }

    /// <summary>The lines of a process's output that say what failed, for a failure's message.</summary>
    protected static string Failures(string output) => string.Join('\n', output.Split('\n')
        .Where(line => line.Contains("Exception", StringComparison.Ordinal) || line.StartsWith("fail:", StringComparison.Ordinal))
        .Distinct().Take(60));

    private ServiceProcess Started(ServiceProcess process)
    {
        _processes.Add(process);
        return process;
    }
}
