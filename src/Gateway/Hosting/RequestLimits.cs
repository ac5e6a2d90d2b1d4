using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using PreSessions.Gateway.Auth;

namespace PreSessions.Gateway.Hosting;

/// <summary>The "PreSessions:Limits" configuration section.</summary>
public sealed class LimitsOptions
{
    public const string Section = "PreSessions:Limits";

    /// <summary>Larger bodies are refused with 413 before they are read: no request of the contract needs more.</summary>
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;

    /// <summary>All request headers together; more is refused with 431.</summary>
    public int MaxRequestHeadersBytes { get; set; } = 16 * 1024;

    /// <summary>
    /// Registrations per client address per minute. Generous, because at a conference a hundred people register from
    /// one shared address (a venue's Wi-Fi, a mission's network) within minutes; a flood from one address still meets
    /// the limit after this many. Registration has no token yet, so the address is all there is to count.
    /// </summary>
    public int RegistrationsPerMinute { get; set; } = 120;

    /// <summary>Applications, withdrawals and RSVPs per token (or, without one, per client address) per minute.</summary>
    public int CommandsPerMinute { get; set; } = 60;

    /// <summary>Event streams one client address may hold open at once.</summary>
    public int EventStreamsPerClient { get; set; } = 20;
}

/// <summary>
/// Limits that keep one client from exhausting the gateway or drowning the grains: body and header sizes, rate limits
/// on the endpoints anyone can hammer (registration per address; applications and RSVPs per token), and open event
/// streams per address. A refusal is the contract's problem: 413, 431, or 429 with Retry-After.
/// </summary>
public static class RequestLimits
{
    public const string Registration = "registration";
    public const string Commands = "commands";
    public const string EventStreams = "event-streams";

    public static WebApplicationBuilder AddRequestLimits(this WebApplicationBuilder builder)
    {
        var limits = builder.Configuration.GetSection(LimitsOptions.Section).Get<LimitsOptions>() ?? new();
        builder.Services.Configure<LimitsOptions>(builder.Configuration.GetSection(LimitsOptions.Section));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = limits.MaxRequestBodyBytes;
            // Kestrel's own refusal has no body; this gateway checks the headers itself (see UseRequestLimits) and
            // leaves Kestrel a far larger bound for what no client should ever send.
            kestrel.Limits.MaxRequestHeadersTotalSize = Math.Max(limits.MaxRequestHeadersBytes * 16, 256 * 1024);
        });
        builder.Services.AddRateLimiter(options =>
        {
            options.OnRejected = Rejected;
            // The registration page shares the API's policy on its endpoint, GET included: only a POST registers, so
            // only a POST counts (and showing the form is never refused).
            options.AddPolicy(Registration, context => HttpMethods.IsPost(context.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(ClientAddress(context), _ => PerMinute(limits.RegistrationsPerMinute))
                : RateLimitPartition.GetNoLimiter("reading"));
            options.AddPolicy(Commands, context => RateLimitPartition.GetFixedWindowLimiter(
                TokenOrAddress(context), _ => PerMinute(limits.CommandsPerMinute)));
            options.AddPolicy(EventStreams, context => RateLimitPartition.GetConcurrencyLimiter(
                ClientAddress(context), _ => new ConcurrencyLimiterOptions { PermitLimit = limits.EventStreamsPerClient, QueueLimit = 0 }));
        });
        return builder;
    }

    public static WebApplication UseRequestLimits(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var limit = context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<LimitsOptions>>().Value.MaxRequestHeadersBytes;
            var size = context.Request.Headers.Sum(h => h.Key.Length + h.Value.Sum(v => v?.Length ?? 0) + 4);
            if (size > limit)
            {
                context.Response.StatusCode = StatusCodes.Status431RequestHeaderFieldsTooLarge;
                await Problem(context, "Request Header Fields Too Large", $"The request's headers take more than {limit} bytes.");
                return;
            }
            await next(context);
        });
        app.UseRateLimiter();
        return app;
    }

    private static FixedWindowRateLimiterOptions PerMinute(int permits) => new()
    {
        PermitLimit = permits,
        Window = TimeSpan.FromMinutes(1),
        QueueLimit = 0,
    };

    private static string ClientAddress(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <summary>
    /// The bearer token's hash (never the token itself, which would stay in memory as a key), read as authentication
    /// reads it, so no other spelling of the same token finds a fresh bucket; else the client's address.
    /// </summary>
    private static string TokenOrAddress(HttpContext context) =>
        BearerCredential.Token(context.Request.Headers.Authorization) is { } token
            ? "token:" + Convert.ToHexString(Tokens.Hash(token))
            : "address:" + ClientAddress(context);

    private static async ValueTask Rejected(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        // A person at a form gets the error page in their language (the status code pages render an empty 429).
        if (Pages.PeoplesPages.IsPageAddress(context.Request.Path))
            return;
        await Problem(context, "Too Many Requests", context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == EventStreams
            ? "This client has too many event streams open; close one first."
            : "This client sent too many requests; retry after the time in Retry-After.");
    }

    private static Task Problem(HttpContext context, string title, string detail) =>
        context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = context.Response.StatusCode, Title = title, Detail = detail },
        }).AsTask();
}
