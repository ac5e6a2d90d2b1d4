using System.Diagnostics;
using PreSessions.BrowserTests.Harness;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace PreSessions.BrowserTests;

/// <summary>
/// A venue's network drops: the displays keep counting from the deadline they have, say that they are reconnecting,
/// and show what changed meanwhile as soon as the network is back.
/// </summary>
[Collection(RoomPagesCollection.Name)]
public sealed class NetworkLossTests(RoomPagesFixture fixture, ITestOutputHelper log)
{
    private static readonly TimeSpan Tolerance = TimeSpan.FromMilliseconds(250);

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
        var last = await DisplayReading.ReadAsync(speaker);
        while (cutAt.Elapsed < TimeSpan.FromSeconds(3))
        {
            await Task.Delay(250);
            var reading = await DisplayReading.ReadAsync(speaker);
            Assert.True(reading.RemainingMs < last.RemainingMs, $"The countdown stopped at {reading.RemainingMs} ms while cut off.");
            Assert.True(reading.Matches(deadline, Tolerance, out var why), why);
            Assert.Equal(("Opening by Peru", "reconnecting"), (reading.Item, reading.Link));
            last = reading;
        }

        link.Mend();
        var version = next.GetProperty("version").GetInt64().ToString();
        var nextDeadline = next.GetProperty("deadline").GetDateTimeOffset();
        foreach (var display in new[] { speaker, audience })
        {
            await Expect(display.Locator("#link")).ToHaveAttributeAsync("data-link", "connected");
            await Expect(display.Locator("#countdown")).ToHaveAttributeAsync("data-version", version);
            await Expect(display.Locator("#item")).ToHaveTextAsync("Moderator's questions");
            var reading = await DisplayReading.ReadAsync(display);
            Assert.True(reading.Matches(nextDeadline, Tolerance, out var why), why);
        }
        await Expect(audience.Locator("#next")).ToHaveTextAsync("Closing");
        log.WriteLine($"Resynced after {cutAt.Elapsed.TotalSeconds:0.0} s cut off and back.");
    }
}
