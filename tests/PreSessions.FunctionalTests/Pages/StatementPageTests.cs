using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using System.Net;

namespace PreSessions.FunctionalTests.Pages;

/// <summary>
/// The organisation's statement page read with AngleSharp: only a panel speaker writes, for itself; "Preview" and "Add a
/// recommendation" store nothing; "Submit" stores a version (late after the due date, on the injected clock) through the
/// API's rules, whose errors stand beside their fields.
/// </summary>
public sealed class StatementPageTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    [Fact]
    public async Task A_visitor_is_sent_to_sign_in_and_brought_back()
    {
        var wg = await gateway.StatementsWeekAsync();
        var visitor = new PageVisitor(gateway);

        await visitor.GetAsync(StatementPages.StatementPath(wg), HttpStatusCode.Redirect);

        Assert.Equal($"/sign-in?returnUrl=%2Faccount%2Fstatements%2F{wg}%2FFRA",
            new Uri(new Uri("http://localhost"), visitor.Response.Headers.Location!).PathAndQuery);
    }

    [Fact]
    public async Task The_account_links_a_panel_application_to_its_statement_page_which_says_when_statements_are_due()
    {
        var wg = await gateway.StatementsWeekAsync(statementsDue: "2017-11-28T18:00:00+01:00");
        var (visitor, _) = await gateway.SpeakerAsync(wg);

        var account = await visitor.AccountAsync();
        var link = account.QuerySelector($"a.statement-link[href='{StatementPages.StatementPath(wg)}']");
        Assert.NotNull(link);

        var page = await visitor.GetAsync(StatementPages.StatementPath(wg));
        Assert.Equal("Tuesday, November 28, 2017 18:00", page.QuerySelector("#due")!.TextContent.Trim());
        Assert.Equal("No", page.QuerySelector("#public")!.TextContent.Trim());
        Assert.Contains("No version submitted yet.", page.QuerySelector("main")!.TextContent);
        Assert.Equal(3, page.QuerySelectorAll("textarea[name=recommendationText]").Length);
        Assert.NotNull(page.QuerySelector("#statement input[name=__RequestVerificationToken]"));
    }

    [Fact]
    public async Task An_organisation_not_on_the_panel_is_told_so_and_never_sees_another_ones_statement()
    {
        var wg = await gateway.StatementsWeekAsync(panelSize: 1);
        var (speaker, _) = await gateway.SpeakerAsync(wg);
        await speaker.SubmitStatementAsync(wg, "Only the panel speaker wrote this.");
        var (waiting, _) = await gateway.SpeakerAsync(wg);   // the panel of one is full: on the waitlist
        var (outsider, _) = await gateway.SignedInAsync("cso");

        foreach (var other in new[] { waiting, outsider })
        {
            var page = await other.GetAsync(StatementPages.StatementPath(wg), HttpStatusCode.Forbidden);
            Assert.Contains("your organisation is not on the panel of", page.QuerySelector("main .notice")!.TextContent);
            Assert.DoesNotContain("Only the panel speaker wrote this.", page.Body!.TextContent);
            Assert.Null(page.QuerySelector("#statement"));
            // Its account offers no statement link for an application that is not on the panel.
            Assert.Null((await other.AccountAsync()).QuerySelector("a.statement-link"));
        }
        await outsider.GetAsync($"/account/statements/{wg}/XXX", HttpStatusCode.NotFound);
        var unknown = await outsider.GetAsync("/account/statements/998/FRA", HttpStatusCode.NotFound);
        Assert.Contains("There is no pre-session", unknown.QuerySelector("main .notice")!.TextContent);
    }

    [Fact]
    public async Task Preview_renders_the_markdown_harmlessly_and_stores_nothing()
    {
        var wg = await gateway.StatementsWeekAsync();
        var (visitor, _) = await gateway.SpeakerAsync(wg);
        await visitor.GetAsync(StatementPages.StatementPath(wg));

        var response = await visitor.PressAsync("#statement", "Preview", new Dictionary<string, string?>
        {
            ["assessment"] = "Since 2013, **little** changed.<script>alert(1)</script>",
            ["questions"] = "[Why?](javascript:alert(1))",
            ["recommendationText"] = "Free the *press*.",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var preview = visitor.Document.QuerySelector("#preview")!;
        Assert.Equal("little", preview.QuerySelector("strong")!.TextContent);
        Assert.Equal("press", preview.QuerySelector("li em")!.TextContent);
        Assert.Empty(preview.QuerySelectorAll("script"));
        Assert.DoesNotContain(preview.QuerySelectorAll("a"), a => a.GetAttribute("href")?.Contains("javascript", StringComparison.OrdinalIgnoreCase) == true);
        // What was typed is kept in the form, and nothing is stored.
        Assert.Equal("Since 2013, **little** changed.<script>alert(1)</script>", visitor.Document.QuerySelector<IHtmlTextAreaElement>("#assessment")!.Value);
        var again = await visitor.GetAsync(StatementPages.StatementPath(wg));
        Assert.Contains("No version submitted yet.", again.QuerySelector("main")!.TextContent);
        Assert.Equal("", again.QuerySelector<IHtmlTextAreaElement>("#assessment")!.Value);
    }

    [Fact]
    public async Task Adding_a_recommendation_gives_one_more_row_and_keeps_what_was_typed()
    {
        var wg = await gateway.StatementsWeekAsync();
        var (visitor, _) = await gateway.SpeakerAsync(wg);
        await visitor.GetAsync(StatementPages.StatementPath(wg));

        await visitor.PressAsync("#statement", "AddRecommendation", new Dictionary<string, string?> { ["assessment"] = "Kept." });

        Assert.Equal(4, visitor.Document.QuerySelectorAll("textarea[name=recommendationText]").Length);
        Assert.Equal("Kept.", visitor.Document.QuerySelector<IHtmlTextAreaElement>("#assessment")!.Value);
        Assert.NotNull(visitor.Document.QuerySelector("label[for=recommendation-3]"));
    }

    [Fact]
    public async Task The_APIs_errors_stand_beside_their_fields_and_nothing_is_stored()
    {
        var wg = await gateway.StatementsWeekAsync();
        var (visitor, _) = await gateway.SpeakerAsync(wg);
        await visitor.GetAsync(StatementPages.StatementPath(wg));

        // Row 0 left blank (left out), row 1 too long: the API numbers it 0, the page puts its error on row 1.
        var response = await visitor.PostAsync(visitor.Document.QuerySelector("#statement button[formaction$='handler=Submit']")!.GetAttribute("formaction")!,
        [
            new("__RequestVerificationToken", visitor.Document.QuerySelector<IHtmlInputElement>("#statement input[name=__RequestVerificationToken]")!.Value),
            new("language", "de"), new("assessment", ""), new("questions", "Fine."),
            new("recommendationText", ""), new("recommendationText", new string('x', 1_001)), new("recommendationText", ""),
        ]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = visitor.Document;
        Assert.Equal("true", page.QuerySelector("#assessment")!.GetAttribute("aria-invalid"));
        Assert.NotNull(page.QuerySelector("#assessment-error"));
        Assert.NotNull(page.QuerySelector("#language-error"));
        Assert.NotNull(page.QuerySelector("#recommendation-1-error"));
        Assert.Null(page.QuerySelector("#recommendation-0-error"));
        Assert.Contains("recommendation-1-error", page.QuerySelector("#recommendation-1")!.GetAttribute("aria-describedby"));
        Assert.NotNull(page.QuerySelector(".notice.bad[role=alert]"));
        Assert.Equal("Fine.", page.QuerySelector<IHtmlTextAreaElement>("#questions")!.Value);
        Assert.Contains("No version submitted yet.", (await visitor.GetAsync(StatementPages.StatementPath(wg))).QuerySelector("main")!.TextContent);
    }

    [Fact]
    public async Task Submitting_stores_a_version_on_time_and_the_form_then_edits_the_next_one()
    {
        var wg = await gateway.StatementsWeekAsync();
        var (visitor, _) = await gateway.SpeakerAsync(wg);

        var page = await visitor.SubmitStatementAsync(wg, "The first assessment.");

        Assert.Equal("Version 1 of your statement is stored.", page.QuerySelector("main .notice.good")!.TextContent.Trim());
        var row = page.QuerySelector("tr[data-version='1']")!;
        Assert.Contains("On time", row.TextContent);
        Assert.Equal("The first assessment.", page.QuerySelector<IHtmlTextAreaElement>("#assessment")!.Value);
        Assert.Contains("Submit as version 2", page.QuerySelector("#statement button[formaction$='handler=Submit']")!.TextContent);

        page = await visitor.SubmitStatementAsync(wg, "The second assessment.");
        Assert.Equal("Version 2 of your statement is stored.", page.QuerySelector("main .notice.good")!.TextContent.Trim());
        Assert.Equal(["2", "1"], page.QuerySelectorAll("tr[data-version]").Select(r => r.GetAttribute("data-version")));
    }

    [Fact]
    public async Task A_version_submitted_after_the_due_date_is_late_and_the_page_says_the_due_date_in_Geneva_time()
    {
        // The injected clock stands at 1 November 2017 09:00 UTC; these statements were due the day before.
        var wg = await gateway.StatementsWeekAsync(statementsDue: "2017-10-31T12:00:00+01:00");
        var (visitor, _) = await gateway.SpeakerAsync(wg);

        var page = await visitor.SubmitStatementAsync(wg, "Written too late.");

        Assert.Equal("Version 1 of your statement is stored. It is late: statements were due on Tuesday, October 31, 2017 12:00 (Geneva time).",
            page.QuerySelector("main .notice.warning")!.TextContent.Trim());
        Assert.Contains("Late", page.QuerySelector("tr[data-version='1']")!.TextContent);
    }

    [Fact]
    public async Task A_recommendation_builds_on_the_imported_recommendations_chosen_for_its_row()
    {
        var wg = await gateway.StatementsWeekAsync();
        await gateway.ImportRecommendationsAsync(wg, "118.25,Protect journalists,DEU,supported,\n118.30,Abolish solitary confinement,MEX,noted,\n");
        var (visitor, _) = await gateway.SpeakerAsync(wg);
        var form = await visitor.GetAsync(StatementPages.StatementPath(wg));
        Assert.Equal(["0:118.25", "0:118.30"], form.QuerySelectorAll("#recommendationIds-0 option").Select(o => o.GetAttribute("value")));

        await visitor.PressAsync("#statement", "Submit", new Dictionary<string, string?>
        {
            ["language"] = "fr", ["assessment"] = "Évaluation.", ["questions"] = "Questions ?", ["recommendationText"] = "Protéger les journalistes.",
            ["recommendationIds"] = "0:118.25",
        });
        var page = await visitor.FollowAsync();

        Assert.Equal(["0:118.25"], page.QuerySelectorAll("#recommendationIds-0 option[selected]").Select(o => o.GetAttribute("value")));
        Assert.Equal("fr", page.QuerySelector<IHtmlSelectElement>("#language")!.Value);
    }

    [Fact]
    public async Task The_APIs_errors_are_written_in_the_pages_language()
    {
        var wg = await gateway.StatementsWeekAsync();
        var (visitor, _) = await gateway.SpeakerAsync(wg, language: "fr");
        await visitor.GetAsync(StatementPages.StatementPath(wg));

        await visitor.PressAsync("#statement", "Submit", new Dictionary<string, string?> { ["assessment"] = "Évaluation.", ["questions"] = "Questions ?" });

        Assert.Equal(HttpStatusCode.BadRequest, visitor.Response.StatusCode);
        Assert.Equal("Formulez de 1 à 20 recommandations.", visitor.Document.QuerySelector("#recommendations-error")!.TextContent.Trim());
    }

    [Fact]
    public async Task The_page_is_in_the_organisations_language()
    {
        var wg = await gateway.StatementsWeekAsync();
        var (visitor, _) = await gateway.SpeakerAsync(wg, language: "es");

        var page = await visitor.GetAsync(StatementPages.StatementPath(wg));

        Assert.Equal("Declaración para GT " + wg + " · Francia", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal("es", page.QuerySelector<IHtmlSelectElement>("#language")!.Value);
    }
}
