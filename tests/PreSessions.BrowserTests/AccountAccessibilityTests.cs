namespace PreSessions.BrowserTests;

/// <summary>
/// axe finds no WCAG 2.2 A/AA violation on any account page, in English, French and Spanish: signed out and in, with
/// validation errors showing, with the token shown, with a notice, with applications and RSVPs listed.
/// </summary>
[Collection(PagesCollection.Name)]
public sealed class AccountAccessibilityTests(PagesFixture pages)
{
    private readonly AccountScenario _scenario = new(pages);

    [Theory]
    [InlineData("en", "Register an organisation")]
    [InlineData("fr", "Inscrire une organisation")]
    [InlineData("es", "Registrar una organización")]
    public async Task Registration_and_sign_in_pages_are_accessible_blank_with_errors_and_with_the_token(string language, string heading)
    {
        var page = await pages.OpenAsync("/organisations/new", acceptLanguage: language);
        Assert.Equal(language, await page.Locator("html").GetAttributeAsync("lang"));
        await Expect(page.Locator("h1")).ToHaveTextAsync(heading);
        await PagesFixture.AssertAccessibleAsync(page);

        await page.Locator("#register button[type=submit]").ClickAsync();
        await Expect(page.Locator("#name-error")).ToBeVisibleAsync();
        await Expect(page.Locator("#kind-error")).ToBeVisibleAsync();
        await PagesFixture.AssertAccessibleAsync(page);

        await page.Locator("#name").FillAsync("Accessible CSO");
        await page.Locator("input[name=kind][value=nhri]").CheckAsync();
        await page.Locator("#register button[type=submit]").ClickAsync();
        await Expect(page.Locator("#token")).ToBeVisibleAsync();
        await PagesFixture.AssertAccessibleAsync(page);

        var signIn = await pages.OpenAsync("/sign-in", acceptLanguage: language);
        await PagesFixture.AssertAccessibleAsync(signIn);
        await signIn.Locator("#token").FillAsync("pso_not-a-token");
        await signIn.Locator("#sign-in button[type=submit]").ClickAsync();
        await Expect(signIn.Locator("#token-error")).ToBeVisibleAsync();
        await PagesFixture.AssertAccessibleAsync(signIn);
        await page.Context.CloseAsync();
        await signIn.Context.CloseAsync();
    }

    [Theory]
    [InlineData("en")]
    [InlineData("fr")]
    [InlineData("es")]
    public async Task The_account_is_accessible_for_a_CSO_and_a_mission_with_errors_notices_and_lists(string language)
    {
        var wg = await _scenario.NewPreSessionAsync();
        var cso = await SignedInAsync(await _scenario.RegisterAsync("cso"), wg, language);
        await PagesFixture.AssertAccessibleAsync(cso);
        await cso.Locator("#apply button[type=submit]").ClickAsync();
        await Expect(cso.Locator("#speakerName-error")).ToBeVisibleAsync();
        await PagesFixture.AssertAccessibleAsync(cso);
        await cso.Locator("#speakerName").FillAsync("Ana Speaker");
        await cso.Locator("#apply button[type=submit]").ClickAsync();
        await Expect(cso.Locator("table tbody tr")).ToHaveCountAsync(1);
        await Expect(cso.Locator("main .notice")).ToBeVisibleAsync();
        await PagesFixture.AssertAccessibleAsync(cso);

        var mission = await SignedInAsync(await _scenario.RegisterAsync("mission"), wg, language);
        await PagesFixture.AssertAccessibleAsync(mission);
        await mission.Locator("#delegates").FillAsync("11");
        await mission.Locator("#rsvp button[type=submit]").ClickAsync();
        await Expect(mission.Locator("#delegates-error")).ToBeVisibleAsync();
        await PagesFixture.AssertAccessibleAsync(mission);
        await mission.Locator("#delegates").FillAsync("2");
        await mission.Locator("#rsvp button[type=submit]").ClickAsync();
        await Expect(mission.Locator("table tbody tr")).ToHaveCountAsync(1);
        await PagesFixture.AssertAccessibleAsync(mission);
        await cso.Context.CloseAsync();
        await mission.Context.CloseAsync();
    }

    /// <summary>Signs in on /sign-in, arriving by a deep link to the WG session's France pre-session.</summary>
    private async Task<IPage> SignedInAsync(string token, int wg, string language)
    {
        var page = await pages.OpenAsync($"/account?wg={wg}&sur=FRA", acceptLanguage: language);
        await page.Locator("#token").FillAsync(token);
        await page.Locator("#sign-in button[type=submit]").ClickAsync();
        await Expect(page.Locator("#picker")).ToBeVisibleAsync();
        Assert.Equal(language, await page.Locator("html").GetAttributeAsync("lang"));
        return page;
    }
}
