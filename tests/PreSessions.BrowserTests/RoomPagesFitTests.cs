namespace PreSessions.BrowserTests;

/// <summary>
/// The room pages on the screens they meet: the timekeeper's phone, and the speaker's screen with a long message on it.
/// </summary>
[Collection(RoomPagesCollection.Name)]
public sealed class RoomPagesFitTests(RoomPagesFixture fixture)
{
    /// <summary>A common phone held upright.</summary>
    private static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    [Fact(Timeout = 180_000)]
    public async Task Console_fits_a_390_px_phone_without_scrolling_sideways()
    {
        var scenario = await fixture.BookAsync("NOR", "Browser H",
            ("opening", "Opening by the Kingdom of Norway and its delegation from the capital", 300),
            ("moderator", "Moderator's questions", 300), ("closing", "Closing", 180));
        var console = await fixture.OpenAsync(scenario.Page("console"), laptop: new() { ViewportSize = Phone });
        await Expect(console.Locator("#token-form")).ToBeVisibleAsync();
        Assert.False(await PagesFixture.ScrollsSidewaysAsync(console), "The token form scrolls sideways on a phone.");

        await RoomPagesFixture.EnterConsoleTokenAsync(console, scenario);
        await Expect(console.Locator("#rundown tr")).ToHaveCountAsync(3);
        await AssertFitsAsync(console, "idle");

        // Everything the console can show at once: a running item, one left with its used time, a message, End armed.
        await console.Locator("#start").ClickAsync();
        await Expect(console.Locator("#countdown")).ToHaveAttributeAsync("data-state", "running");
        await console.Locator("#next-item").ClickAsync();
        await Expect(console.Locator("#rundown tr").Nth(0).Locator("td").Last).ToContainTextAsync("used ");
        await console.Locator("#message").FillAsync("Please slow down for the interpreters");
        await console.Locator("#send-message").ClickAsync();
        await Expect(console.Locator("#shown-message")).ToHaveTextAsync("Please slow down for the interpreters");
        await console.Locator("#end").ClickAsync();
        await Expect(console.Locator("#end")).ToHaveTextAsync("Confirm end");
        await AssertFitsAsync(console, "running");
    }

    [Fact(Timeout = 180_000)]
    public async Task A_long_message_is_wholly_visible_on_the_speaker_display_at_1280x800()
    {
        var scenario = await fixture.BookAsync("SWE", "Browser I",
            ("opening", "Opening by the Kingdom of Sweden", 300), ("closing", "Closing", 180));
        var speaker = await fixture.OpenAsync(scenario.Page("speaker"));
        await scenario.CommandAsync("start");
        await Expect(speaker.Locator("#countdown")).ToHaveAttributeAsync("data-state", "running");

        // The longest message the console may send (200 characters), with a word too long for any line.
        const string message = "Please conclude now: the Permanent Missions' questions come next and the interpreters " +
            "need a pause; see UPR-Info-pre-session-guidelines-for-speakers-and-moderators-2017 for the rules.";
        Assert.InRange(message.Length, 180, 200);
        await scenario.SayAsync(message);
        var shown = speaker.Locator("#message");
        await Expect(shown).ToHaveTextAsync(message);

        var box = await shown.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.X >= 0 && box.Y >= 0 && box.X + box.Width <= 1280 && box.Y + box.Height <= 800,
            $"The message's box {box.X},{box.Y} {box.Width}x{box.Height} leaves the 1280x800 screen.");
        var clipped = await shown.EvaluateAsync<bool>("e => e.scrollWidth > e.clientWidth || e.scrollHeight > e.clientHeight");
        Assert.False(clipped, "The message is clipped inside its box.");
        Assert.False(await ScrollsAsync(speaker), "The speaker display scrolls: part of it is off the screen.");
        // Still read from the lectern, and the countdown still on screen beside it.
        var size = await shown.EvaluateAsync<double>("e => parseFloat(getComputedStyle(e).fontSize)");
        Assert.True(size >= 32, $"The message shrank to {size} px.");
        await Expect(speaker.Locator("#countdown")).ToBeInViewportAsync(new() { Ratio = 1 });
    }

    private static async Task AssertFitsAsync(IPage console, string when)
    {
        Assert.False(await PagesFixture.ScrollsSidewaysAsync(console), $"The console scrolls sideways on a phone ({when}).");
        foreach (var button in await console.Locator(".controls button").AllAsync())
        {
            var box = await button.BoundingBoxAsync();
            Assert.True(box is not null && box.X >= 0 && box.X + box.Width <= Phone.Width,
                $"{await button.TextContentAsync()} is not wholly on a {Phone.Width} px screen ({when}).");
        }
    }

    private static Task<bool> ScrollsAsync(IPage page) => page.EvaluateAsync<bool>(
        "() => { const root = document.documentElement; return root.scrollHeight > root.clientHeight || root.scrollWidth > root.clientWidth; }");
}
