using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;

namespace PreSessions.BrowserTests;

/// <summary>
/// The room pages in English, French and Spanish, chosen as every page's language is (?lang=, the cookie it leaves,
/// Accept-Language); what their scripts write is in that language too, times are Geneva's, and axe finds nothing.
/// </summary>
[Collection(RoomPagesCollection.Name)]
public sealed class RoomPagesLanguageTests(RoomPagesFixture fixture)
{
    [Theory(Timeout = 480_000)]
    [InlineData("en", "FIN", "Room", "Start", "Now", "No pre-session is live in this room", "Running")]
    [InlineData("fr", "BEL", "Salle", "Démarrer", "Maintenant", "Aucune pré-session en cours dans cette salle", "En cours")]
    [InlineData("es", "MEX", "Sala", "Iniciar", "Ahora", "No hay ninguna presesión en curso en esta sala", "En curso")]
    public async Task Each_room_page_speaks_the_asked_language_and_passes_axe(
        string lang, string sur, string roomWord, string start, string now, string noneLive, string running)
    {
        var room = $"Browser L {lang}";
        var scenario = await fixture.BookAsync(sur, room,
            ("opening", $"Opening by {sur}", 300), ("moderator", "Moderator's questions", 420), ("closing", "Closing", 180));
        var speaker = await OpenInAsync(scenario, "speaker", lang, roomWord);
        await Expect(speaker.Locator("#item")).ToHaveTextAsync(noneLive);
        var audience = await OpenInAsync(scenario, "audience", lang, roomWord);
        await Expect(audience.Locator(".caption").First).ToHaveTextAsync(now);

        var console = await OpenInAsync(scenario, "console", lang, roomWord);
        await PagesFixture.AssertAccessibleAsync(console);   // the token form
        await RoomPagesFixture.EnterConsoleTokenAsync(console, scenario);
        await Expect(console.Locator("#rundown tr")).ToHaveCountAsync(3);
        await PagesFixture.AssertAccessibleAsync(console);   // idle, before the start
        await console.GetByRole(AriaRole.Button, new() { Name = start, Exact = true }).ClickAsync();
        await Expect(console.Locator("#state")).ToHaveTextAsync(running);
        await scenario.SayAsync("Please conclude");
        await Expect(speaker.Locator("#message")).ToHaveTextAsync("Please conclude");
        await Expect(audience.Locator("#countdown")).ToHaveAttributeAsync("data-state", "running");
        await Expect(console.Locator("#rundown tr")).ToHaveCountAsync(3);

        // Running, with its rundown, the message and the live link: every page as it is during a pre-session.
        foreach (var page in new[] { console, speaker, audience })
        {
            await Expect(page.Locator("#link")).ToHaveAttributeAsync("data-link", "connected");
            await PagesFixture.AssertAccessibleAsync(page);
            await AssertEnhancedContrastAsync(page);
        }

        // Ended: every item left, the controls disabled, the countdown dimmed.
        await console.Locator("#next-item").ClickAsync();
        await Expect(console.Locator("#rundown tr").Nth(0)).ToHaveAttributeAsync("data-status", "done");
        await console.Locator("#end").ClickAsync();
        await console.Locator("#end").ClickAsync();
        await Expect(console.Locator("#countdown")).ToHaveAttributeAsync("data-state", "ended");
        await PagesFixture.AssertAccessibleAsync(console);
    }

    [Fact(Timeout = 180_000)]
    public async Task Without_lang_the_cookie_then_the_browser_language_choose()
    {
        var scenario = await fixture.BookAsync("URY", "Browser M", ("opening", "Opening by Uruguay", 300), ("closing", "Closing", 180));
        var speaker = await fixture.OpenAsync(scenario.Page("speaker"), laptop: new() { Locale = "es-419" });
        Assert.Equal("es", await speaker.Locator("html").GetAttributeAsync("lang"));
        await Expect(speaker.Locator("#room")).ToHaveTextAsync("Sala Browser M");

        // ?lang=fr once: the cookie it leaves speaks before the browser's Spanish on the next page.
        await speaker.GotoAsync(scenario.Page("speaker") + "?lang=fr");
        Assert.Equal("fr", await speaker.Locator("html").GetAttributeAsync("lang"));
        await speaker.GotoAsync(scenario.Page("audience"));
        Assert.Equal("fr", await speaker.Locator("html").GetAttributeAsync("lang"));
        await Expect(speaker.Locator(".caption").First).ToHaveTextAsync("Maintenant");
    }

    [Fact(Timeout = 180_000)]
    public async Task The_picker_shows_Genevas_24_hour_times_on_a_laptop_in_New_York()
    {
        // Tomorrow at 14:30 in Geneva: 08:30 in New York, "2:30 PM" on a 12-hour clock.
        var geneva = TimeZoneInfo.FindSystemTimeZoneById("Europe/Zurich");
        var tomorrow = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, geneva).Date.AddDays(1).AddHours(14).AddMinutes(30);
        var startsAt = new DateTimeOffset(tomorrow, geneva.GetUtcOffset(tomorrow));
        var scenario = await fixture.BookAsync("CAN", "Browser J", startsAt, ("opening", "Opening by Canada", 300), ("closing", "Closing", 180));
        var newYork = new BrowserNewContextOptions { TimezoneId = "America/New_York", Locale = "en-US" };

        foreach (var lang in new[] { "en", "fr", "es" })
        {
            var console = await fixture.OpenConsoleAsync(scenario, scenario.Page("console") + $"?lang={lang}", laptop: newYork);
            Assert.Equal("America/New_York", await console.EvaluateAsync<string>("() => Intl.DateTimeFormat().resolvedOptions().timeZone"));
            var option = await console.Locator("#pre-session option").First.TextContentAsync();
            Assert.Contains("14:30", option);
            Assert.Contains("15:30", option);
            Assert.DoesNotMatch(new Regex(@"\b(AM|PM)\b|08:30|8:30"), option!);
            // The date in the page's language (not the laptop's): the weekday as that language abbreviates it.
            var weekday = tomorrow.ToString("ddd", System.Globalization.CultureInfo.GetCultureInfo(lang)).TrimEnd('.');
            Assert.Contains(weekday, option, StringComparison.OrdinalIgnoreCase);
            await console.Context.CloseAsync();
        }
    }

    /// <summary>
    /// Text read from across a room or in a hurry: key hints, captions and the rundown's past are quiet, not faint. They
    /// meet WCAG's enhanced contrast (7:1), beyond the AA minimum the axe check above holds every page to.
    /// </summary>
    private static async Task AssertEnhancedContrastAsync(IPage page)
    {
        var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "rule", Values = ["color-contrast-enhanced"] } });
        var nodes = result.Violations.SelectMany(v => v.Nodes).Select(n => n.Html);
        Assert.True(result.Violations.Length == 0, $"Below 7:1 on {page.Url}:\n    " + string.Join("\n    ", nodes));
    }

    private async Task<IPage> OpenInAsync(RoomScenario scenario, string page, string lang, string roomWord)
    {
        var opened = await fixture.OpenAsync(scenario.Page(page) + $"?lang={lang}", laptop: new() { Locale = "en-US" });
        Assert.Equal(lang, await opened.Locator("html").GetAttributeAsync("lang"));
        await Expect(opened.Locator("#room")).ToHaveTextAsync($"{roomWord} {scenario.Room}");
        return opened;
    }
}
