using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace PreSessions.IntegrationTests.Cluster;

/// <summary>
/// The Orleans dashboard of a cluster: its silos collect, and the gateway, a pure client in a process of its own,
/// serves the page and its data at the embedded default's path, to operators only (Basic, the operator token).
/// </summary>
[Collection(ClusterProcesses.Name)]
public sealed class OperatorDashboardClusterTests : ProcessCluster
{
    private const string Dashboard = "/orleans-dashboard";

    [Fact]
    public async Task A_cluster_gateway_serves_the_dashboard_to_operators_only()
    {
        // The gateway first, alone: no silo answers, so the dashboard cannot be read yet and says when to retry.
        var gateway = Gateway();
        await Live(gateway);
        var operatorBrowser = Basic(gateway, OperatorToken);
        using (var unavailable = await operatorBrowser.GetAsync(Dashboard + "/"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, unavailable.StatusCode);
            Assert.NotNull(unavailable.Headers.RetryAfter);
            Assert.Equal("application/problem+json", unavailable.Content.Headers.ContentType?.MediaType);
        }

        Silo();
        await gateway.WaitUntilReadyAsync();

        // Strangers are asked for the password: none, a wrong one.
        foreach (var stranger in new[] { gateway.Http, Basic(gateway, "not-the-token") })
        {
            using var refused = await stranger.GetAsync(Dashboard + "/");
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("Basic", Assert.Single(refused.Headers.WwwAuthenticate).Scheme);
        }

        // A grain at work: registering an organisation activates grains on the silo.
        using (var registered = await gateway.Http.PostAsJsonAsync("/api/organisations", new { name = "Dashboard CSO", kind = "cso" }))
            Assert.True(registered.IsSuccessStatusCode, $"{(int)registered.StatusCode}: {await registered.Content.ReadAsStringAsync()}");

        using var page = await operatorBrowser.GetAsync(Dashboard + "/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        using (var script = await operatorBrowser.GetAsync(Dashboard + "/index.min.js"))
            Assert.Equal(HttpStatusCode.OK, script.StatusCode);

        // The page's own polling: the silo's statistics, as its dashboard grains collect them, list the silo and the
        // grain types at work.
        var body = "";
        await Eventually.Until(async () =>
        {
            using var counters = await operatorBrowser.GetAsync(Dashboard + "/DashboardCounters");
            body = await counters.Content.ReadAsStringAsync();
            Assert.True(counters.StatusCode == HttpStatusCode.OK, $"{(int)counters.StatusCode}: {body}");
            Assert.Equal("application/json", counters.Content.Headers.ContentType?.MediaType);
            var root = JsonDocument.Parse(body).RootElement;
            var grainTypes = root.GetProperty("simpleGrainStats").EnumerateArray().Select(g => g.GetProperty("grainType").GetString()).ToList();
            return root.GetProperty("hosts").GetArrayLength() >= 1 && grainTypes.Any(t => t?.StartsWith("PreSessions.", StringComparison.Ordinal) == true);
        }, TimeSpan.FromSeconds(30), () => $"The dashboard never listed the silo and the grains: {body}", TimeSpan.FromMilliseconds(500));
    }

    /// <summary>Waits until the gateway's process answers HTTP (live, not ready: no silo yet).</summary>
    private static Task Live(ServiceProcess gateway) => Eventually.Until(async () =>
    {
        Assert.False(gateway.HasExited, $"The gateway exited:\n{gateway.Output}");
        using var live = await gateway.Http.GetAsync("/health/live");
        return live.StatusCode == HttpStatusCode.OK;
    }, ServiceProcess.ReadyTimeout, () => $"The gateway did not answer:\n{gateway.Output}", TimeSpan.FromMilliseconds(100));

    private static HttpClient Basic(ServiceProcess gateway, string password)
    {
        var client = gateway.Client();
        client.DefaultRequestHeaders.Authorization =
            new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("operator:" + password)));
        return client;
    }
}
