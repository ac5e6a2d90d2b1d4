using System.Diagnostics;
using Xunit.Abstractions;

namespace PreSessions.BrowserTests;

/// <summary>
/// A venue's network drops: the displays keep counting from the deadline they have, say that they are reconnecting,
/// and show what changed meanwhile as soon as the network is back.
/// </summary>
[Collection(RoomPagesCollection.Name)]
public sealed class NetworkLossTests(RoomPagesFixture fixture, ITestOutputHelper log)
{
    [Fact(Timeout = 180_000)]
    public async Task Displays_keep_counting_without_the_gateway_and_resync_when_it_is_back()
    {
        var scenario = await fixture.BookAsync("PER", "Browser F",
            ("opening", "Opening by Peru", 600), ("moderator", "Moderator's questions", 300), ("closing", "Closing", 180));
        await using var link = new NetworkLink(fixture.Gateway.Port);
        var speaker = await fixture.OpenAsync(scenario.Page("speaker", through: link.Url));
        var audience = await fixture.OpenAsync(scenario.Page("audience", through: link.Url));
        var started = await scenario.CommandAsync("start");
        var deadline = started.GetProperty("deadline").GetDateTimeOffset();
        foreach (var display in new[] { speaker, audience })
        {
            await Expect(display.Locator("#countdown")).ToHaveAttributeAsync("data-state", "running");
            await Expect(display.Locator("#link")).ToHaveAttributeAsync("data-link", "connected");
        }

        link.Cut();
        await Expect(speaker.Locator("#link")).ToHaveAttributeAsync("data-link", "reconnecting");
        await Expect(audience.Locator("#link")).ToHaveAttributeAsync("data-link", "reconnecting");

        // Cut off, the floor passes on: the displays cannot know, and go on counting the opening's time.
        var next = await scenario.CommandAsync("next");
        var cutAt = Stopwatch.StartNew();
        await KeepsCountingAsync(speaker, deadline, "Opening by Peru", TimeSpan.FromSeconds(3));
        await KeepsCountingAsync(audience, deadline, "Opening by Peru", TimeSpan.FromSeconds(1));

        link.Mend();
        var version = next.GetProperty("version").GetInt64().ToString();
        var nextDeadline = next.GetProperty("deadline").GetDateTimeOffset();
        foreach (var display in new[] { speaker, audience })
        {
            await Expect(display.Locator("#link")).ToHaveAttributeAsync("data-link", "connected");
            await Expect(display.Locator("#countdown")).ToHaveAttributeAsync("data-version", version);
            await Expect(display.Locator("#item")).ToHaveTextAsync("Moderator's questions");
            var reading = await DisplayReading.ReadAsync(display);
            Assert.True(reading.Matches(nextDeadline, DisplayReading.Tolerance, out var why), why);
        }
        await Expect(audience.Locator("#next")).ToHaveTextAsync("Closing");
        log.WriteLine($"Resynced after {cutAt.Elapsed.TotalSeconds:0.0} s cut off and back.");
    }

    [Fact(Timeout = 240_000)]
    public async Task Speaker_display_counts_through_a_gateway_restart_and_shows_the_timer_it_kept()
    {
        using var data = new TempDataDirectory();
        var first = await RoomPagesFixture.StartGatewayAsync(data.Path);
        await using var _ = first;
        var scenario = await RoomPagesFixture.BookAsync(first, "ARG", "Browser G",
            ("opening", "Opening by Argentina", 600), ("moderator", "Moderator's questions", 300), ("closing", "Closing", 180));
        await using var link = new NetworkLink(first.Port);
        var speaker = await fixture.OpenAsync(scenario.Page("speaker", through: link.Url));
        var deadline = (await scenario.CommandAsync("start")).GetProperty("deadline").GetDateTimeOffset();
        await Expect(speaker.Locator("#countdown")).ToHaveAttributeAsync("data-state", "running");
        await Expect(speaker.Locator("#link")).ToHaveAttributeAsync("data-link", "connected");

        // SIGKILL: no goodbye on the feed, and nothing answers until the second process is up.
        first.Kill();
        await Expect(speaker.Locator("#link")).ToHaveAttributeAsync("data-link", "reconnecting");
        await KeepsCountingAsync(speaker, deadline, "Opening by Argentina", TimeSpan.FromSeconds(2));

        await using var second = await RoomPagesFixture.StartGatewayAsync(data.Path);
        link.Redirect(second.Port);
        // The timer came back from storage; the floor passes on before the display has reconnected.
        var next = await scenario.On(second).CommandAsync("next");
        await Expect(speaker.Locator("#link")).ToHaveAttributeAsync("data-link", "connected", new() { Timeout = 30_000 });
        await Expect(speaker.Locator("#countdown")).ToHaveAttributeAsync("data-version", next.GetProperty("version").GetInt64().ToString());
        await Expect(speaker.Locator("#item")).ToHaveTextAsync("Moderator's questions");
        var reading = await DisplayReading.ReadAsync(speaker);
        Assert.True(reading.Matches(next.GetProperty("deadline").GetDateTimeOffset(), DisplayReading.Tolerance, out var why), why);
    }

    /// <summary>For <paramref name="span"/>, every reading shows less time than the one before, and the gateway's time.</summary>
    private static async Task KeepsCountingAsync(IPage display, DateTimeOffset deadline, string item, TimeSpan span)
    {
        var watch = Stopwatch.StartNew();
        var last = await DisplayReading.ReadAsync(display);
        while (watch.Elapsed < span)
        {
            await Task.Delay(250);
            var reading = await DisplayReading.ReadAsync(display);
            Assert.True(reading.RemainingMs < last.RemainingMs, $"The countdown stopped at {reading.RemainingMs} ms while cut off.");
            Assert.True(reading.Matches(deadline, DisplayReading.Tolerance, out var why), why);
            Assert.Equal((item, "reconnecting"), (reading.Item, reading.Link));
            last = reading;
        }
    }
}
