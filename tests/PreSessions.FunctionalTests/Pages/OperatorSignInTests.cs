using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace PreSessions.FunctionalTests.Pages;

/// <summary>
/// The organisers sign in at /sign-in with the operator token: a cookie with the Operator role and the operator
/// token's hash (never the token), checked against the current operator token at every request. Every page under
/// /operator needs it: nobody signed in is sent to sign in, an organisation gets 403, a bearer token opens nothing.
/// </summary>
public sealed class OperatorSignInTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private const string SessionCookie = "presessions-session";

    [Fact]
    public async Task The_operator_signs_in_with_the_operator_token_and_lands_on_the_organisers_home()
    {
        var wg = await gateway.CreateWgSessionAsync(title: "Operator home week");
        var visitor = await gateway.OperatorSignedInAsync();
        var home = await visitor.FollowAsync();

        Assert.Equal("Organisers", home.QuerySelector("h1")!.TextContent);
        var week = home.QuerySelector($"a[href='/operator/wg-sessions/{wg}']")!;
        Assert.Contains("Operator home week", week.Closest("tr")!.TextContent);
        Assert.Equal("page", home.QuerySelector(".operator-nav a[href='/operator']")!.GetAttribute("aria-current"));
        Assert.NotNull(home.QuerySelector(".site-nav a[href='/operator']"));
        Assert.Null(home.QuerySelector(".site-nav a[href='/account']"));
        Assert.True(visitor.Response.Headers.CacheControl?.NoStore);
        var weekPage = await visitor.GetAsync($"/operator/wg-sessions/{wg}");
        Assert.Equal($"WG session {wg}", weekPage.QuerySelector("h1")!.TextContent);

        // The cookie carries neither the token nor its hash in the clear.
        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(gateway.OperatorToken)));
        var session = Assert.Single(visitor.SetCookies, c => c.StartsWith(SessionCookie + "="));
        Assert.DoesNotContain(gateway.OperatorToken, Uri.UnescapeDataString(session));
        Assert.DoesNotContain(hash, Uri.UnescapeDataString(session));
        Assert.Contains("httponly", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", session, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Nobody_signed_in_is_sent_to_sign_in_and_comes_back_to_the_operator_page_asked_for()
    {
        var visitor = new PageVisitor(gateway);
        await visitor.GetAsync("/operator", HttpStatusCode.Redirect);
        Assert.Equal("/sign-in?returnUrl=%2Foperator", new Uri(new Uri("http://localhost"), visitor.Response.Headers.Location!).PathAndQuery);
        Assert.Equal("/operator", (await visitor.SignInAsync(gateway.OperatorToken, "/operator")).OriginalString);
        await visitor.GetAsync("/operator");
    }

    [Fact]
    public async Task An_organisation_signed_in_gets_403_on_the_operator_pages_and_the_operator_gets_403_on_an_account()
    {
        var (cso, _) = await gateway.SignedInAsync("cso", "fr");
        var page = await cso.GetAsync("/operator", HttpStatusCode.Forbidden);
        Assert.Equal("Cette page ne vous est pas destinée", page.QuerySelector("h1")!.TextContent);
        Assert.Equal("fr", page.DocumentElement.GetAttribute("lang"));
        await cso.AccountAsync();   // its own session is untouched

        var op = await gateway.OperatorSignedInAsync();
        await op.GetAsync("/account", HttpStatusCode.Forbidden);
        await op.GetAsync("/operator");
    }

    [Fact]
    public async Task A_wrong_operator_token_does_not_sign_in()
    {
        var visitor = new PageVisitor(gateway);
        await visitor.GetAsync("/sign-in?returnUrl=%2Foperator");
        var response = await visitor.SubmitAsync("#sign-in", new Dictionary<string, string?> { ["token"] = gateway.OperatorToken + "x" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(visitor.Document.QuerySelector("#token-error"));
        Assert.Null(visitor.Cookie(SessionCookie));
    }

    /// <summary>
    /// Every page under /operator, whoever wrote it, found from the gateway's own endpoints: a bearer operator token,
    /// no cookie or an organisation's cookie opens none of them.
    /// </summary>
    [Fact]
    public async Task Every_operator_page_needs_the_operator_signed_in()
    {
        var wg = await gateway.NewPreSessionAsync();
        var (cso, organisation) = await gateway.SignedInAsync("cso");
        var paths = gateway.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<PageActionDescriptor>()?.ViewEnginePath.StartsWith("/Operator/", StringComparison.Ordinal) == true)
            .Select(e => "/" + Fill(e.RoutePattern.RawText!, wg, organisation.Id))
            .Distinct().ToArray();
        Assert.Contains("/operator", paths);

        foreach (var path in paths)
        {
            var anonymous = new PageVisitor(gateway);
            await anonymous.GetAsync(path, HttpStatusCode.Redirect);
            Assert.StartsWith("/sign-in?returnUrl=", new Uri(new Uri("http://localhost"), anonymous.Response.Headers.Location!).PathAndQuery);
            using var bearer = await gateway.Operator().GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, bearer.StatusCode);
            await cso.GetAsync(path, HttpStatusCode.Forbidden);
        }
    }

    [Fact]
    public async Task A_changed_operator_token_ends_the_operator_sessions()
    {
        var visitor = await gateway.OperatorSignedInAsync();
        await visitor.GetAsync("/operator");

        // The session this browser would hold had it signed in with the operator token the gateway ran with before:
        // the same ticket, sealed by this gateway, whose stamp is the former token's hash.
        var format = gateway.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get("OrganisationCookie").TicketDataFormat;
        var ticket = format.Unprotect(visitor.Cookie(SessionCookie))!;
        var identity = (ClaimsIdentity)ticket.Principal.Identity!;
        identity.RemoveClaim(identity.FindFirst("session_stamp"));
        identity.AddClaim(new Claim("session_stamp", Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes("the-former-operator-token")))));
        visitor.SetCookie(SessionCookie, format.Protect(ticket));

        await visitor.GetAsync("/operator", HttpStatusCode.Redirect);
        Assert.StartsWith("/sign-in", new Uri(new Uri("http://localhost"), visitor.Response.Headers.Location!).PathAndQuery);
        Assert.Contains(visitor.SetCookies, c => c.StartsWith(SessionCookie + "=;") && c.Contains("expires=Thu, 01 Jan 1970"));
    }

    [Fact]
    public async Task Sign_out_ends_the_operator_session()
    {
        var visitor = await gateway.OperatorSignedInAsync();
        await visitor.GetAsync("/operator");
        Assert.Equal(HttpStatusCode.BadRequest, (await visitor.SubmitAsync("#sign-out", withAntiforgery: false)).StatusCode);
        await visitor.GetAsync("/operator");
        await visitor.SubmitAsync("#sign-out");
        await visitor.FollowAsync();
        await visitor.GetAsync("/operator", HttpStatusCode.Redirect);
    }

    /// <summary>A page's route with its parameters given values that exist (or are well formed).</summary>
    private static string Fill(string route, int wg, string organisationId) => route
        .Replace("{wg}", wg.ToString()).Replace("{wg:int}", wg.ToString())
        .Replace("{sur}", "FRA").Replace("{organisationId}", organisationId).Replace("{room}", "XXIV")
        .Replace("{status:int}", "404");
}
