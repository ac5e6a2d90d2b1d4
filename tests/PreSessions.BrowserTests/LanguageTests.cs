namespace PreSessions.BrowserTests;

/// <summary>The language of every page: ?lang=, then the cookie it leaves, then Accept-Language.</summary>
[Collection(PagesCollection.Name)]
public sealed class LanguageTests(PagesFixture pages)
{
    [Theory]
    [InlineData("fr-CH,fr;q=0.9", "fr", "Aller au contenu")]
    [InlineData("es-419", "es", "Ir al contenido")]
    [InlineData("de-DE", "en", "Skip to content")]
    public async Task The_browser_language_chooses_the_page_language(string acceptLanguage, string lang, string skipLink)
    {
        var page = await pages.OpenAsync("/", acceptLanguage: acceptLanguage);
        Assert.Equal(lang, await page.Locator("html").GetAttributeAsync("lang"));
        Assert.Equal(skipLink, (await page.Locator("a.skip").TextContentAsync())?.Trim());
    }

    [Fact]
    public async Task The_switch_keeps_the_chosen_language_on_the_next_page_over_the_browser_language()
    {
        var page = await pages.OpenAsync("/", acceptLanguage: "fr");
        await page.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "Español" }).ClickAsync();
        Assert.Equal("es", await page.Locator("html").GetAttributeAsync("lang"));

        await page.GotoAsync("/");   // no ?lang= now: the cookie speaks before Accept-Language
        Assert.Equal("es", await page.Locator("html").GetAttributeAsync("lang"));
        Assert.Equal("true", await page.Locator("a[hreflang=es]").GetAttributeAsync("aria-current"));
    }
}
