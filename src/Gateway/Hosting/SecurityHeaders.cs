namespace PreSessions.Gateway.Hosting;

/// <summary>The "PreSessions:Https" configuration section: for a gateway that terminates TLS itself.</summary>
public sealed class HttpsOptions
{
    public const string Section = "PreSessions:Https";

    /// <summary>Redirect plain HTTP to HTTPS and send HSTS. Off by default: behind a TLS proxy, the proxy does it.</summary>
    public bool Enforce { get; set; }
}

/// <summary>
/// Headers that keep the pages from being framed or fed foreign scripts: a CSP that allows this origin's own files only
/// (the pages have no inline scripts or styles), no framing, no MIME sniffing, no referrer leaking a room's address.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static WebApplicationBuilder AddSecurityHeaders(this WebApplicationBuilder builder)
    {
        if (Enforced(builder.Configuration))
            builder.Services.AddHsts(o => (o.MaxAge, o.IncludeSubDomains) = (TimeSpan.FromDays(365), true));
        return builder;
    }

    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        if (Enforced(app.Configuration))
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            // The Orleans dashboard is a third party's page with inline scripts; it is for operators only, behind a password.
            if (!context.Request.Path.StartsWithSegments(OperatorDashboard.Path))
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XFrameOptions = "DENY";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            return next(context);
        });
        return app;
    }

    private static bool Enforced(IConfiguration configuration) =>
        configuration.GetSection(HttpsOptions.Section).Get<HttpsOptions>()?.Enforce ?? false;
}
