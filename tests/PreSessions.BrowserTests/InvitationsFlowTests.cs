using System.Text.RegularExpressions;

namespace PreSessions.BrowserTests;

/// <summary>
/// The invitations in Chromium: the organiser invites every Permanent Mission from the week's page and downloads the
/// CSV; a mission opens its link, signs in with the button, is shown its token once, and RSVPs from the link the page
/// gives. axe finds no WCAG 2.2 A/AA violation on any of those pages, on a phone in English and a desktop in French.
/// Each case signs in a State of its own: a mission that signed in has no link in a later WG session.
/// </summary>
[Collection(PagesCollection.Name)]
public sealed class InvitationsFlowTests(PagesFixture pages)
{
    private readonly AccountScenario _scenario = new(pages);

    [Theory]
    [InlineData("en", 360, "URY", "193 Permanent Missions invited now; 0 were invited before.", "Sign in as the Permanent Mission of Uruguay")]
    [InlineData("fr", 1280, "SEN", "193 Missions permanentes invitées maintenant ; 0 l'étaient déjà.", "Se connecter en tant que Mission permanente de Sénégal")]
    public async Task The_operator_invites_every_mission_and_one_signs_in_with_its_link_and_RSVPs(
        string language, int width, string state, string invited, string signInAs)
    {
        var size = width <= 360 ? PagesFixture.Phone : PagesFixture.Desktop;
        var wg = await _scenario.NewPreSessionAsync();
        var page = await pages.OperatorPageAsync($"/operator/wg-sessions/{wg}", size, language);
        await CheckAsync(page, language);

        await page.Locator("#invite-missions button[type=submit]").ClickAsync();
        await Expect(page.Locator("main .notice.good")).ToHaveTextAsync(invited);
        await CheckAsync(page, language);
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("a#invitations-csv").ClickAsync());
        Assert.Equal($"wg{wg}-invitations.csv", download.SuggestedFilename);
        var csv = (await File.ReadAllTextAsync((await download.PathAsync())!)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("mission,state,stateName,organisationId,status,signInLink,rsvpLink,issuedAt,usedAt", csv[0]);
        Assert.Equal(194, csv.Length);
        var row = Assert.Single(csv, line => line.Contains($",{state},", StringComparison.Ordinal));
        Assert.Contains(",invited,", row);
        var link = new Uri(Regex.Match(row, "(https?://[^,]+/invitations/psi_[^,]+)").Groups[1].Value);
        Assert.Equal(new Uri(pages.Gateway.Url).Authority, link.Authority);
        await page.Context.CloseAsync();

        // The mission, in a browser of its own.
        var mission = await pages.OpenAsync(link.PathAndQuery, size, acceptLanguage: language);
        await Expect(mission.Locator("#redeem button")).ToHaveTextAsync(signInAs);
        await CheckAsync(mission, language);
        await mission.Locator("#redeem button").ClickAsync();
        await Expect(mission.Locator("#token")).ToContainTextAsync("pso_org-");
        await CheckAsync(mission, language);

        await mission.Locator("a#rsvp-link").ClickAsync();
        await mission.Locator("#rsvp #delegates").FillAsync("2");
        await mission.Locator("#rsvp button[type=submit]").ClickAsync();
        await Expect(mission.Locator("main .notice.good")).ToBeVisibleAsync();
        await Expect(mission.Locator("main table")).ToContainTextAsync("2");
        await CheckAsync(mission, language);

        // The link is spent: opening it again says so.
        await mission.GotoAsync(link.PathAndQuery);
        await Expect(mission.Locator("#redeem")).ToHaveCountAsync(0);
        await CheckAsync(mission, language);
        await mission.Context.CloseAsync();
    }

    private static async Task CheckAsync(Microsoft.Playwright.IPage page, string language)
    {
        Assert.Equal(language, await page.Locator("html").GetAttributeAsync("lang"));
        Assert.False(await PagesFixture.ScrollsSidewaysAsync(page), $"{page.Url} scrolls sideways");
        await PagesFixture.AssertAccessibleAsync(page);
    }
}
