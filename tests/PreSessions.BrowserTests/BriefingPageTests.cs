using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace PreSessions.BrowserTests;

/// <summary>
/// The briefing pack's page in Chromium, with a statement published through the API (submitted by its organisation,
/// approved by the operator, consented at application): in English and French, on a phone and a desktop, without
/// sideways scrolling and with nothing axe finds against WCAG 2.2 A/AA; and reached from the pre-session's page
/// without JavaScript.
/// </summary>
[Collection(PagesCollection.Name)]
public sealed class BriefingPageTests(PagesFixture pages)
{
    private const string Recommendation = "Repeal the foreign agents law 6d2e";

    [Theory]
    [InlineData("en", "Briefing pack: France", "Questions and recommendations by theme", "Civil society")]
    [InlineData("fr", "Dossier d'information : France", "Questions et recommandations par thème", "Société civile")]
    public async Task The_pack_page_reads_in_the_visitor_s_language_and_is_accessible_on_a_phone_and_a_desktop(
        string language, string heading, string statements, string theme)
    {
        var wg = await PublishedStatementAsync();
        foreach (var size in new[] { PagesFixture.Phone, PagesFixture.Desktop })
        {
            var page = await pages.OpenAsync($"/wg-sessions/{wg}/pre-sessions/FRA/briefing", size, acceptLanguage: language);

            Assert.Equal(language, await page.Locator("html").GetAttributeAsync("lang"));
            Assert.Equal(heading, (await page.Locator("h1").TextContentAsync())?.Trim());
            Assert.Equal(statements, (await page.Locator("#statements").TextContentAsync())?.Trim());
            Assert.Equal(theme, (await page.Locator(".theme h3").TextContentAsync())?.Trim());
            Assert.Contains(Recommendation, await page.Locator("main").InnerTextAsync());
            Assert.False(await PagesFixture.ScrollsSidewaysAsync(page), $"the pack in {language} scrolls sideways at {size.Width}x{size.Height}");
            await PagesFixture.AssertAccessibleAsync(page);
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task A_visitor_without_javascript_goes_from_the_pre_session_to_its_pack_and_the_pdf_link_serves_a_pdf()
    {
        var wg = await PublishedStatementAsync();
        var page = await pages.OpenAsync($"/wg-sessions/{wg}/pre-sessions/FRA", PagesFixture.Phone, javaScript: false);

        await page.GetByRole(AriaRole.Link, new() { Name = "Read the briefing pack", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == $"/wg-sessions/{wg}/pre-sessions/FRA/briefing");
        Assert.Contains(Recommendation, await page.Locator("main").InnerTextAsync());
        var pdf = await page.APIRequest.GetAsync((await page.Locator("a[data-pdf]").GetAttributeAsync("href"))!);

        Assert.Equal(200, pdf.Status);
        Assert.StartsWith("application/pdf", pdf.Headers["content-type"]);
        Assert.Equal("%PDF"u8.ToArray(), (await pdf.BodyAsync())[..4]);
        await page.Context.CloseAsync();
    }

    /// <summary>A fresh pre-session with one CSO on its panel whose statement is approved and consented: the WG number.</summary>
    private async Task<int> PublishedStatementAsync()
    {
        var wg = await new AccountScenario(pages).NewPreSessionAsync();
        using var anonymous = Client();
        using var registered = await anonymous.PostAsJsonAsync("/api/organisations", new { name = $"CSO {Guid.NewGuid():N}"[..20], kind = "cso" });
        registered.EnsureSuccessStatusCode();
        var cso = await registered.Content.ReadFromJsonAsync<JsonElement>();
        var (id, token) = (cso.GetProperty("id").GetString()!, cso.GetProperty("token").GetString()!);
        var preSession = $"/api/wg-sessions/{wg}/pre-sessions/FRA";
        using var organisation = Client(token);
        (await organisation.PostAsJsonAsync($"{preSession}/applications", new
        {
            speakerName = "A. Speaker", themes = new[] { "civil-society" }, publishSpeakerName = true, publishStatement = true,
        })).EnsureSuccessStatusCode();
        (await organisation.PutAsJsonAsync($"{preSession}/applications/{id}/statement", new
        {
            language = "en", assessment = "Since the last review.", questions = "- Will the law be repealed?",
            recommendations = new[] { new { text = Recommendation, recommendationIds = Array.Empty<string>() } },
        })).EnsureSuccessStatusCode();
        using var op = Client(PagesFixture.OperatorToken);
        (await op.PostAsJsonAsync($"{preSession}/applications/{id}/statement/approval", new { version = 1 })).EnsureSuccessStatusCode();
        return wg;
    }

    private HttpClient Client(string? token = null)
    {
        var client = new HttpClient { BaseAddress = new Uri(pages.Gateway.Url) };
        if (token is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
