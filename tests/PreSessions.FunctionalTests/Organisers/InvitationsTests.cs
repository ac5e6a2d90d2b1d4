using System.Net;
using System.Net.Http.Json;
using PreSessions.FunctionalTests.Pages;

namespace PreSessions.FunctionalTests.Organisers;

/// <summary>
/// Inviting the Permanent Missions (README "Invitations"): one run covers the 193 member States once, a rerun changes
/// nothing issued, a link signs its mission in once and only once (a GET never spends it), and a mission that signed in
/// keeps its account. The missions' organisations are shared by every WG session of this gateway, so each test that
/// redeems a link uses a State of its own.
/// </summary>
public sealed class InvitationsTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private async Task<System.Text.Json.JsonElement> InviteAsync(int wg) =>
        await (await gateway.Operator().PostAsync($"/api/wg-sessions/{wg}/invitations", null)).JsonAsync(HttpStatusCode.OK);

    [Fact]
    public async Task Inviting_twice_covers_each_member_State_once_and_changes_nothing_the_first_run_issued()
    {
        var wg = await gateway.NewPreSessionAsync(sur: "FRA");

        var first = await InviteAsync(wg);
        Assert.Equal(193, first.Int("invited"));
        Assert.Equal(0, first.Int("alreadyInvited"));
        var (csv, rows) = await InvitationRow.DownloadAsync(gateway, wg);

        // Exactly the UN member States, the State under Review among them, each with a mission of its own.
        Assert.Equal(UnMemberStates.All.Keys.Order(StringComparer.Ordinal), rows.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("FRA", rows.Keys);
        Assert.Equal(193, rows.Values.Select(r => r.OrganisationId).Distinct().Count());
        Assert.Equal("Permanent Mission of France", rows["FRA"].Mission);
        foreach (var row in rows.Values.Where(r => r.Status == "invited"))
        {
            Assert.StartsWith("http://localhost/invitations/psi_" + wg + "_" + row.State + "_", row.SignInLink);
            Assert.Equal($"http://localhost/account?wg={wg}#rsvp", row.RsvpLink);
        }
        Assert.True(rows.Values.Count(r => r.Status == "invited") >= 190, "A State of another test may have signed in; the rest have links.");
        Assert.Equal(193, rows.Values.Select(r => r.SignInLink).Where(l => l.Length > 0).Distinct().Count() + rows.Values.Count(r => r.SignInLink.Length == 0));

        var second = await InviteAsync(wg);
        Assert.Equal(0, second.Int("invited"));
        Assert.Equal(193, second.Int("alreadyInvited"));
        var (again, _) = await InvitationRow.DownloadAsync(gateway, wg);
        Assert.Equal(csv, again);
    }

    [Fact]
    public async Task An_undefined_WG_session_has_no_invitations()
    {
        var wg = gateway.NextWg();
        await (await gateway.Operator().PostAsync($"/api/wg-sessions/{wg}/invitations", null)).ProblemAsync(HttpStatusCode.NotFound);
        await (await gateway.Operator().GetAsync($"/api/wg-sessions/{wg}/invitations.csv")).ProblemAsync(HttpStatusCode.NotFound);
        await (await gateway.Operator().PostAsync("/api/wg-sessions/abc/invitations", null)).ValidationProblemAsync("wg");
    }

    [Fact]
    public async Task A_link_signs_its_mission_in_once_and_only_once_and_opening_it_spends_nothing()
    {
        var wg = await gateway.NewPreSessionAsync(sur: "LUX");
        await InviteAsync(wg);
        var (_, rows) = await InvitationRow.DownloadAsync(gateway, wg);
        var norway = rows["NOR"];
        Assert.Equal("invited", norway.Status);

        // A mail scanner opens the link, twice: the page offers the button and the link stays open.
        var scanner = new PageVisitor(gateway);
        for (var i = 0; i < 2; i++)
        {
            var page = await scanner.GetAsync(norway.SignInPath);
            Assert.Contains("Sign in as the Permanent Mission of Norway", page.QuerySelector("form#redeem button")!.TextContent);
            Assert.True(scanner.Response.Headers.CacheControl?.NoStore);
        }
        Assert.Equal("invited", (await InvitationRow.DownloadAsync(gateway, wg)).ByState["NOR"].Status);

        var mission = new PageVisitor(gateway);
        await mission.GetAsync(norway.SignInPath);
        var redeemed = await mission.SubmitAsync("form#redeem");
        Assert.Equal(HttpStatusCode.OK, redeemed.StatusCode);
        Assert.True(redeemed.Headers.CacheControl?.NoStore);
        var token = mission.Document.QuerySelector("#token")!.TextContent.Trim();
        Assert.StartsWith($"pso_{norway.OrganisationId}_", token);
        Assert.Equal($"/account?wg={wg}#rsvp", mission.Document.QuerySelector("a#rsvp-link")!.GetAttribute("href"));

        // Signed in with the cookie: the account is the mission's, and its RSVP form offers the week.
        var account = await mission.GetAsync($"/account?wg={wg}");
        Assert.Contains("Permanent Mission of Norway", account.Body!.TextContent);
        Assert.NotNull(account.QuerySelector("form#rsvp"));
        await mission.SubmitAsync("form#rsvp", new Dictionary<string, string?> { ["sur"] = "LUX", ["attending"] = "true", ["delegates"] = "2" });
        var own = await gateway.Client(token).GetJsonAsync($"/api/organisations/{norway.OrganisationId}");
        var rsvp = Assert.Single(own.GetProperty("rsvps").EnumerateArray());
        Assert.Equal((wg, "LUX", "confirmed", 2), (rsvp.Int("wg"), rsvp.Str("sur"), rsvp.Str("status"), rsvp.Int("delegates")));

        // The second use: the scanner still has the page with the button, and presses it: the link is spent, nothing is
        // handed out, and the page says to sign in with the token. Opening the link now says so too.
        var again = await scanner.SubmitAsync("form#redeem");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Null(scanner.Document.QuerySelector("#token"));
        Assert.Contains("sign in with your mission's token", scanner.Document.Body!.TextContent, StringComparison.OrdinalIgnoreCase);
        using (var notSignedIn = await scanner.SendApiAsync("/account"))
            Assert.Equal("/sign-in", notSignedIn.Headers.Location?.AbsolutePath);
        var used = await new PageVisitor(gateway).GetAsync(norway.SignInPath, HttpStatusCode.Conflict);
        Assert.Null(used.QuerySelector("form#redeem"));

        // A token of the right shape that was never issued opens nothing.
        await new PageVisitor(gateway).GetAsync($"/invitations/psi_{wg}_NOR_{new string('A', 43)}", HttpStatusCode.NotFound);

        var after = (await InvitationRow.DownloadAsync(gateway, wg)).ByState["NOR"];
        Assert.Equal(("signedIn", ""), (after.Status, after.SignInLink));
        Assert.NotEqual("", after.UsedAt);

        // Inviting again, for this WG session and the next, keeps the mission's account and token, and issues it no link.
        await InviteAsync(wg);
        var next = await gateway.CreateWgSessionAsync();
        await InviteAsync(next);
        var (_, nextRows) = await InvitationRow.DownloadAsync(gateway, next);
        Assert.Equal(("hasToken", "", norway.OrganisationId), (nextRows["NOR"].Status, nextRows["NOR"].SignInLink, nextRows["NOR"].OrganisationId));
        Assert.Equal("Permanent Mission of Norway",
            (await gateway.Client(token).GetJsonAsync($"/api/organisations/{norway.OrganisationId}")).Str("name"));
    }

    [Fact]
    public async Task The_operator_invites_from_the_week_page_and_downloads_the_list()
    {
        var wg = await gateway.NewPreSessionAsync(sur: "CHL");
        var op = await gateway.OperatorSignedInAsync();
        await op.GetAsync($"/operator/wg-sessions/{wg}");
        var page = await op.SubmitAndFollowAsync("form#invite-missions");
        Assert.Equal($"/operator/wg-sessions/{wg}/invitations", op.Response.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("193 Permanent Missions invited now; 0 were invited before.", page.QuerySelector(".notice")!.TextContent);
        Assert.Equal(193, Enum.GetNames<Gateway.Apis.InvitationStatus>()
            .Sum(s => int.Parse(page.QuerySelector($"#count-{char.ToLowerInvariant(s[0])}{s[1..]}")!.TextContent)));

        var link = page.QuerySelector("a#invitations-csv")!.GetAttribute("href")!;
        var download = await op.SendApiAsync(link);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("text/csv", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(193, InvitationRow.Read(await download.Content.ReadAsStringAsync()).Count);

        // Again from the invitations page: nothing new.
        page = await op.SubmitAndFollowAsync("form#invite");
        Assert.Contains("0 Permanent Missions invited now; 193 were invited before.", page.QuerySelector(".notice")!.TextContent);
    }
}
