using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using PreSessions.Gateway.Hosting;

namespace PreSessions.FunctionalTests.Telemetry;

/// <summary>The Orleans dashboard: grain activity for operators, and for nobody else.</summary>
public sealed class OperatorDashboardTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private HttpClient Basic(string password)
    {
        var client = gateway.Client();
        client.DefaultRequestHeaders.Authorization =
            new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("operator:" + password)));
        return client;
    }

    [Fact]
    public async Task Without_the_operator_token_the_browser_is_asked_for_it()
    {
        var organisation = await gateway.RegisterAsync("cso");
        HttpClient[] strangers = [gateway.Client(), Basic("not-the-token"), Basic(organisation.Token), gateway.Client(organisation.Token)];

        foreach (var stranger in strangers)
        {
            using var response = await stranger.GetAsync(OperatorDashboard.Path + "/");

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Basic", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        }
    }

    [Fact]
    public async Task An_operator_sees_the_page_and_the_grains_at_work()
    {
        var wg = await gateway.NewPreSessionAsync();
        var organisation = await gateway.RegisterAsync("cso");
        using (var applied = await gateway.Client(organisation.Token).ApplyAsync(wg, "FRA", "A. Speaker"))
            Assert.Equal(HttpStatusCode.Created, applied.StatusCode);
        var operatorBrowser = Basic(gateway.OperatorToken);

        using var page = await operatorBrowser.GetAsync(OperatorDashboard.Path + "/");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        // The page's own polling: the silo's grain statistics, sampled every second, come to list the pre-sessions.
        var waited = Stopwatch.StartNew();
        while (true)
        {
            using var counters = await operatorBrowser.GetAsync(OperatorDashboard.Path + "/DashboardCounters");
            Assert.Equal(HttpStatusCode.OK, counters.StatusCode);
            var grainTypes = JsonDocument.Parse(await counters.Content.ReadAsStringAsync()).RootElement
                .GetProperty("simpleGrainStats").EnumerateArray().Select(g => g.GetProperty("grainType").GetString());
            if (grainTypes.Contains(typeof(PreSessionGrain).FullName))
                break;
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(15), "The dashboard never listed the pre-session grains.");
            await Task.Delay(250);
        }
    }

    [Fact]
    public async Task The_dashboard_is_not_part_of_the_api_document()
    {
        var document = await gateway.Client().GetJsonAsync("/openapi/v1.json");

        Assert.DoesNotContain(document.GetProperty("paths").EnumerateObject(), p => p.Name.StartsWith(OperatorDashboard.Path));
    }
}
