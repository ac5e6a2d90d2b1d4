using System.Net;
using AngleSharp.Dom;

namespace PreSessions.FunctionalTests.Pages;

/// <summary>
/// The operator's review of a pre-session's statements read with AngleSharp: the list with each statement's latest
/// version, late flag, approved version and consent; a diff between two versions that names each line's change in
/// words; a version rendered harmlessly; approval through the API's rules, with antiforgery.
/// </summary>
public sealed class OperatorStatementsPageTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    [Fact]
    public async Task The_list_shows_each_statement_with_its_latest_version_late_flag_approval_and_consent()
    {
        var wg = await gateway.StatementsWeekAsync();
        var (consenting, first) = await gateway.SpeakerAsync(wg, publishStatement: true, name: "Alpha Rights");
        await consenting.SubmitStatementAsync(wg, "One.");
        await consenting.SubmitStatementAsync(wg, "Two.");
        var (private_, second) = await gateway.SpeakerAsync(wg, publishStatement: false, name: "Beta Watch");
        await private_.SubmitStatementAsync(wg, "Private.");
        var op = await gateway.OperatorSignedInAsync();

        var preSessionPage = await op.GetAsync($"/operator/wg-sessions/{wg}/pre-sessions/FRA");
        Assert.NotNull(preSessionPage.QuerySelector($"a[href='{StatementPages.ReviewPath(wg)}']"));
        var page = await op.GetAsync(StatementPages.ReviewPath(wg));

        var rows = page.QuerySelectorAll("#statements tbody tr").ToDictionary(r => r.GetAttribute("data-organisation")!, Cells);
        Assert.Equal(["Alpha Rights " + first.Id, "2", "On time", "None yet", "Yes"], rows[first.Id].Where((_, i) => i != 2));
        Assert.Equal(["Beta Watch " + second.Id, "1", "On time", "None yet", "No"], rows[second.Id].Where((_, i) => i != 2));
    }

    [Fact]
    public async Task The_diff_between_two_versions_names_the_removed_and_the_added_lines()
    {
        var wg = await gateway.StatementsWeekAsync();
        var (speaker, organisation) = await gateway.SpeakerAsync(wg);
        await speaker.SubmitStatementAsync(wg, "The same opening.\nA line the second version drops.");
        await speaker.SubmitStatementAsync(wg, "The same opening.\nA line only the second version has.");
        await speaker.SubmitStatementAsync(wg, "A third version.");
        var op = await gateway.OperatorSignedInAsync();

        var page = await op.GetAsync(StatementPages.ReviewPath(wg) + $"?organisation={organisation.Id}&from=1&to=2");

        Assert.Equal("Changes from version 1 to version 2", page.QuerySelector("#diff-title")!.TextContent.Trim());
        var removed = Assert.Single(page.QuerySelectorAll("table.diff tr.removed"));
        var added = Assert.Single(page.QuerySelectorAll("table.diff tr.added"));
        Assert.Equal("Removed", removed.QuerySelector("td.change")!.TextContent);
        Assert.Equal("Added", added.QuerySelector("td.change")!.TextContent);
        Assert.Equal("A line the second version drops.", removed.QuerySelector("td.text")!.TextContent);
        Assert.Equal("drops", removed.QuerySelector("del")!.TextContent.Trim());
        Assert.Contains("only", added.QuerySelectorAll("ins").Select(i => i.TextContent.Trim()));
        Assert.Contains(page.QuerySelectorAll("table.diff tr.unchanged td.text"), td => td.TextContent == "The same opening.");
        // The compare form (a GET) offers every version, with these two chosen.
        Assert.Equal("1", page.QuerySelector("#from option[selected]")!.GetAttribute("value"));
        Assert.Equal("2", page.QuerySelector("#to option[selected]")!.GetAttribute("value"));

        // By default the latest version is compared with the one before it.
        var latest = await op.GetAsync(StatementPages.ReviewPath(wg) + $"?organisation={organisation.Id}");
        Assert.Equal("Changes from version 2 to version 3", latest.QuerySelector("#diff-title")!.TextContent.Trim());
        var same = await op.GetAsync(StatementPages.ReviewPath(wg) + $"?organisation={organisation.Id}&from=2&to=2");
        Assert.Contains("The two versions are the same.", same.QuerySelector("#diff")!.TextContent);
    }

    [Fact]
    public async Task A_version_is_rendered_harmlessly_and_approved_then_public_with_consent()
    {
        var wg = await gateway.StatementsWeekAsync();
        var (speaker, organisation) = await gateway.SpeakerAsync(wg, publishStatement: true);
        await speaker.SubmitStatementAsync(wg, "**Approved** text <img src=x onerror=alert(1)>");
        await speaker.SubmitStatementAsync(wg, "A later draft.");
        var op = await gateway.OperatorSignedInAsync();
        var publicPath = $"/wg-sessions/{wg}/pre-sessions/FRA";
        Assert.Null((await gateway.Client().PageAsync(publicPath)).QuerySelector($"article.statement[data-organisation='{organisation.Id}']"));

        var page = await op.GetAsync(StatementPages.ReviewPath(wg) + $"?organisation={organisation.Id}&version=1");
        var shown = page.QuerySelector("#shown")!;
        Assert.Equal("Approved", shown.QuerySelector(".statement-text strong")!.TextContent);
        Assert.Empty(shown.QuerySelectorAll("img, script, [onerror]"));
        Assert.Equal("Approve version 1", page.QuerySelector("#approve button")!.TextContent.Trim());

        await op.SubmitAsync("#approve");
        page = await op.FollowAsync();

        Assert.Equal("Version 1 of this statement is approved.", page.Notice());
        Assert.Contains("It is public.", page.QuerySelector("#approval")!.TextContent);
        Assert.Equal("1", Cells(page.QuerySelector($"#statements tr[data-organisation='{organisation.Id}']")!)[4]);
        var own = await speaker.GetAsync(StatementPages.StatementPath(wg));
        Assert.Equal("Version 1", own.QuerySelector("#approved")!.TextContent.Trim());
        Assert.Equal("Yes", own.QuerySelector("#public")!.TextContent.Trim());
        Assert.Contains("Approved, public", own.QuerySelector("tr[data-version='1']")!.TextContent);
        // The public page shows the version approved, not the later draft.
        var published = (await gateway.Client().PageAsync(publicPath)).QuerySelector($"article.statement[data-organisation='{organisation.Id}']")!;
        Assert.Equal("Approved", published.QuerySelector("strong")!.TextContent);
        Assert.DoesNotContain("A later draft.", published.TextContent);
    }

    [Fact]
    public async Task An_approved_statement_without_consent_stays_off_the_public_page()
    {
        var wg = await gateway.StatementsWeekAsync();
        var (speaker, organisation) = await gateway.SpeakerAsync(wg, publishStatement: false);
        await speaker.SubmitStatementAsync(wg, "Kept between us.");
        var op = await gateway.OperatorSignedInAsync();
        await op.GetAsync(StatementPages.ReviewPath(wg) + $"?organisation={organisation.Id}");

        await op.SubmitAsync("#approve");
        var page = await op.FollowAsync();

        Assert.Contains("It is not public: the organisation does not consent to publish it.", page.QuerySelector("#approval")!.TextContent);
        Assert.Equal("No", (await speaker.GetAsync(StatementPages.StatementPath(wg))).QuerySelector("#public")!.TextContent.Trim());
        Assert.DoesNotContain("Kept between us.", (await gateway.Client().PageAsync($"/wg-sessions/{wg}/pre-sessions/FRA")).Body!.TextContent);
    }

    [Fact]
    public async Task Approval_refuses_an_unknown_version_and_a_post_without_the_antiforgery_token()
    {
        var wg = await gateway.StatementsWeekAsync();
        var (speaker, organisation) = await gateway.SpeakerAsync(wg);
        await speaker.SubmitStatementAsync(wg, "Only one version.");
        var op = await gateway.OperatorSignedInAsync();
        await op.GetAsync(StatementPages.ReviewPath(wg) + $"?organisation={organisation.Id}");

        var forged = await op.SubmitAsync("#approve", withAntiforgery: false);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        await op.GetAsync(StatementPages.ReviewPath(wg) + $"?organisation={organisation.Id}");
        await op.SubmitAsync("#approve", new Dictionary<string, string?> { ["version"] = "7" });
        var page = await op.FollowAsync();
        Assert.Equal("bad", page.QuerySelector("main .notice")!.ClassList.Single(c => c != "notice"));
        Assert.Equal("None yet", Cells(page.QuerySelector($"#statements tr[data-organisation='{organisation.Id}']")!)[4]);
    }

    [Fact]
    public async Task An_organisation_without_a_statement_is_said_to_have_none_and_an_unknown_pre_session_is_not_found()
    {
        var wg = await gateway.StatementsWeekAsync();
        var op = await gateway.OperatorSignedInAsync();

        var page = await op.GetAsync(StatementPages.ReviewPath(wg) + "?organisation=org-abcdefghijklmnop", HttpStatusCode.NotFound);
        Assert.Contains("has no statement for this pre-session", page.QuerySelector("#review")!.TextContent);
        Assert.Contains("No statement submitted yet.", page.QuerySelector("main")!.TextContent);
        await op.GetAsync(StatementPages.ReviewPath(997), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Only_the_operator_opens_the_review()
    {
        var wg = await gateway.StatementsWeekAsync();
        var (speaker, _) = await gateway.SpeakerAsync(wg);

        await speaker.GetAsync(StatementPages.ReviewPath(wg), HttpStatusCode.Forbidden);
        var visitor = new PageVisitor(gateway);
        await visitor.GetAsync(StatementPages.ReviewPath(wg), HttpStatusCode.Redirect);
        Assert.Equal("/sign-in", new Uri(new Uri("http://localhost"), visitor.Response.Headers.Location!).AbsolutePath);
    }

    [Fact]
    public async Task The_review_is_in_the_operators_language()
    {
        var wg = await gateway.StatementsWeekAsync();
        var (speaker, organisation) = await gateway.SpeakerAsync(wg);
        await speaker.SubmitStatementAsync(wg, "Un.");
        await speaker.SubmitStatementAsync(wg, "Deux.");
        var op = await gateway.OperatorSignedInAsync("fr");

        var page = await op.GetAsync(StatementPages.ReviewPath(wg) + $"?organisation={organisation.Id}");

        Assert.Equal($"Déclarations · GT {wg} · France", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal(["Supprimée", "Ajoutée"], page.QuerySelectorAll("table.diff tr:not(.unchanged) td.change").Select(td => td.TextContent));
    }

    private static string[] Cells(IElement row) => [.. row.QuerySelectorAll("td").Select(td => string.Join(' ', td.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)))];
}
