using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace PreSessions.FunctionalTests.Security;

/// <summary>
/// A gateway whose connections come from the address in the test's X-Test-Peer header: the TestServer has no network,
/// so this stands for the peer a real socket would have, set before the gateway's own pipeline (and its forwarded
/// headers) runs.
/// </summary>
public abstract class PeerGatewayFactory : GatewayFactory
{
    public const string PeerHeader = "X-Test-Peer";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, PeerAddress>());
    }

    /// <summary>An anonymous client whose connection comes from <paramref name="peer"/>, forwarding <paramref name="forwardedFor"/> if given.</summary>
    public HttpClient From(string peer, string? forwardedFor = null)
    {
        var client = Client();
        client.DefaultRequestHeaders.Add(PeerHeader, peer);
        if (forwardedFor is not null)
            client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        return client;
    }

    private sealed class PeerAddress : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (IPAddress.TryParse(context.Request.Headers[PeerHeader], out var peer))
                    context.Connection.RemoteIpAddress = peer;
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}

/// <summary>Two registrations a minute per address, one known proxy and one known network of proxies.</summary>
public sealed class ProxiedGatewayFactory : PeerGatewayFactory
{
    public const int Registrations = 2;
    public const string Proxy = "10.0.0.5";
    public const string ProxyNetwork = "10.1.0.0/16";

    protected override IReadOnlyDictionary<string, string> Limits => new Dictionary<string, string>
    {
        ["PreSessions:Limits:RegistrationsPerMinute"] = Registrations.ToString(),
        ["PreSessions:ForwardedHeaders:KnownProxies:0"] = Proxy,
        ["PreSessions:ForwardedHeaders:KnownNetworks:0"] = ProxyNetwork,
    };
}

/// <summary>X-Forwarded-For is believed from configured proxies only; anyone else's is ignored.</summary>
public sealed class ForwardedHeadersTests(ProxiedGatewayFactory gateway) : IClassFixture<ProxiedGatewayFactory>
{
    [Fact]
    public async Task A_forwarded_address_from_an_unknown_peer_is_ignored_so_the_peer_spends_its_own_bucket()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < ProxiedGatewayFactory.Registrations + 2; i++)
        {
            // A new spoofed address on every request: believed, each would open a fresh bucket.
            using var answer = await gateway.From("192.0.2.10", $"198.51.100.{i + 1}").PostAsJsonAsync(
                "/api/organisations", new { name = $"Spoofing CSO {i}", kind = "cso" });
            statuses.Add(answer.StatusCode);
        }
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Created, ProxiedGatewayFactory.Registrations), statuses.Take(ProxiedGatewayFactory.Registrations));
        Assert.All(statuses.Skip(ProxiedGatewayFactory.Registrations), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
    }

    [Theory]
    [InlineData(ProxiedGatewayFactory.Proxy, "203.0.113")]
    [InlineData("10.1.7.9", "203.0.114")]
    public async Task From_a_known_proxy_each_forwarded_address_has_a_bucket_of_its_own(string proxy, string clients)
    {
        async Task<HttpStatusCode> Register(string client)
        {
            using var answer = await gateway.From(proxy, client).PostAsJsonAsync(
                "/api/organisations", new { name = $"Proxied CSO {Guid.NewGuid():N}"[..24], kind = "cso" });
            return answer.StatusCode;
        }

        for (var i = 0; i < ProxiedGatewayFactory.Registrations; i++)
            Assert.Equal(HttpStatusCode.Created, await Register($"{clients}.1"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await Register($"{clients}.1"));
        // Another person behind the same proxy is not refused for the first one's requests.
        Assert.Equal(HttpStatusCode.Created, await Register($"{clients}.2"));
        // Nor is the proxy's own address the bucket: the proxy speaking for itself still has its full budget.
        using var own = await gateway.From(proxy).PostAsJsonAsync("/api/organisations", new { name = $"Proxy CSO {clients}", kind = "cso" });
        Assert.Equal(HttpStatusCode.Created, own.StatusCode);
    }

    [Fact]
    public async Task Showing_the_registration_form_never_spends_the_registration_budget()
    {
        for (var i = 0; i < ProxiedGatewayFactory.Registrations + 3; i++)
        {
            using var form = await gateway.From("192.0.2.20").GetAsync("/organisations/new");
            Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        }
        using var answer = await gateway.From("192.0.2.20").PostAsJsonAsync("/api/organisations", new { name = "After the form", kind = "cso" });
        Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
    }

    [Fact]
    public async Task The_registration_form_spends_the_same_budget_as_the_API_and_a_refusal_is_a_page()
    {
        // The visitor's connection has the TestServer's own address, which no other test here registers from.
        var visitor = new Pages.PageVisitor(gateway);
        for (var i = 0; i < ProxiedGatewayFactory.Registrations; i++)
        {
            await visitor.GetAsync("/organisations/new");
            using var registered = await visitor.SubmitAsync("#register", new Dictionary<string, string?> { ["name"] = $"Form CSO {i}", ["kind"] = "cso" });
            Assert.Equal(HttpStatusCode.OK, registered.StatusCode);
        }
        await visitor.GetAsync("/organisations/new");
        using var refused = await visitor.SubmitAsync("#register", new Dictionary<string, string?> { ["name"] = "One too many", ["kind"] = "cso" });
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("text/html", refused.Content.Headers.ContentType?.MediaType);
        Assert.True(refused.Headers.Contains("Retry-After"));
    }
}

/// <summary>A gateway with the shipped limits: nothing set, so the defaults a conference runs with.</summary>
public sealed class DefaultLimitsGatewayFactory : PeerGatewayFactory
{
    protected override IReadOnlyDictionary<string, string> Limits => new Dictionary<string, string>();
}

/// <summary>A hundred people behind one address register within a minute; a flood from one address is refused.</summary>
public sealed class SharedNetworkTests(DefaultLimitsGatewayFactory gateway) : IClassFixture<DefaultLimitsGatewayFactory>
{
    /// <summary>The shipped per-address budget (LimitsOptions.RegistrationsPerMinute).</summary>
    private const int Budget = 120;

    [Fact]
    public async Task A_hundred_registrations_from_one_address_pass_and_a_flood_stops_at_the_limit()
    {
        var prefix = $"Venue {Guid.NewGuid():N}"[..14];
        // Concurrent, as a room full of people is, and quick, so the whole test fits well within the minute's window.
        async Task<HttpResponseMessage[]> RegisterAsync(int from, int count) => await Task.WhenAll(
            Enumerable.Range(from, count).Select(async i =>
                await gateway.From("192.0.2.50").PostAsJsonAsync("/api/organisations", new { name = $"{prefix} {i}", kind = "cso" })));

        var conference = await RegisterAsync(0, 100);
        Assert.All(conference, a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));

        var flood = await RegisterAsync(100, 150);
        Assert.Equal(Budget - 100, flood.Count(a => a.StatusCode == HttpStatusCode.Created));
        var refused = flood.Where(a => a.StatusCode != HttpStatusCode.Created).ToList();
        Assert.Equal(150 - (Budget - 100), refused.Count);
        foreach (var answer in refused)
        {
            await answer.ProblemAsync(HttpStatusCode.TooManyRequests);
            Assert.InRange(int.Parse(Assert.Single(answer.Headers.GetValues("Retry-After"))), 1, 60);
        }

        // Nothing refused was stored: the operator finds exactly the budget under this prefix.
        var listed = await gateway.Operator().GetJsonAsync($"/api/organisations?search={Uri.EscapeDataString(prefix)}&limit=200");
        Assert.Equal(Budget, listed.GetProperty("items").GetArrayLength());

        // Another address on the same gateway is untouched by the flood.
        using var neighbour = await gateway.From("192.0.2.51").PostAsJsonAsync("/api/organisations", new { name = $"{prefix} next door", kind = "cso" });
        Assert.Equal(HttpStatusCode.Created, neighbour.StatusCode);
    }
}

/// <summary>A mistyped proxy address stops the start with a message that names it, rather than trusting nobody silently.</summary>
public sealed class ProxyConfigurationTests
{
    [Theory]
    [InlineData("KnownProxies:0", "10.0.0.300", "not an IP address")]
    [InlineData("KnownNetworks:0", "10.0.0.0/33", "not a network in CIDR notation")]
    [InlineData("ForwardLimit", "0", "must be at least 1")]
    public async Task Malformed_proxy_configuration_fails_the_start(string setting, string value, string message)
    {
        var gateway = new MisconfiguredGatewayFactory($"PreSessions:ForwardedHeaders:{setting}", value);
        try
        {
            var failure = Assert.ThrowsAny<Exception>(() => gateway.Server);
            Assert.Contains(message, failure.ToString());
            Assert.Contains(value, failure.ToString());
        }
        finally
        {
            await ((IAsyncLifetime)gateway).DisposeAsync();
        }
    }

    private sealed class MisconfiguredGatewayFactory(string setting, string value) : GatewayFactory
    {
        protected override IReadOnlyDictionary<string, string> Limits => new Dictionary<string, string> { [setting] = value };
    }
}
