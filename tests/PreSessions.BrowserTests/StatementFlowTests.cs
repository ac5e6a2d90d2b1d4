using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PreSessions.BrowserTests;

/// <summary>
/// Statements clicked through in Chromium: a panel speaker writes, previews and submits its statement, then a second
/// version; the operator compares the two and approves one, which the public pre-session page then shows. axe finds no WCAG 2.2 A/AA violation at each step, and
/// neither page scrolls sideways on a phone. (The pages need no JavaScript: the functional tests post their forms.)
/// </summary>
[Collection(PagesCollection.Name)]
public sealed class StatementFlowTests(PagesFixture pages)
{
    private readonly AccountScenario _scenario = new(pages);

    [Theory]
    [InlineData("en", 1280, "Preview", "Submit as version 1", "Version 2 of your statement is stored.", "Approve version 2", "Version 2 of this statement is approved.")]
    [InlineData("fr", 360, "Aperçu", "Soumettre comme version 1", "La version 2 de votre déclaration est enregistrée.", "Approuver la version 2", "La version 2 de cette déclaration est approuvée.")]
    public async Task An_organisation_writes_previews_and_submits_its_statement_and_the_operator_compares_and_approves(
        string language, int width, string preview, string submitFirst, string storedSecond, string approve, string approved)
    {
        var size = width <= 360 ? PagesFixture.Phone : PagesFixture.Desktop;
        var wg = await _scenario.NewPreSessionAsync();
        var (id, token) = await SpeakerAsync(wg);

        var page = await pages.OpenAsync($"/sign-in?returnUrl=/account/statements/{wg}/FRA", size, acceptLanguage: language);
        await page.Locator("#token").FillAsync(token);
        await page.Locator("#sign-in button[type=submit]").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/account/statements/{wg}/FRA$"));
        await PagesFixture.AssertAccessibleAsync(page);

        await page.Locator("#assessment").FillAsync("Since the last review, **little** has changed.\n\nJournalists are still detained.");
        await page.Locator("#questions").FillAsync("- When will the State free the journalists?");
        await page.Locator("#recommendation-0").FillAsync("Release every detained journalist.");
        await page.GetByRole(AriaRole.Button, new() { Name = preview, Exact = true }).ClickAsync();
        await Expect(page.Locator("#preview strong")).ToHaveTextAsync("little");
        await PagesFixture.AssertAccessibleAsync(page);
        Assert.False(await PagesFixture.ScrollsSidewaysAsync(page), "the statement page scrolls sideways");

        await page.GetByRole(AriaRole.Button, new() { Name = submitFirst }).ClickAsync();
        await Expect(page.Locator("main .notice.good")).ToBeVisibleAsync();
        await page.Locator("#assessment").FillAsync("Since the last review, **little** has changed.\n\nTwo journalists are still detained.");
        await page.Locator("#statement button[formaction*='handler=Submit']").ClickAsync();
        await Expect(page.Locator("main .notice.good")).ToHaveTextAsync(storedSecond);
        await Expect(page.Locator("tr[data-version]")).ToHaveCountAsync(2);
        await PagesFixture.AssertAccessibleAsync(page);
        await page.Context.CloseAsync();

        var review = await pages.OperatorPageAsync($"/operator/wg-sessions/{wg}/pre-sessions/FRA/statements?organisation={id}", size, language);
        await Expect(review.Locator("table.diff tr.removed")).ToContainTextAsync("Journalists are still detained.");
        await Expect(review.Locator("table.diff tr.added")).ToContainTextAsync("Two journalists are still detained.");
        await Expect(review.Locator("table.diff tr.added ins").First).ToBeVisibleAsync();
        await PagesFixture.AssertAccessibleAsync(review);
        Assert.False(await PagesFixture.ScrollsSidewaysAsync(review), "the review scrolls sideways");

        await review.GetByRole(AriaRole.Button, new() { Name = approve }).ClickAsync();
        await Expect(review.Locator("main .notice.good")).ToHaveTextAsync(approved);
        await Expect(review.Locator("#approval")).ToBeVisibleAsync();
        await PagesFixture.AssertAccessibleAsync(review);
        await review.Context.CloseAsync();

        // Approved and consented: the public pre-session page now shows it.
        var publicPage = await pages.OpenAsync($"/wg-sessions/{wg}/pre-sessions/FRA", size, acceptLanguage: language);
        var published = publicPage.Locator($"article.statement[data-organisation='{id}']");
        await Expect(published).ToContainTextAsync("Two journalists are still detained.");
        await Expect(published.Locator("strong")).ToHaveTextAsync("little");
        await PagesFixture.AssertAccessibleAsync(publicPage);
        await publicPage.Context.CloseAsync();
    }

    /// <summary>A CSO on the panel of the WG session's French pre-session, consenting to publish its statement: its id and token.</summary>
    private async Task<(string Id, string Token)> SpeakerAsync(int wg)
    {
        var token = await _scenario.RegisterAsync("cso");
        using var client = new HttpClient { BaseAddress = new Uri(pages.Gateway.Url) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        (await client.PostAsJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/FRA/applications",
            new { speakerName = "Ana Speaker", publishStatement = true })).EnsureSuccessStatusCode();
        using var me = await client.GetAsync("/api/organisations/" + token.Split('_')[1]);
        var body = await me.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("id").GetString()!, token);
    }
}
