namespace PreSessions.BrowserTests;

/// <summary>
/// The home page, the WG 29 week and one of its pre-sessions, in each language, on a phone and on a desktop: the
/// page's language, its heading, a date written out and a State named in that language, no sideways scrolling and
/// nothing axe finds against WCAG 2.2 A/AA; the error page likewise; and a visitor clicking from home to a pre-session.
/// </summary>
[Collection(PagesCollection.Name)]
public sealed class PublicPagesTests(PagesFixture pages)
{
    public static TheoryData<string, string, string, string, string> Pages => new()
    {
        { "/", "en", "UPR Pre-sessions", "Tuesday, December 12, 2017", "United Arab Emirates" },
        { "/", "fr", "Pré-sessions de l'EPU", "mardi 12 décembre 2017", "Émirats arabes unis" },
        { "/", "es", "Presesiones del EPU", "martes, 12 de diciembre de 2017", "Emiratos Árabes Unidos" },
        { "/wg-sessions/29", "en", "WG session 29", "Friday, December 15, 2017", "United Arab Emirates" },
        { "/wg-sessions/29", "fr", "Session 29 du Groupe de travail", "vendredi 15 décembre 2017", "Émirats arabes unis" },
        { "/wg-sessions/29", "es", "Sesión 29 del Grupo de Trabajo", "viernes, 15 de diciembre de 2017", "Emiratos Árabes Unidos" },
        { "/wg-sessions/29/pre-sessions/ARE", "en", "United Arab Emirates", "Friday, December 15, 2017", "United Arab Emirates" },
        { "/wg-sessions/29/pre-sessions/ARE", "fr", "Émirats arabes unis", "vendredi 15 décembre 2017", "Émirats arabes unis" },
        { "/wg-sessions/29/pre-sessions/ARE", "es", "Emiratos Árabes Unidos", "viernes, 15 de diciembre de 2017", "Emiratos Árabes Unidos" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task A_public_page_speaks_the_visitor_s_language_and_fits_a_phone_and_a_desktop_accessibly(
        string path, string language, string heading, string date, string state)
    {
        foreach (var size in new[] { PagesFixture.Phone, PagesFixture.Desktop })
        {
            var page = await pages.OpenAsync(path, size, acceptLanguage: language);

            Assert.Equal(language, await page.Locator("html").GetAttributeAsync("lang"));
            Assert.Equal(heading, (await page.Locator("h1").TextContentAsync())?.Trim());
            var main = await page.Locator("main").InnerTextAsync();
            Assert.Contains(date, main);
            Assert.Contains(state, main);
            Assert.False(await PagesFixture.ScrollsSidewaysAsync(page), $"{path} in {language} scrolls sideways at {size.Width}x{size.Height}");
            await PagesFixture.AssertAccessibleAsync(page);
            await page.Context.CloseAsync();
        }
    }

    [Theory]
    [InlineData("en", "Page not found", "Back to the home page")]
    [InlineData("fr", "Page introuvable", "Retour à la page d'accueil")]
    [InlineData("es", "Página no encontrada", "Volver a la página de inicio")]
    public async Task An_unknown_wg_session_is_a_404_page_in_the_visitor_s_language_with_the_way_home(string language, string heading, string home)
    {
        foreach (var size in new[] { PagesFixture.Phone, PagesFixture.Desktop })
        {
            var page = await pages.OpenAsync("/", size, acceptLanguage: language);
            var response = await page.GotoAsync("/wg-sessions/998");

            Assert.Equal(404, response!.Status);
            Assert.Equal(language, await page.Locator("html").GetAttributeAsync("lang"));
            Assert.Equal(heading, (await page.Locator("h1").TextContentAsync())?.Trim());
            Assert.False(await PagesFixture.ScrollsSidewaysAsync(page), $"the 404 page in {language} scrolls sideways at {size.Width}x{size.Height}");
            await PagesFixture.AssertAccessibleAsync(page);

            await page.GetByRole(AriaRole.Link, new() { Name = home, Exact = true }).ClickAsync();
            await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
            await page.Context.CloseAsync();
        }
    }

    [Theory]
    [InlineData(true, "en", "WG session 29", "France")]
    [InlineData(false, "fr", "Session 29 du Groupe de travail", "France")]
    [InlineData(false, "es", "Sesión 29 del Grupo de Trabajo", "Francia")]
    public async Task A_visitor_clicks_from_home_to_the_week_to_a_pre_session(bool javaScript, string language, string week, string france)
    {
        var page = await pages.OpenAsync("/", PagesFixture.Phone, javaScript, language);

        await page.GetByRole(AriaRole.Link, new() { Name = week, Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/wg-sessions/29");
        Assert.Equal(week, (await page.Locator("h1").TextContentAsync())?.Trim());

        await page.GetByRole(AriaRole.Link, new() { Name = france, Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/wg-sessions/29/pre-sessions/FRA");
        Assert.Equal(france, (await page.Locator("h1").TextContentAsync())?.Trim());
        // Reply for a mission, and no link to apply: the seeded week of December 2017 closed its call when it began.
        Assert.Equal(["/account?wg=29&sur=FRA#rsvp"],
            await page.Locator("a[href^='/account?wg=29&sur=FRA#']").EvaluateAllAsync<string[]>("links => links.map(l => l.getAttribute('href'))"));

        await page.GetByRole(AriaRole.Link, new() { Name = week, Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/wg-sessions/29");
        await page.Context.CloseAsync();
    }
}
