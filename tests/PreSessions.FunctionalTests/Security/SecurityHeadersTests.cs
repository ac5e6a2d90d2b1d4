using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

namespace PreSessions.FunctionalTests.Security;

/// <summary>The pages may run no script but their own and may not be framed; responses are not sniffed or referred.</summary>
public sealed class SecurityHeadersTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    [Theory]
    [InlineData("/rooms/XXIV/console")]
    [InlineData("/rooms/XXIV/speaker")]
    [InlineData("/rooms/XXIV/audience")]
    [InlineData("/rooms/assets/live.js")]
    [InlineData("/api/wg-sessions/29")]
    public async Task Every_response_carries_a_strict_content_security_policy_and_no_framing(string path)
    {
        using var response = await gateway.Client().GetAsync(path);
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        // Without HTTPS enforced (a TLS proxy in front does it), nothing claims HSTS.
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task The_pages_have_no_inline_script_or_style_for_the_policy_to_block()
    {
        foreach (var page in new[] { "console", "speaker", "audience" })
        {
            var html = await gateway.Client().GetStringAsync($"/rooms/XXIV/{page}");
            Assert.Matches("<script [^>]*src=\"[^\"]+\"", html);
            Assert.DoesNotMatch(@"<script(?![^>]*\bsrc=)[^>]*>", html);
            Assert.DoesNotContain("<style", html);
            Assert.DoesNotMatch(@"\son[a-z]+=", html);
            Assert.DoesNotMatch(@"\sstyle=", html);
        }
    }
}

/// <summary>A gateway that terminates TLS itself: plain HTTP is redirected, and HTTPS answers carry HSTS.</summary>
public sealed class HttpsEnforcedGatewayFactory : GatewayFactory
{
    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("PreSessions:Https:Enforce", "true");
        builder.UseSetting("https_port", "443");
    }
}

public sealed class HttpsEnforcementTests(HttpsEnforcedGatewayFactory gateway) : IClassFixture<HttpsEnforcedGatewayFactory>
{
    [Fact]
    public async Task Plain_http_is_redirected_to_https_and_https_answers_carry_hsts()
    {
        using var plain = gateway.CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false,
            BaseAddress = new Uri("http://presessions.example.org"),
        });
        using var redirected = await plain.GetAsync("/api/wg-sessions/29");
        Assert.True(redirected.StatusCode is HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect or HttpStatusCode.Redirect,
            $"Expected a redirect, got {(int)redirected.StatusCode}.");
        Assert.Equal("https://presessions.example.org/api/wg-sessions/29", redirected.Headers.Location?.ToString());

        using var secure = gateway.CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false,
            BaseAddress = new Uri("https://presessions.example.org"),
        });
        using var answer = await secure.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var hsts = Assert.Single(answer.Headers.GetValues("Strict-Transport-Security"));
        Assert.Contains("max-age=31536000", hsts);
        Assert.Contains("includeSubDomains", hsts);
    }
}
