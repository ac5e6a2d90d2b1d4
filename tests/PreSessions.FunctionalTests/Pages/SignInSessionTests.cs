using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace PreSessions.FunctionalTests.Pages;

/// <summary>
/// The pages' session: a cookie of its own that carries no token, is HttpOnly, SameSite=Strict and Secure under HTTPS;
/// every form needs its antiforgery token; sign-out, a revoked or reissued token and the expiries end it; and sign-in
/// returns to local addresses only.
/// </summary>
public sealed class SignInSessionTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private const string SessionCookie = "presessions-session";

    [Fact]
    public async Task No_cookie_ever_carries_the_token_and_the_session_cookie_is_HttpOnly_and_SameSite_Strict()
    {
        var wg = await gateway.NewPreSessionAsync();
        var visitor = new PageVisitor(gateway);
        var cso = await visitor.RegisterAsync("cso");
        await visitor.SubmitAsync("#sign-in-now");
        await visitor.AccountAsync($"?wg={wg}&sur=FRA");
        await visitor.ApplyAsync(wg, "FRA", "Ana");
        await visitor.FollowAsync();
        await visitor.SubmitAsync($"form.withdraw[data-pre-session='{wg}/FRA']");
        await visitor.FollowAsync();
        await visitor.SubmitAsync("#sign-out");

        var secret = TokenSecrets.Of(cso.Token);
        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(cso.Token)));
        Assert.NotEmpty(visitor.SetCookies);
        foreach (var setCookie in visitor.SetCookies)
        {
            var decoded = Uri.UnescapeDataString(setCookie);
            Assert.DoesNotContain("pso_", decoded);
            Assert.DoesNotContain(secret, decoded);
            Assert.DoesNotContain(hash, decoded);
            Assert.DoesNotContain(cso.Id, decoded);
        }
        var session = Assert.Single(visitor.SetCookies, c => c.StartsWith(SessionCookie + "=") && !c.Contains("expires=Thu, 01 Jan 1970"));
        Assert.Contains("httponly", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", session, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", session.Replace("samesite", ""), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Under_HTTPS_the_session_and_antiforgery_cookies_are_Secure()
    {
        var cso = await gateway.RegisterAsync("cso");
        var visitor = new PageVisitor(gateway, https: true);
        await visitor.SignInAsync(cso.Token);
        Assert.All(visitor.SetCookies.Where(c => c.StartsWith(SessionCookie) || c.StartsWith("presessions-antiforgery")),
            c => Assert.Contains("; secure", c, StringComparison.OrdinalIgnoreCase));
        Assert.Contains(visitor.SetCookies, c => c.StartsWith(SessionCookie + "="));
    }

    [Fact]
    public async Task A_form_posted_without_its_antiforgery_token_is_refused_and_changes_nothing()
    {
        var wg = await gateway.NewPreSessionAsync();
        var (visitor, cso) = await gateway.SignedInAsync("cso");
        await visitor.AccountAsync($"?wg={wg}&sur=FRA");
        Assert.Equal(HttpStatusCode.BadRequest, (await visitor.SubmitAsync("#apply",
            new Dictionary<string, string?> { ["speakerName"] = "Forged" }, withAntiforgery: false)).StatusCode);
        var preSession = await gateway.Client().GetJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/FRA");
        Assert.Empty(preSession.GetProperty("panel").EnumerateArray());

        await gateway.Client(cso.Token).ApplyAsync(wg, "FRA", "Ana").ExpectAsync(HttpStatusCode.Created);
        await visitor.AccountAsync();
        Assert.Equal(HttpStatusCode.BadRequest, (await visitor.SubmitAsync("form.withdraw", withAntiforgery: false)).StatusCode);
        Assert.Single((await gateway.Client().GetJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/FRA")).GetProperty("panel").EnumerateArray());
        Assert.Equal(HttpStatusCode.BadRequest, (await visitor.SubmitAsync("#sign-out", withAntiforgery: false)).StatusCode);
        await visitor.AccountAsync();   // still signed in

        var stranger = new PageVisitor(gateway);
        await stranger.GetAsync("/organisations/new");
        Assert.Equal(HttpStatusCode.BadRequest, (await stranger.SubmitAsync("#register",
            new Dictionary<string, string?> { ["name"] = "Forged", ["kind"] = "cso" }, withAntiforgery: false)).StatusCode);
        Assert.Null(stranger.Document?.QuerySelector("#token"));
        await stranger.GetAsync("/sign-in");
        Assert.Equal(HttpStatusCode.BadRequest, (await stranger.SubmitAsync("#sign-in",
            new Dictionary<string, string?> { ["token"] = cso.Token }, withAntiforgery: false)).StatusCode);
        Assert.Null(stranger.Cookie(SessionCookie));
    }

    [Fact]
    public async Task An_organisation_cannot_see_or_change_another_by_any_page_or_form()
    {
        var wg = await gateway.NewPreSessionAsync();
        var victim = await gateway.RegisterAsync("cso", "Victim CSO");
        await gateway.Client(victim.Token).ApplyAsync(wg, "FRA", "Victim Speaker").ExpectAsync(HttpStatusCode.Created);
        var victimMission = await gateway.RegisterAsync("mission", "Victim Mission");
        await gateway.Client(victimMission.Token).RsvpAsync(wg, "FRA", victimMission.Id, new { attending = true, delegates = 2 }).ExpectAsync(HttpStatusCode.OK);

        var (attacker, _) = await gateway.SignedInAsync("cso");
        foreach (var query in new[] { "", $"?organisationId={victim.Id}", $"?id={victim.Id}&wg={wg}&sur=FRA" })
        {
            var page = await attacker.AccountAsync(query);
            Assert.DoesNotContain("Victim", page.Body!.TextContent);
        }
        // Forms never name the organisation; a tampered one is ignored: the session's organisation acts, for itself.
        await attacker.AccountAsync($"?wg={wg}&sur=FRA");
        await attacker.PostAsync("/account?handler=Withdraw", Form(attacker, ("wg", wg.ToString()), ("sur", "FRA"), ("organisationId", victim.Id)));
        Assert.Equal($"This organisation has no application to the pre-session {wg}/FRA.", (await attacker.FollowAsync()).Notice());
        var (mission, _) = await gateway.SignedInAsync("mission");
        await mission.AccountAsync($"?wg={wg}&sur=FRA");
        await mission.PostAsync("/account?handler=Rsvp", Form(mission, ("wg", wg.ToString()), ("sur", "FRA"), ("attending", "false"), ("organisationId", victimMission.Id)));
        await mission.FollowAsync();

        var panel = (await gateway.Client().GetJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/FRA")).GetProperty("panel");
        Assert.Equal(victim.Id, Assert.Single(panel.EnumerateArray()).Str("organisationId"));
        var rsvp = Assert.Single((await gateway.Client(victimMission.Token).GetJsonAsync($"/api/organisations/{victimMission.Id}")).GetProperty("rsvps").EnumerateArray());
        Assert.Equal(("confirmed", 2), (rsvp.Str("status"), rsvp.Int("delegates")));

        // The session cookie is no credential for the API: only bearer tokens are.
        await (await attacker.SendApiAsync($"/api/organisations/{victim.Id}")).UnauthorizedAsync();
    }

    [Fact]
    public async Task Sign_out_ends_the_session()
    {
        var (visitor, _) = await gateway.SignedInAsync("cso");
        await visitor.AccountAsync();
        Assert.NotNull(visitor.Document.QuerySelector("#sign-out"));
        await visitor.SubmitAsync("#sign-out");
        Assert.Contains(visitor.SetCookies, c => c.StartsWith(SessionCookie + "=;") && c.Contains("expires=Thu, 01 Jan 1970"));
        var signIn = await visitor.FollowAsync();
        Assert.Null(signIn.QuerySelector("#sign-out"));
        Assert.NotNull(signIn.QuerySelector("a[href='/sign-in']"));
        await visitor.GetAsync("/account", HttpStatusCode.Redirect);
    }

    [Theory]
    [InlineData("DELETE")]
    [InlineData("POST")]
    public async Task A_revoked_or_reissued_token_ends_the_sessions_it_opened(string method)
    {
        var (visitor, cso) = await gateway.SignedInAsync("cso");
        var (other, _) = await gateway.SignedInAsync("cso");
        var copy = new PageVisitor(gateway);
        await copy.SignInAsync(cso.Token);
        await visitor.AccountAsync();

        await gateway.Operator().SendAsync(new HttpMethod(method), $"/api/organisations/{cso.Id}/token").ExpectAsync(method == "DELETE" ? HttpStatusCode.NoContent : HttpStatusCode.OK);

        foreach (var session in new[] { visitor, copy })
        {
            await session.GetAsync("/account", HttpStatusCode.Redirect);
            Assert.StartsWith("/sign-in", new Uri(new Uri("http://localhost"), session.Response.Headers.Location!).PathAndQuery);
        }
        await other.AccountAsync();   // another organisation's session is not touched
        await visitor.GetAsync("/sign-in");
        Assert.Equal(HttpStatusCode.BadRequest, (await visitor.SubmitAsync("#sign-in", new Dictionary<string, string?> { ["token"] = cso.Token })).StatusCode);
    }

    [Theory]
    [InlineData("https://evil.example/account")]
    [InlineData("//evil.example/account")]
    [InlineData("/\\evil.example/account")]
    [InlineData("http:/evil.example")]
    [InlineData("javascript:alert(1)")]
    public async Task Sign_in_never_redirects_to_another_site(string returnUrl)
    {
        var cso = await gateway.RegisterAsync("cso");
        Assert.Equal("/account", (await new PageVisitor(gateway).SignInAsync(cso.Token, returnUrl)).OriginalString);
        var visitor = new PageVisitor(gateway);
        await visitor.GetAsync("/sign-in");
        await visitor.PostAsync("/sign-in?returnUrl=" + Uri.EscapeDataString(returnUrl), Form(visitor, ("token", cso.Token), ("returnUrl", returnUrl)));
        Assert.Equal("/account", visitor.Response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_session_ends_after_eight_idle_hours_and_after_seven_days_however_active()
    {
        var (idle, _) = await gateway.SignedInAsync("cso");
        var (active, _) = await gateway.SignedInAsync("cso");
        gateway.Clock.Advance(TimeSpan.FromHours(7));
        await active.AccountAsync();
        gateway.Clock.Advance(TimeSpan.FromHours(1.5));
        await idle.GetAsync("/account", HttpStatusCode.Redirect);
        await active.AccountAsync();

        // Active every five hours (the cookie slides), until the week since signing in is over.
        for (var hours = 8.5; hours + 5 < 7 * 24; hours += 5)
        {
            gateway.Clock.Advance(TimeSpan.FromHours(5));
            await active.AccountAsync();
        }
        gateway.Clock.Advance(TimeSpan.FromHours(5));
        await active.GetAsync("/account", HttpStatusCode.Redirect);
    }

    private static List<KeyValuePair<string, string>> Form(PageVisitor visitor, params (string Name, string Value)[] fields) =>
    [
        new("__RequestVerificationToken", visitor.Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!),
        .. fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)),
    ];
}
