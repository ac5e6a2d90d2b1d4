using System.Net;
using Ical.Net.CalendarComponents;

namespace PreSessions.FunctionalTests.Releases;

/// <summary>
/// schedule.ics across releases, read back as a calendar client does (with Ical.Net): it follows the latest release,
/// UIDs never change, SEQUENCE rises exactly for the events a release changed, STATUS says how firm each one is.
/// </summary>
public sealed class ReleasedCalendarTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private async Task<Dictionary<string, CalendarEvent>> EventsAsync(int wg)
    {
        using var response = await gateway.Client().GetAsync($"/api/wg-sessions/{wg}/schedule.ics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var calendar = Ical.Net.Calendar.Load(await response.Content.ReadAsStringAsync())!;
        // Keyed by the State's name in the summary, so the test sees whether the UID stayed the same by itself.
        return calendar.Events.ToDictionary(e => e.Summary!.Split(':')[1].Split('(')[0].Trim());
    }

    private async Task<int> WeekAsync()
    {
        var wg = await gateway.CreateWgSessionAsync();
        await gateway.SchedulePreSessionAsync(wg, "FRA", startsAt: "2017-12-12T10:00:00+01:00", room: "XXIV");
        await gateway.SchedulePreSessionAsync(wg, "MLI", startsAt: "2017-12-12T11:30:00+01:00", room: "XXIV");
        await gateway.SchedulePreSessionAsync(wg, "TON", startsAt: "2017-12-13T10:00:00+01:00", room: "XXV");
        return wg;
    }

    [Fact]
    public async Task Sequence_rises_only_for_the_events_a_release_changed_and_uids_stay()
    {
        var wg = await WeekAsync();
        var draft = await EventsAsync(wg);
        await gateway.Operator().PublishAsync(wg, "provisional", "First schedule.");
        var first = await EventsAsync(wg);

        await gateway.SchedulePreSessionAsync(wg, "FRA", startsAt: "2017-12-12T14:00:00+01:00", room: "XXIV"); // moved
        await gateway.SchedulePreSessionAsync(wg, "MLI", startsAt: "2017-12-12T11:30:00+01:00", room: "XX");   // another room
        await gateway.SchedulePreSessionAsync(wg, "TON", startsAt: "2017-12-13T10:00:00+01:00", room: "XXV", durationMinutes: 60); // unchanged
        await gateway.Operator().PublishAsync(wg, "provisional", "France in the afternoon; Mali in room XX.");
        var second = await EventsAsync(wg);

        await gateway.SchedulePreSessionAsync(wg, "TON", startsAt: "2017-12-13T10:00:00+01:00", room: "XXV", durationMinutes: 45); // shorter
        await gateway.Operator().PublishAsync(wg, "provisional", "Tonga: 45 minutes.");
        var third = await EventsAsync(wg);

        Assert.All(draft.Values.Concat(first.Values), e => Assert.Equal(0, e.Sequence));
        Assert.Equal((1, 1, 0), (second["France"].Sequence, second["Mali"].Sequence, second["Tonga"].Sequence));
        Assert.Equal((1, 1, 1), (third["France"].Sequence, third["Mali"].Sequence, third["Tonga"].Sequence));
        Assert.Equal(new DateTime(2017, 12, 12, 13, 0, 0, DateTimeKind.Utc), second["France"].DtStart!.AsUtc);
        Assert.True(second["France"].DtStart!.IsUtc);
        Assert.StartsWith("XX,", second["Mali"].Location);
        Assert.Equal(TimeSpan.FromMinutes(45), third["Tonga"].DtEnd!.AsUtc - third["Tonga"].DtStart!.AsUtc);
        foreach (var state in new[] { "France", "Mali", "Tonga" })
            Assert.Single(new[] { draft, first, second, third }.Select(c => c[state].Uid).Distinct());
        Assert.Equal(3, third.Values.Select(e => e.Uid).Distinct().Count());
    }

    [Fact]
    public async Task The_calendar_follows_the_latest_release_not_the_working_schedule()
    {
        var wg = await WeekAsync();
        await gateway.Operator().PublishAsync(wg, "provisional", "First schedule.");

        await gateway.SchedulePreSessionAsync(wg, "FRA", startsAt: "2017-12-14T10:00:00+01:00", room: "XXIV");
        await gateway.SchedulePreSessionAsync(wg, "BHS", startsAt: "2017-12-14T15:00:00+01:00", room: "XXIV");
        var unpublished = await EventsAsync(wg);

        Assert.Equal(new DateTime(2017, 12, 12, 9, 0, 0, DateTimeKind.Utc), unpublished["France"].DtStart!.AsUtc);
        Assert.False(unpublished.ContainsKey("Bahamas"));
        await gateway.Operator().PublishAsync(wg, "provisional", "France on Thursday; the Bahamas added.");
        var published = await EventsAsync(wg);
        Assert.Equal(new DateTime(2017, 12, 14, 9, 0, 0, DateTimeKind.Utc), published["France"].DtStart!.AsUtc);
        Assert.Equal(0, published["Bahamas"].Sequence);
    }

    [Fact]
    public async Task Status_is_tentative_confirmed_or_cancelled_and_a_change_of_status_is_a_new_sequence()
    {
        var wg = await WeekAsync();
        await gateway.Operator().PublishAsync(wg, "provisional", "First schedule.");
        var provisional = await EventsAsync(wg);
        await gateway.Operator().PublishAsync(wg, "provisional", "Tonga will not be held.", cancelled: ["TON"]);
        var dropped = await EventsAsync(wg);
        await gateway.Operator().PublishAsync(wg, "confirmed", "Confirmed by the UN.");
        var confirmed = await EventsAsync(wg);

        Assert.All(provisional.Values, e => Assert.Equal("TENTATIVE", e.Status));
        Assert.Equal(("CANCELLED", 1), (dropped["Tonga"].Status, dropped["Tonga"].Sequence));
        Assert.Equal(("TENTATIVE", 0), (dropped["France"].Status, dropped["France"].Sequence));
        // Confirmation changes France and Mali; Tonga stays cancelled and unchanged.
        Assert.Equal(("CONFIRMED", 1), (confirmed["France"].Status, confirmed["France"].Sequence));
        Assert.Equal(("CONFIRMED", 1), (confirmed["Mali"].Status, confirmed["Mali"].Sequence));
        Assert.Equal(("CANCELLED", 1), (confirmed["Tonga"].Status, confirmed["Tonga"].Sequence));
        Assert.Equal(dropped["Tonga"].Uid, confirmed["Tonga"].Uid);
    }

    [Fact]
    public async Task Dtstamp_is_when_the_event_last_changed_and_the_description_gives_the_geneva_time()
    {
        var wg = await WeekAsync();
        await gateway.Operator().PublishAsync(wg, "provisional", "First schedule.");
        var first = await EventsAsync(wg);
        gateway.Clock.Advance(TimeSpan.FromDays(1));
        await gateway.SchedulePreSessionAsync(wg, "FRA", startsAt: "2017-12-12T14:00:00+01:00", room: "XXIV");
        await gateway.Operator().PublishAsync(wg, "provisional", "France in the afternoon.");
        var second = await EventsAsync(wg);

        Assert.True(first["France"].DtStamp!.IsUtc);
        Assert.Equal(first["Mali"].DtStamp!.AsUtc, second["Mali"].DtStamp!.AsUtc);
        Assert.Equal(TimeSpan.FromDays(1), second["France"].DtStamp!.AsUtc - first["France"].DtStamp!.AsUtc);
        // 13:00 UTC in December is 14:00 in Geneva (UTC+1).
        Assert.Contains("Tuesday 12 December 2017, 14:00-15:00 Geneva time (Europe/Zurich, UTC+01:00)", second["France"].Description);
        Assert.Contains("Release 2", second["France"].Description);
    }
}
