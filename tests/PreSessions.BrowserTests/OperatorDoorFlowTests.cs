using System.Text.RegularExpressions;

namespace PreSessions.BrowserTests;

/// <summary>
/// The organisers at the door in Chromium: a mission that RSVPed is checked in on the check-in page and shown
/// recorded, then the week's exports page gives the attendance CSV, downloaded and read back. axe finds no WCAG 2.2
/// A/AA violation on either page, on a phone in English and on a desktop in French.
/// </summary>
[Collection(PagesCollection.Name)]
public sealed class OperatorDoorFlowTests(PagesFixture pages)
{
    private readonly AccountScenario _scenario = new(pages);

    [Theory]
    [InlineData("en", 360, "Check-in: France", "{0}: 3 delegate(s) recorded.", "3 recorded", "Exports of WG session {0}")]
    [InlineData("fr", 1280, "Accueil : France", "{0} : 3 délégué(s) enregistré(s).", "3 enregistré(s)", "Exports de la session {0} du Groupe de travail")]
    public async Task The_operator_checks_a_mission_in_and_downloads_the_attendance(
        string language, int width, string door, string checkedIn, string recorded, string exports)
    {
        // The pre-session is in 2031: RSVPs close when it starts.
        var wg = await _scenario.NewPreSessionAsync();
        var mission = await _scenario.RsvpedMissionAsync(wg, delegates: 2);
        var page = await pages.OperatorPageAsync($"/operator/wg-sessions/{wg}/pre-sessions/FRA/check-in",
            width <= 360 ? PagesFixture.Phone : PagesFixture.Desktop, language);
        Assert.Equal(language, await page.Locator("html").GetAttributeAsync("lang"));
        await Expect(page.Locator("h1")).ToHaveTextAsync(door);
        await PagesFixture.AssertAccessibleAsync(page);

        var form = page.Locator($"#check-in-{mission.Id}");
        await form.Locator("input[name=delegates]").FillAsync("3");
        await form.Locator("button[type=submit]").ClickAsync();
        await Expect(page.Locator("main .notice.good")).ToHaveTextAsync(string.Format(checkedIn, mission.Name));
        await Expect(page.Locator($"#check-in-{mission.Id}")).ToContainTextAsync(recorded);
        Assert.False(await PagesFixture.ScrollsSidewaysAsync(page), $"{page.Url} scrolls sideways");
        await PagesFixture.AssertAccessibleAsync(page);

        await page.Locator($"a[href='/operator/wg-sessions/{wg}/exports']").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync(string.Format(exports, wg));
        Assert.False(await PagesFixture.ScrollsSidewaysAsync(page), $"{page.Url} scrolls sideways");
        await PagesFixture.AssertAccessibleAsync(page);
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("a[href$='kind=attendance']").ClickAsync());
        Assert.Equal($"wg{wg}-attendance.csv", download.SuggestedFilename);
        var csv = (await File.ReadAllTextAsync((await download.PathAsync())!)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("wg,sur,stateName,startsAt,organisationId,organisationName,delegates,recordedAt", csv[0]);
        var row = Assert.Single(csv[1..]);
        Assert.Matches(new Regex($"^{wg},FRA,France,2031-12-12T09:00:00Z,{mission.Id},{Regex.Escape(mission.Name)},3,"), row);
        await page.Context.CloseAsync();
    }
}
