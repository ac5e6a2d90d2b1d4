namespace PreSessions.BrowserTests;

/// <summary>The room console drives the live timer, and what it does shows on the speaker display of the same room.</summary>
[Collection(RoomPagesCollection.Name)]
public sealed class ConsoleTests(RoomPagesFixture fixture)
{
    [Fact(Timeout = 180_000)]
    public async Task Console_clicks_show_on_the_speaker_display()
    {
        var scenario = await fixture.BookAsync("DEU", "Browser A",
            ("opening", "Opening by Germany", 300), ("moderator", "Moderator's questions", 300), ("closing", "Closing", 180));
        var console = await OpenConsoleAsync(scenario);
        var speaker = await fixture.OpenAsync(scenario.Page("speaker"));
        var speakerCountdown = speaker.Locator("#countdown");

        // Nothing is live in the room until the console starts the timer.
        await Expect(speaker.Locator("#item")).ToHaveTextAsync("No pre-session is live in this room");
        await Expect(speakerCountdown).ToHaveAttributeAsync("data-state", "none");
        await Expect(console.Locator("#countdown")).ToHaveAttributeAsync("data-state", "idle");
        await Expect(console.Locator("#rundown tr")).ToHaveCountAsync(3);

        await console.GetByRole(AriaRole.Button, new() { Name = "Start", Exact = true }).ClickAsync();
        await Expect(speakerCountdown).ToHaveAttributeAsync("data-state", "running");
        await Expect(speaker.Locator("#item")).ToHaveTextAsync("Opening by Germany");
        await Expect(speakerCountdown).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^[45]:\d\d$"));
        await Expect(console.Locator("#rundown tr").Nth(0)).ToHaveAttributeAsync("data-status", "current");

        await console.GetByRole(AriaRole.Button, new() { Name = "Next", Exact = true }).ClickAsync();
        await Expect(speaker.Locator("#item")).ToHaveTextAsync("Moderator's questions");
        await Expect(console.Locator("#rundown tr").Nth(0)).ToHaveAttributeAsync("data-status", "done");
        // The item left keeps the time it used, as the gateway accounted it.
        await Expect(console.Locator("#rundown tr").Nth(0).Locator("td").Last).ToContainTextAsync("used ");
        await Expect(console.Locator("#rundown tr").Nth(1)).ToHaveAttributeAsync("data-status", "current");

        // A message to the speaker shows until the console clears it.
        await console.Locator("#message").FillAsync("Please conclude");
        await console.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();
        await Expect(speaker.Locator("#message")).ToBeVisibleAsync();
        await Expect(speaker.Locator("#message")).ToHaveTextAsync("Please conclude");
        await Expect(console.Locator("#shown-message")).ToHaveTextAsync("Please conclude");
        await Expect(console.Locator("#message")).ToHaveValueAsync("");
        await console.GetByRole(AriaRole.Button, new() { Name = "Clear", Exact = true }).ClickAsync();
        await Expect(speaker.Locator("#message")).ToBeHiddenAsync();

        // The keyboard: Space pauses, + gives a minute more, → passes the floor on. The console takes one command at a
        // time (a double press must not skip two speakers), so each key waits for the one before to be answered.
        await Expect(console.Locator("#pause")).ToBeEnabledAsync();
        await console.Keyboard.PressAsync("Space");
        await Expect(speakerCountdown).ToHaveAttributeAsync("data-state", "paused");
        await Expect(speaker.Locator("#state")).ToHaveTextAsync("Paused");
        var paused = await DisplayReading.ReadAsync(speaker);
        await Expect(console.Locator("#extend")).ToBeEnabledAsync();
        await console.Keyboard.PressAsync("+");
        await Expect(speakerCountdown).ToHaveAttributeAsync("data-remaining-ms", (paused.RemainingMs + 60_000).ToString()!);
        await Expect(console.Locator("#next-item")).ToBeEnabledAsync();
        await console.Keyboard.PressAsync("ArrowRight");
        await Expect(speaker.Locator("#item")).ToHaveTextAsync("Closing");
        await Expect(speakerCountdown).ToHaveTextAsync("3:00");
        await Expect(console.Locator("#resume")).ToBeEnabledAsync();
        await console.Keyboard.PressAsync("Space");
        await Expect(speakerCountdown).ToHaveAttributeAsync("data-state", "running");

        // End asks for a second press; then the room has nothing live any more.
        var end = console.Locator("#end");
        await end.ClickAsync();
        await Expect(end).ToHaveTextAsync("Confirm end");
        await end.ClickAsync();
        await Expect(console.Locator("#countdown")).ToHaveAttributeAsync("data-state", "ended");
        await Expect(speakerCountdown).ToHaveAttributeAsync("data-state", "none");
        var timer = await scenario.TimerAsync();
        Assert.Equal("ended", timer.GetProperty("state").GetString());
    }

    [Fact(Timeout = 180_000)]
    public async Task Console_shows_why_the_gateway_refused_a_command()
    {
        var scenario = await fixture.BookAsync("ITA", "Browser B",
            ("opening", "Opening by Italy", 300), ("closing", "Closing", 180));
        // The console hears nothing pushed, so it cannot know of a command sent from elsewhere.
        var console = await OpenConsoleAsync(scenario, page => page.RouteAsync("**/timer/events", route => route.AbortAsync()));
        await console.GetByRole(AriaRole.Button, new() { Name = "Start", Exact = true }).ClickAsync();
        await Expect(console.Locator("#countdown")).ToHaveAttributeAsync("data-state", "running");

        await scenario.CommandAsync("pause");
        await console.GetByRole(AriaRole.Button, new() { Name = "Pause", Exact = true }).ClickAsync();
        await Expect(console.Locator("#error")).ToBeVisibleAsync();
        await Expect(console.Locator("#error")).ToContainTextAsync("paused");
        // After a refusal the console catches up with the timer as it is.
        await Expect(console.Locator("#countdown")).ToHaveAttributeAsync("data-state", "paused");

        // A wrong token is not kept: the console asks again.
        await console.Locator("#forget-token").ClickAsync();
        await console.Locator("#token").FillAsync("psc_not-a-token");
        await console.Locator("#token-form button").ClickAsync();
        await console.GetByRole(AriaRole.Button, new() { Name = "Resume", Exact = true }).ClickAsync();
        await Expect(console.Locator("#token-form")).ToBeVisibleAsync();
        await Expect(console.Locator("#token-error")).ToContainTextAsync("not accepted");
        Assert.Equal("paused", (await scenario.TimerAsync()).GetProperty("state").GetString());
    }

    private Task<IPage> OpenConsoleAsync(RoomScenario scenario, Func<IPage, Task>? beforeLoad = null) =>
        fixture.OpenConsoleAsync(scenario, scenario.Page("console"), beforeLoad);
}
