using System.Net;
using System.Text;
using PreSessions.FunctionalTests.Releases;

namespace PreSessions.FunctionalTests.Pages.Operator;

/// <summary>The organisers' pages for releases and for the recommendations import, read with AngleSharp.</summary>
public sealed class ReleasesAndRecommendationsPagesTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    [Fact]
    public async Task The_operator_publishes_a_release_with_a_changelog_and_a_cancellation_and_sees_it_listed()
    {
        var wg = await gateway.CreateWgSessionAsync();
        await gateway.SchedulePreSessionAsync(wg, "FRA");
        await gateway.SchedulePreSessionAsync(wg, "TON", startsAt: "2017-12-12T11:30:00+01:00");
        var visitor = await gateway.OperatorSignedInAsync();
        Assert.NotNull((await visitor.GetAsync($"/operator/wg-sessions/{wg}")).QuerySelector($"a[href='/operator/wg-sessions/{wg}/releases']"));
        await visitor.GetAsync($"/operator/wg-sessions/{wg}/releases");

        var page = await visitor.SubmitAndFollowAsync("#publish", new Dictionary<string, string?>
        {
            ["status"] = "provisional", ["changelog"] = "First schedule.\nTonga will not be held.", ["cancelled"] = "TON",
        });

        Assert.Equal("Release 1 is published.", page.Notice());
        var release = page.QuerySelector("li[data-release='1']")!;
        Assert.Contains("Provisional", release.Text());
        Assert.Contains("Not held: Tonga", release.Text());
        Assert.Equal("First schedule. Tonga will not be held.", release.QuerySelector(".changelog")!.Text());
        Assert.True(page.QuerySelector("input[name=cancelled][value=TON]")!.HasAttribute("checked")); // kept for the next release
        var api = (await gateway.Client().GetJsonAsync($"/api/wg-sessions/{wg}/releases")).EnumerateArray().Single();
        Assert.Equal(["TON"], api.GetProperty("cancelled").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task A_release_without_a_changelog_is_refused_beside_the_field_in_the_pages_language_and_nothing_is_published()
    {
        var wg = await gateway.NewPreSessionAsync();
        var visitor = await gateway.OperatorSignedInAsync("fr");
        await visitor.GetAsync($"/operator/wg-sessions/{wg}/releases");

        var page = await visitor.SubmitInvalidAsync("#publish", new Dictionary<string, string?> { ["status"] = "confirmed", ["changelog"] = " " });

        Assert.Equal("true", page.QuerySelector("#changelog")!.GetAttribute("aria-invalid"));
        Assert.NotNull(page.QuerySelector("input[name=status][value=confirmed][checked]"));
        Assert.Contains("Publier le programme", page.Text("main"));
        Assert.Equal(0, (await gateway.Client().GetJsonAsync($"/api/wg-sessions/{wg}/releases")).GetArrayLength());
    }

    [Fact]
    public async Task The_operator_pastes_recommendations_and_sees_them_with_those_the_panel_addresses()
    {
        var wg = await gateway.NewPreSessionAsync();
        var cso = await gateway.RegisterAsync("cso");
        await gateway.Client(cso.Token).ApplyAsync(wg, "FRA", new { speakerName = "A", recommendationIds = new[] { "118.26" } }).ExpectAsync(HttpStatusCode.Created);
        var visitor = await gateway.OperatorSignedInAsync();
        Assert.NotNull((await visitor.GetAsync($"/operator/wg-sessions/{wg}")).QuerySelector($"a[href='/operator/wg-sessions/{wg}/pre-sessions/FRA/recommendations']"));
        await visitor.GetAsync($"/operator/wg-sessions/{wg}/pre-sessions/FRA/recommendations");

        var page = await visitor.SubmitAndFollowAsync("#import", new Dictionary<string, string?>
        {
            ["csv"] = "id,text,recommendingState,response,theme\n118.25,Ratify the Protocol,Germany,supported,Torture\n118.26,=Protect journalists,MEX,noted,\n",
        });

        Assert.Equal("2 recommendations are imported.", page.Notice());
        var rows = page.QuerySelectorAll("tr[data-recommendation]").ToArray();
        Assert.Equal(["118.25", "118.26"], rows.Select(r => r.GetAttribute("data-recommendation")));
        Assert.Contains("Germany", rows[0].Text());
        Assert.Contains("=Protect journalists", rows[1].Text());
        Assert.Equal("Yes", rows[1].QuerySelector("td[data-label='Addressed by the panel']")!.Text());
    }

    [Fact]
    public async Task A_bad_import_lists_every_bad_line_keeps_what_was_pasted_and_imports_nothing()
    {
        var wg = await gateway.NewPreSessionAsync();
        var visitor = await gateway.OperatorSignedInAsync("es");
        await visitor.GetAsync($"/operator/wg-sessions/{wg}/pre-sessions/FRA/recommendations");
        var csv = "id,text,recommendingState,response,theme\n1.1,Fine,FRA,noted,\n1.2,Bad,Atlantis,noted,\n1.3,Bad too,FRA,maybe,\n";

        var page = await visitor.SubmitInvalidAsync("#import", new Dictionary<string, string?> { ["csv"] = csv });

        Assert.Equal(["line 3", "line 4"], page.QuerySelectorAll("#import-errors li").Select(li => li.GetAttribute("data-line")));
        Assert.StartsWith("Línea 3:", page.QuerySelector("#import-errors li")!.Text());
        Assert.Equal(csv, page.QuerySelector("#csv")!.TextContent.Replace("\r\n", "\n").TrimStart('\n'));
        Assert.Empty((await gateway.Client().GetJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/FRA/recommendations")).EnumerateArray());
    }

    [Fact]
    public async Task The_pages_send_a_stranger_to_sign_in_and_refuse_an_organisation()
    {
        var wg = await gateway.NewPreSessionAsync();
        var anonymous = new PageVisitor(gateway);
        var (cso, _) = await gateway.SignedInAsync("cso");

        foreach (var path in new[] { $"/operator/wg-sessions/{wg}/releases", $"/operator/wg-sessions/{wg}/pre-sessions/FRA/recommendations" })
        {
            await anonymous.GetAsync(path, HttpStatusCode.Redirect);
            await cso.GetAsync(path, HttpStatusCode.Forbidden);
        }
    }
}
