using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace PreSessions.Gateway.Hosting;

/// <summary>The "PreSessions:ForwardedHeaders" configuration section: the reverse proxies whose X-Forwarded-* are believed.</summary>
public sealed class ProxyOptions
{
    public const string Section = "PreSessions:ForwardedHeaders";

    /// <summary>Proxies' own addresses (e.g. "10.0.0.5", "::1").</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks of proxies in CIDR (e.g. "10.0.0.0/24").</summary>
    public string[] KnownNetworks { get; set; } = [];

    /// <summary>How many X-Forwarded-For entries are read, from the right: one per proxy in front of the gateway.</summary>
    public int ForwardLimit { get; set; } = 1;
}

/// <summary>
/// The client's address and scheme as a known reverse proxy saw them, so that the per-address rate limits count the
/// real client (not the proxy, which would put every visitor in one bucket) and HTTPS redirection sees the original
/// scheme. Only configured proxies are believed: from any other peer, X-Forwarded-For is a claim anyone can make, and
/// believing it would give a flood a fresh bucket for every request.
/// </summary>
public static class ProxyHeaders
{
    public static WebApplicationBuilder AddProxyHeaders(this WebApplicationBuilder builder)
    {
        var proxy = builder.Configuration.GetSection(ProxyOptions.Section).Get<ProxyOptions>() ?? new();
        if (proxy.ForwardLimit < 1)
            throw new InvalidOperationException(
                $"{ProxyOptions.Section}:ForwardLimit must be at least 1 (the number of proxies in front of the gateway), not {proxy.ForwardLimit}.");
        // Parsed now, so a mistyped address stops the start instead of silently trusting nobody (or the wrong peer).
        var proxies = proxy.KnownProxies.Select(address => IPAddress.TryParse(address, out var parsed) ? parsed
            : throw new InvalidOperationException(
                $"{ProxyOptions.Section}:KnownProxies has \"{address}\", which is not an IP address (e.g. 10.0.0.5 or ::1).")).ToList();
        var networks = proxy.KnownNetworks.Select(network => System.Net.IPNetwork.TryParse(network, out var parsed) ? parsed
            : throw new InvalidOperationException(
                $"{ProxyOptions.Section}:KnownNetworks has \"{network}\", which is not a network in CIDR notation (e.g. 10.0.0.0/24).")).ToList();
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.ForwardLimit = proxy.ForwardLimit;
            // ASP.NET Core believes loopback by default. Cleared, so configuration alone decides: a default install on
            // loopback is reached directly (its clients' own addresses are the right buckets), and believing loopback
            // would let any local client pick its bucket by header. A proxy on the same host is configured as 127.0.0.1.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var address in proxies)
                options.KnownProxies.Add(address);
            foreach (var network in networks)
                options.KnownIPNetworks.Add(network);
        });
        return builder;
    }
}
