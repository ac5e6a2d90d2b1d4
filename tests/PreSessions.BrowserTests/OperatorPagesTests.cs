using System.Text.RegularExpressions;

namespace PreSessions.BrowserTests;

/// <summary>
/// The organisers' pages clicked through in Chromium, in English, French and Spanish, on a phone and a desktop: sign
/// in from an /operator address, define a WG session (its errors first), schedule a pre-session (its errors first),
/// the organisations, a room's console token shown once, the audit log, sign-out. At every step the page is in the
/// asked language, does not scroll sideways, and axe finds nothing against WCAG 2.2 A/AA.
/// </summary>
[Collection(PagesCollection.Name)]
public sealed class OperatorPagesTests(PagesFixture pages)
{
    /// <summary>WG session numbers of these tests' own, away from the demo's 29 and the account tests' 700s.</summary>
    private static int _lastWg = 850;

    public static TheoryData<string, int> Flows => new()
    {
        { "en", 360 }, { "en", 1280 }, { "fr", 360 }, { "fr", 1280 }, { "es", 360 }, { "es", 1280 },
    };

    [Theory]
    [MemberData(nameof(Flows))]
    public async Task The_operator_sets_up_a_week_and_looks_after_organisations_rooms_and_the_log(string language, int width)
    {
        var wg = Interlocked.Increment(ref _lastWg);
        await new AccountScenario(pages).RegisterAsync("cso");
        var text = Text.In(language);
        var page = await pages.OperatorPageAsync("/operator", width <= 360 ? PagesFixture.Phone : PagesFixture.Desktop, language);
        await CheckAsync(page, language, text.Home);
        await Expect(page.Locator("a[href='/operator/wg-sessions/29']")).ToBeVisibleAsync();

        // A new WG session: its number, then its details, wrong first.
        await page.Locator("#wg").FillAsync(wg.ToString());
        await page.Locator("#open button[type=submit]").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/operator/wg-sessions/{wg}$"));
        await page.Locator("#details button[type=submit]").ClickAsync();
        await Expect(page.Locator("#title-error")).ToBeVisibleAsync();
        await CheckAsync(page, language, text.Week(wg));
        await page.Locator("#title").FillAsync($"Pre-sessions {wg}");
        await page.Locator("#venue").FillAsync("Palais des Nations");
        await page.Locator("#applicationsClose").FillAsync("2017-12-01T18:00");
        await page.Locator("#details button[type=submit]").ClickAsync();
        await Expect(page.Locator("main .notice.good")).ToBeVisibleAsync();
        await CheckAsync(page, language, text.Week(wg));

        // Its first pre-session, with a room no room may be named, then right.
        await page.Locator("#sur").SelectOptionAsync("CHE");
        await page.Locator("#add-pre-session button[type=submit]").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/operator/wg-sessions/{wg}/pre-sessions/CHE$"));
        await page.Locator("#startsAt").FillAsync("2017-12-12T10:00");
        await page.Locator("#room").FillAsync("XX/IV");
        await page.Locator("#plan button[type=submit]").ClickAsync();
        await Expect(page.Locator("#room-error")).ToBeVisibleAsync();
        await CheckAsync(page, language, text.PreSession(wg));
        await page.Locator("#room").FillAsync("XXIV");
        await page.Locator("#plan button[type=submit]").ClickAsync();
        await Expect(page.Locator("main .notice.good")).ToBeVisibleAsync();
        await Expect(page.Locator(".facts")).ToContainTextAsync("XXIV");
        await CheckAsync(page, language, text.PreSession(wg));

        await page.Locator(".operator-nav a[href='/operator/organisations']").ClickAsync();
        await Expect(page.Locator("#organisations")).ToBeVisibleAsync();
        await CheckAsync(page, language, text.Organisations);

        await page.Locator(".operator-nav a[href='/operator/rooms']").ClickAsync();
        await page.Locator("#rooms a[href='/operator/rooms/XXIV']").ClickAsync();
        await page.Locator("#issue button").ClickAsync();
        await Expect(page.Locator("#new-token")).ToContainTextAsync("psc_");
        await CheckAsync(page, language, text.Room);

        await page.Locator(".operator-nav a[href='/operator/audit']").ClickAsync();
        await page.Locator("#wg").FillAsync(wg.ToString());
        await page.Locator("#filter button[type=submit]").ClickAsync();
        await Expect(page.Locator("#entries + table tbody tr")).Not.ToHaveCountAsync(0);
        await CheckAsync(page, language, text.Audit);

        await page.Locator("#sign-out button").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/sign-in\\?signedOut=true$"));
        await page.GotoAsync("/operator");
        await Expect(page.Locator("#sign-in")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    /// <summary>The page as it is now: in the asked language, with its heading, not scrolling sideways, and axe finding nothing.</summary>
    private static async Task CheckAsync(IPage page, string language, string heading)
    {
        Assert.Equal(language, await page.Locator("html").GetAttributeAsync("lang"));
        await Expect(page.Locator("h1")).ToHaveTextAsync(heading);
        Assert.False(await PagesFixture.ScrollsSidewaysAsync(page), $"{page.Url} scrolls sideways");
        await PagesFixture.AssertAccessibleAsync(page);
    }

    /// <summary>The headings the flow expects, in each language.</summary>
    private sealed record Text(string Home, string Organisations, string Room, string Audit, string WeekFormat, string PreSessionFormat)
    {
        public string Week(int wg) => string.Format(WeekFormat, wg);

        public string PreSession(int wg) => string.Format(PreSessionFormat, wg);

        public static Text In(string language) => language switch
        {
            "fr" => new("Organisateurs", "Organisations", "Salle XXIV", "Journal d'audit", "Session {0} du Groupe de travail", "GT {0} · Suisse"),
            "es" => new("Organizadores", "Organizaciones", "Sala XXIV", "Registro de auditoría", "Sesión {0} del Grupo de Trabajo", "GT {0} · Suiza"),
            _ => new("Organisers", "Organisations", "Room XXIV", "Audit log", "WG session {0}", "WG {0} · Switzerland"),
        };
    }
}
