using System.Security.Cryptography;
using Scalar.AspNetCore;

namespace PreSessions.Gateway.Hosting;

/// <summary>
/// The interactive API reference (Scalar) at <see cref="ApiReference.Path"/>: the page, its script and its icon all
/// come from the Scalar.AspNetCore package through the gateway; no CDN, no web fonts, no telemetry, no AI agent, and
/// the "try it" client calls the gateway the page came from (the policy's connect-src 'self' refuses anything else).
/// The page starts Scalar with one inline script, and Scalar injects its style sheet as a style element: the strict
/// policy refuses both. Rather than allowing inline code, each page carries a fresh nonce on its script tags (and in
/// its csp-nonce meta tag, which Scalar puts on its style element), and that page alone allows that nonce. The few
/// style attributes Scalar's script sets stay refused: the page reads and works without them.
/// </summary>
public static class ApiReferencePage
{
    public static WebApplication MapReferencePage(this WebApplication app)
    {
        // Scalar builds these options afresh for each request before it writes the page, so the nonce is per page.
        app.MapScalarApiReference(ApiReference.Path, (options, context) =>
        {
            var nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
            options
                .WithTitle("PreSessions API reference")
                .WithOpenApiRoutePattern(ApiReference.Document)
                .WithDefaultFonts(false)
                .DisableTelemetry()
                .HideClientButton()
                .HideDeveloperTools()
                .DisableAgent()
                .DisableMcp()
                .WithDynamicBaseServerUrl()
                .WithNonce(nonce);
            options.HeadContent = $"<meta property=\"csp-nonce\" content=\"{nonce}\" />";
            context.Response.Headers.ContentSecurityPolicy = PolicyWithNonce(nonce);
        });
        return app;
    }

    /// <summary>The gateway's policy, with this page's nonce allowed for scripts and styles and nothing else relaxed.</summary>
    public static string PolicyWithNonce(string nonce) => SecurityHeaders.ContentSecurityPolicy
        .Replace("script-src 'self'", $"script-src 'self' 'nonce-{nonce}'", StringComparison.Ordinal)
        .Replace("style-src 'self'", $"style-src 'self' 'nonce-{nonce}'", StringComparison.Ordinal);
}
