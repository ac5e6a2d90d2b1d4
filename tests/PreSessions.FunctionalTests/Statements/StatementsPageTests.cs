using System.Net;
using System.Text;
using AngleSharp.Dom;
using PreSessions.FunctionalTests.Pages;

namespace PreSessions.FunctionalTests.Statements;

/// <summary>The statements section of the public pre-session page: what it shows, in which order, and that hostile Markdown arrives harmless.</summary>
public sealed class StatementsPageTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private static readonly string Hostile = string.Join("\n\n",
        "Hostile **start**",
        "<script>document.title='pwned'</script>",
        "<iframe src=\"https://evil.example\"></iframe>",
        "[a](javascript:alert(1)) [b](JaVaScRiPt:alert(1)) [c](&#106;avascript:alert(1)) [d](data:text/html;base64,PHNjcmlwdD4=)",
        "<img src=x onerror=alert(1)> <svg onload=alert(1)><circle r=1 /></svg>",
        "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
        "[UPR Info](https://www.upr-info.org/)");

    [Fact]
    public async Task Published_statements_show_in_panel_order_with_their_parts_language_and_links_to_the_recommendations_on_the_page()
    {
        var scene = await StatementScene.NewAsync(gateway);
        using (var import = await gateway.Operator().PutAsync($"{scene.PreSession}/recommendations", new StringContent(
            "id,text,recommendingState,response,theme\n118.25,Ratify the Protocol,DEU,supported,\n118.26,Free the press,ESP,noted,\n",
            Encoding.UTF8, "text/csv")))
            await import.JsonAsync(HttpStatusCode.OK);
        var first = await scene.SpeakerAsync(publishStatement: true, name: "First Speaking Org");
        var second = await gateway.RegisterAsync("cso", "Second Speaking Org");
        await gateway.Client(second.Token).ApplyAsync(scene.Wg, "FRA", new
        {
            speakerName = "Speaker", themes = new[] { "Civic space" }, publishStatement = true, recommendationIds = new[] { "118.25" },
        }).ExpectAsync(HttpStatusCode.Created);
        // Submitted and approved in the reverse order: the page follows the panel.
        await scene.SubmitAsync(second, StatementScene.Body("second", "fr", ["118.25", "118.26"]));
        await scene.ApproveAsync(second, 1);
        await scene.SubmitAsync(first, StatementScene.Body("first"));
        await scene.ApproveAsync(first, 1);

        var page = await gateway.Client().PageAsync(scene.Page);

        var articles = page.QuerySelectorAll("section.statements article.statement").ToArray();
        Assert.Equal(["First Speaking Org", "Second Speaking Org"], articles.Select(a => a.QuerySelector("h3")!.Text()));
        Assert.Equal(["en", "fr"], articles.Select(a => a.GetAttribute("lang")));
        Assert.Contains("Assessment second", articles[1].Text());
        Assert.Contains("Questions second", articles[1].Text());
        Assert.Equal("Recommendation second", articles[1].QuerySelector("ol.statement-recommendations li .markdown")!.Text());
        // 118.25 is listed on the page (the panel addresses it), so it is linked; 118.26 is not, so it is named only.
        var link = Assert.Single(articles[1].QuerySelectorAll("a"));
        Assert.Equal("#recommendation-118.25", link.GetAttribute("href"));
        Assert.NotNull(page.GetElementById("recommendation-118.25"));
        Assert.Contains("118.26", articles[1].Text());

        var french = await gateway.Client().PageAsync($"{scene.Page}?lang=fr");
        Assert.Equal("Déclarations", french.Text("#statements"));
    }

    [Fact]
    public async Task Hostile_markdown_reaches_the_public_page_as_text_and_safe_links_only()
    {
        var scene = await StatementScene.NewAsync(gateway);
        var org = await scene.SpeakerAsync(publishStatement: true);
        await scene.SubmitAsync(org, new
        {
            language = "en", assessment = Hostile, questions = Hostile,
            recommendations = new[] { new { text = Hostile, recommendationIds = Array.Empty<string>() } },
        });
        await scene.ApproveAsync(org, 1);

        var page = await gateway.Client().PageAsync(scene.Page);

        var section = page.QuerySelector("section.statements")!;
        Assert.Equal(3, section.QuerySelectorAll("strong").Count(s => s.TextContent == "start"));
        Assert.Empty(section.QuerySelectorAll("script, iframe, img, svg, math, object, embed, style, form"));
        Assert.DoesNotContain(section.QuerySelectorAll("*").SelectMany(e => e.Attributes), a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase));
        var targets = section.QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")).ToArray();
        Assert.Equal(Enumerable.Repeat("https://www.upr-info.org/", 3), targets);
        Assert.All(section.QuerySelectorAll("a"), a => Assert.Equal("nofollow noopener", a.GetAttribute("rel")));
        // The page's own scripts are the layout's: none came from the statement.
        Assert.DoesNotContain(page.QuerySelectorAll("script"), s => s.TextContent.Contains("pwned"));
    }
}
