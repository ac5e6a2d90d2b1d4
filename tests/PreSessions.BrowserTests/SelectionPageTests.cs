using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace PreSessions.BrowserTests;

/// <summary>
/// The operator's selection page in Chromium: places chosen, the balance checked (a plain submit, nothing stored), the
/// selection saved; axe finds no WCAG 2.2 A/AA violation at each step, in each language. (The page needs no JavaScript:
/// the functional tests post its forms as they are.)
/// </summary>
[Collection(PagesCollection.Name)]
public sealed class SelectionPageTests(PagesFixture pages)
{
    private readonly AccountScenario _scenario = new(pages);

    [Theory]
    [InlineData("en", "Balance of the proposed panel", "The selection is saved: 2 on the panel, 0 waiting, 1 declined.")]
    [InlineData("fr", "Équilibre du panel proposé", "La sélection est enregistrée : 2 au panel, 0 en attente, 1 refusée(s).")]
    [InlineData("es", "Equilibrio del panel propuesto", "La selección está guardada: 2 en el panel, 0 en espera, 1 rechazada(s).")]
    public async Task The_operator_chooses_checks_the_balance_and_saves_the_panel(string language, string proposed, string saved)
    {
        var wg = await _scenario.NewPreSessionAsync(panelSize: 2);
        using (var op = new HttpClient { BaseAddress = new Uri(pages.Gateway.Url) })
        {
            op.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", PagesFixture.OperatorToken);
            (await op.PutAsJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/FRA", new
            {
                startsAt = "2031-12-12T10:00:00+01:00", durationMinutes = 60, room = "XXIV", panelSize = 2, seats = 40, selection = "review",
            })).EnsureSuccessStatusCode();
        }
        foreach (var kind in new[] { "cso", "cso", "nhri" })
            await _scenario.ApplyAsync(await _scenario.RegisterAsync(kind), wg);

        var page = await pages.OperatorPageAsync($"/operator/wg-sessions/{wg}/pre-sessions/FRA/selection", PagesFixture.Desktop, language);
        await PagesFixture.AssertAccessibleAsync(page);

        await page.Locator("#place-0").SelectOptionAsync(new SelectOptionValue { Index = 0 });   // panel
        await page.Locator("#place-2").SelectOptionAsync(new SelectOptionValue { Index = 0 });   // panel
        await page.Locator("#selection button[formaction*='handler=Balance']").ClickAsync();
        await Expect(page.Locator("#balance")).ToHaveTextAsync(proposed);
        await PagesFixture.AssertAccessibleAsync(page);

        await page.Locator("#place-1").SelectOptionAsync(new SelectOptionValue { Index = 3 });   // declined
        await page.Locator("#selection button[formaction*='handler=Select']").ClickAsync();
        await Expect(page.Locator(".notice.good")).ToHaveTextAsync(saved);
        await PagesFixture.AssertAccessibleAsync(page);
        await page.Context.CloseAsync();
    }
}
