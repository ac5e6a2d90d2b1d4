using System.Net;
using System.Net.Http.Headers;
using AngleSharp.Html.Parser;
using PreSessions.FunctionalTests.Pages;
using UglyToad.PdfPig;
using static PreSessions.FunctionalTests.Briefing.BriefingScenario;

namespace PreSessions.FunctionalTests.Briefing;

/// <summary>
/// The briefing pack end to end: the PDF read back with PdfPig and the HTML with AngleSharp hold the approved and
/// consented statement's words and none of the others', group by theme, show the previous-cycle recommendations
/// addressed, name speakers only with consent, and speak the asked language.
/// </summary>
public sealed class BriefingPackTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    [Fact]
    public async Task The_pdf_holds_the_published_statement_and_nothing_unapproved_or_unconsented()
    {
        var scenario = await CreateAsync(gateway);

        var (pdf, metadata) = await PdfAsync(scenario.Url + "?lang=en");

        Assert.Contains(PublishedRecommendation, pdf);
        Assert.Contains(PublishedQuestion, pdf);
        Assert.Contains(PreviousRecommendation, pdf);
        Assert.Contains("1.1, made by Germany, supported", pdf);
        Assert.Contains(NamedSpeaker, pdf);
        Assert.All(Hidden, marker => Assert.DoesNotContain(marker, pdf));
        Assert.DoesNotContain("**", pdf);
        Assert.Equal("Briefing pack: France", metadata);
        Assert.Contains("Page 1 of", pdf);
    }

    [Fact]
    public async Task The_html_holds_the_published_statement_by_theme_and_nothing_unapproved_or_unconsented()
    {
        var scenario = await CreateAsync(gateway);

        using var response = await gateway.Client().GetAsync(scenario.Url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        var page = new HtmlParser().ParseDocument(html);

        Assert.All(Hidden, marker => Assert.DoesNotContain(marker, html));
        Assert.Equal(["civil-society", "justice"], page.QuerySelectorAll(".theme").Select(t => t.GetAttribute("data-theme")));
        Assert.All(page.QuerySelectorAll(".theme"), theme => Assert.Contains(PublishedRecommendation, theme.Text()));
        Assert.Equal("Civil society", page.Text(".theme h3"));
        Assert.NotNull(page.QuerySelector(".statement-recommendations strong"));
        var addressed = Assert.Single(page.QuerySelectorAll("[data-theme=civil-society] .addresses li"));
        Assert.Equal("1.1", addressed.GetAttribute("data-recommendation"));
        Assert.Contains(PreviousRecommendation, addressed.Text());
        Assert.Contains(NamedSpeaker, page.Text(".panel"));
        Assert.Equal(3, page.QuerySelectorAll(".panel li").Length);
        Assert.NotEmpty(page.QuerySelectorAll(".agenda li[data-kind=speaker]"));
        Assert.Contains("Room XXIV", html);
    }

    [Fact]
    public async Task A_french_pack_has_french_headings_and_the_statement_in_its_own_language()
    {
        var scenario = await CreateAsync(gateway);

        var page = await gateway.Client().PageAsync(scenario.Url + "?lang=fr");
        var (pdf, title) = await PdfAsync(scenario.Url + "?lang=fr");

        Assert.Equal("fr", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Ordre du jour", page.Text("#agenda"));
        Assert.Equal("Questions et recommandations par thème", page.Text("#statements"));
        Assert.Equal("Société civile", page.Text(".theme h3"));
        Assert.Equal("en", page.QuerySelector(".statement .markdown")!.GetAttribute("lang"));
        Assert.Contains("formulée par Allemagne, acceptée", page.Text(".addresses"));
        Assert.Equal("Dossier d'information : France", title);
        Assert.Contains("Ordre du jour", pdf);
        Assert.Contains("Page 1 sur", pdf);
        Assert.Contains(PublishedRecommendation, pdf);
    }

    [Fact]
    public async Task The_page_shows_the_pack_in_the_site_with_its_pdf_link_and_the_pre_session_links_to_it()
    {
        var scenario = await CreateAsync(gateway);

        var page = await gateway.Client().PageAsync(scenario.Page);
        var preSession = await gateway.Client().PageAsync($"/wg-sessions/{scenario.Wg}/pre-sessions/FRA");

        Assert.Contains(PublishedRecommendation, page.Text("main"));
        Assert.All(Hidden, marker => Assert.DoesNotContain(marker, page.Source.Text));
        Assert.NotNull(page.QuerySelector("link[href^='/site/briefing.css']"));
        var pdfLink = page.QuerySelector("a[data-pdf]")!.GetAttribute("href")!;
        var (pdf, _) = await PdfAsync(pdfLink.Replace("&amp;", "&"), accept: null);
        Assert.Contains(PublishedRecommendation, pdf);
        Assert.Equal(scenario.Page, preSession.QuerySelector("#briefing a[href$='/briefing']")!.GetAttribute("href"));
        Assert.NotNull(preSession.QuerySelector("#briefing a[data-pdf]"));
        await gateway.Client().PageAsync($"/wg-sessions/{scenario.Wg}/pre-sessions/DEU/briefing", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_empty_pre_session_has_a_pack_saying_so_and_an_unknown_one_is_404()
    {
        var wg = await gateway.NewPreSessionAsync();

        var page = await gateway.Client().PageAsync($"/api/wg-sessions/{wg}/pre-sessions/FRA/briefing");
        var (pdf, _) = await PdfAsync($"/api/wg-sessions/{wg}/pre-sessions/FRA/briefing");
        using var unknown = await gateway.Client().GetAsync($"/api/wg-sessions/{wg}/pre-sessions/DEU/briefing");

        Assert.Contains("No statement is published yet.", page.Text("#statements + p + p"));
        Assert.Contains("Nobody is on the panel yet.", pdf);
        await unknown.ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Content_negotiation_language_and_etag()
    {
        var wg = await gateway.NewPreSessionAsync();
        var url = $"/api/wg-sessions/{wg}/pre-sessions/FRA/briefing";

        using var json = await SendAsync(url, "application/json");
        using var pdfFirst = await SendAsync(url, "text/html;q=0.5, application/pdf");
        using var badLanguage = await gateway.Client().GetAsync(url + "?lang=de");
        using var badFormat = await gateway.Client().GetAsync(url + "?format=docx");
        using var html = await SendAsync(url, "*/*");
        var etag = html.Headers.ETag!;
        using var again = await SendAsync(url, "*/*", etag);
        var cso = await gateway.RegisterAsync("cso");
        await gateway.Client(cso.Token).ApplyAsync(wg, "FRA", "Changed Panel 1a2b").ExpectAsync(HttpStatusCode.Created);
        using var changed = await SendAsync(url, "*/*", etag);

        await json.ProblemAsync(HttpStatusCode.NotAcceptable);
        Assert.Equal("application/pdf", pdfFirst.Content.Headers.ContentType?.MediaType);
        await badLanguage.ValidationProblemAsync("lang");
        await badFormat.ValidationProblemAsync("format");
        Assert.Equal("text/html", html.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);
    }

    private async Task<HttpResponseMessage> SendAsync(string url, string accept, EntityTagHeaderValue? ifNoneMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd(accept);
        if (ifNoneMatch is not null)
            request.Headers.IfNoneMatch.Add(ifNoneMatch);
        return await gateway.Client().SendAsync(request);
    }

    /// <summary>The PDF's text, page after page, and its title, read back with PdfPig.</summary>
    private async Task<(string Text, string Title)> PdfAsync(string url, string? accept = "application/pdf")
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (accept is not null)
            request.Headers.Accept.ParseAdd(accept);
        using var response = await gateway.Client().SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        using var document = PdfDocument.Open(await response.Content.ReadAsByteArrayAsync());
        var text = string.Join('\n', document.GetPages().Select(p => string.Join(' ', p.GetWords().Select(w => w.Text))));
        return (text, document.Information.Title ?? "");
    }
}
