namespace PreSessions.BrowserTests;

/// <summary>
/// The organisers publish a release and import recommendations in Chromium, correcting a refused form each time, and
/// axe finds no WCAG 2.2 A/AA violation at any step.
/// </summary>
[Collection(PagesCollection.Name)]
public sealed class OperatorReleasesFlowTests(PagesFixture pages)
{
    private readonly AccountScenario _scenario = new(pages);

    [Theory]
    [InlineData("en", "Release 1 is published.", "2 recommendations are imported.")]
    [InlineData("fr", "La version 1 est publiée.", "2 recommandations sont importées.")]
    public async Task The_operator_publishes_a_release_and_imports_recommendations_accessibly(string language, string published, string imported)
    {
        var wg = await _scenario.NewPreSessionAsync();
        var page = await pages.OperatorPageAsync($"/operator/wg-sessions/{wg}/releases", language: language);
        await PagesFixture.AssertAccessibleAsync(page);

        await page.Locator("#publish button[type=submit]").ClickAsync();
        await Expect(page.Locator("#changelog")).ToHaveAttributeAsync("aria-invalid", "true");
        await PagesFixture.AssertAccessibleAsync(page);
        await page.Locator("input[name=status][value=confirmed]").CheckAsync();
        await page.Locator("#changelog").FillAsync("Confirmed by the UN.");
        await page.Locator("#publish button[type=submit]").ClickAsync();
        await Expect(page.Locator("main .notice")).ToHaveTextAsync(published);
        await Expect(page.Locator("li[data-release='1'] .changelog")).ToHaveTextAsync("Confirmed by the UN.");
        await PagesFixture.AssertAccessibleAsync(page);

        await page.GotoAsync($"{pages.Gateway.Url}/operator/wg-sessions/{wg}/pre-sessions/FRA/recommendations");
        await PagesFixture.AssertAccessibleAsync(page);
        await page.Locator("#csv").FillAsync("id,text,recommendingState,response,theme\n118.25,Ratify,DEU,supported,\n118.26,Protect,Atlantis,noted,\n");
        await page.Locator("#import button[type=submit]").ClickAsync();
        await Expect(page.Locator("#import-errors li")).ToHaveCountAsync(1);
        await PagesFixture.AssertAccessibleAsync(page);
        await page.Locator("#csv").FillAsync("id,text,recommendingState,response,theme\n118.25,Ratify,DEU,supported,\n118.26,Protect,MEX,noted,\n");
        await page.Locator("#import button[type=submit]").ClickAsync();
        await Expect(page.Locator("main .notice")).ToHaveTextAsync(imported);
        await Expect(page.Locator("tr[data-recommendation]")).ToHaveCountAsync(2);
        await PagesFixture.AssertAccessibleAsync(page);
        await page.Context.CloseAsync();
    }
}
