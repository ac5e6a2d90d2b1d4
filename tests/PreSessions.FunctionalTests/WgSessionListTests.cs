using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace PreSessions.FunctionalTests;

/// <summary>GET /api/wg-sessions: every WG session, each with the Geneva days of its week.</summary>
public sealed class WgSessionListTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private async Task<JsonElement[]> ListAsync()
    {
        var body = await gateway.Client().GetJsonAsync("/api/wg-sessions");
        Assert.Equal(JsonValueKind.Array, body.ValueKind);
        return [.. body.EnumerateArray()];
    }

    private static JsonElement Entry(JsonElement[] list, int wg) => Assert.Single(list, e => e.Int("wg") == wg);

    private static string? Day(JsonElement entry, string property) =>
        entry.GetProperty(property).ValueKind == JsonValueKind.Null ? null : entry.Str(property);

    [Fact]
    public async Task An_entry_has_the_contracts_fields_and_the_days_of_its_first_and_last_pre_session_in_geneva()
    {
        var wg = await gateway.CreateWgSessionAsync(provisional: false, title: "Pre-sessions for the 30th UPR WG session");
        // 23:30 UTC in December is half past midnight in Geneva (UTC+1): the next day there.
        await gateway.SchedulePreSessionAsync(wg, "FRA", startsAt: "2017-12-12T23:30:00Z");
        await gateway.SchedulePreSessionAsync(wg, "MLI", startsAt: "2017-12-15T10:00:00+01:00");
        await gateway.SchedulePreSessionAsync(wg, "TON", startsAt: "2017-12-14T10:00:00+01:00");

        var entry = Entry(await ListAsync(), wg);

        Assert.Equal(["wg", "title", "venue", "provisional", "firstDay", "lastDay"], entry.Names());
        Assert.Equal("Pre-sessions for the 30th UPR WG session", entry.Str("title"));
        Assert.Equal("Palais des Nations, Geneva", entry.Str("venue"));
        Assert.False(entry.GetProperty("provisional").GetBoolean());
        Assert.Equal(("2017-12-13", "2017-12-15"), (Day(entry, "firstDay"), Day(entry, "lastDay")));
    }

    [Fact]
    public async Task Days_follow_geneva_summer_time()
    {
        var wg = await gateway.CreateWgSessionAsync();
        // 22:30 UTC in June is half past midnight in Geneva (UTC+2), the next day; a fixed UTC+1 would say the same day.
        await gateway.SchedulePreSessionAsync(wg, "FRA", startsAt: "2018-06-10T22:30:00Z");

        var entry = Entry(await ListAsync(), wg);

        Assert.Equal(("2018-06-11", "2018-06-11"), (Day(entry, "firstDay"), Day(entry, "lastDay")));
    }

    [Fact]
    public async Task The_list_is_ordered_by_first_day_then_number_with_weeks_not_yet_scheduled_last()
    {
        var later = await gateway.CreateWgSessionAsync();
        var earlier = await gateway.CreateWgSessionAsync();
        var unscheduled = await gateway.CreateWgSessionAsync();
        var sameDay = await gateway.CreateWgSessionAsync();
        await gateway.SchedulePreSessionAsync(later, "FRA", startsAt: "2019-01-21T10:00:00+01:00");
        await gateway.SchedulePreSessionAsync(earlier, "FRA", startsAt: "2018-05-07T10:00:00+02:00");
        await gateway.SchedulePreSessionAsync(sameDay, "FRA", startsAt: "2018-05-07T15:00:00+02:00");

        var list = await ListAsync();

        var mine = list.Select(e => e.Int("wg")).Where(wg => wg == later || wg == earlier || wg == unscheduled || wg == sameDay).ToArray();
        Assert.Equal([earlier, sameDay, later, unscheduled], mine);
        Assert.Null(Day(Entry(list, unscheduled), "firstDay"));
        Assert.Null(Day(Entry(list, unscheduled), "lastDay"));
        // The whole list, other tests' weeks included, keeps the same order.
        var keys = list.Select(e => (Scheduled: Day(e, "firstDay") is not null, Day: Day(e, "firstDay") ?? "", Wg: e.Int("wg"))).ToArray();
        Assert.Equal(keys.OrderByDescending(k => k.Scheduled).ThenBy(k => k.Day, StringComparer.Ordinal).ThenBy(k => k.Wg), keys);
    }

    [Fact]
    public async Task A_change_of_the_details_or_the_week_shows_in_the_list()
    {
        var wg = await gateway.CreateWgSessionAsync();
        await gateway.SchedulePreSessionAsync(wg, "FRA", startsAt: "2017-12-12T10:00:00+01:00");
        Assert.Equal("2017-12-12", Day(Entry(await ListAsync(), wg), "firstDay"));

        await gateway.Operator().PutAsJsonAsync($"/api/wg-sessions/{wg}",
            new { title = "Renamed week", venue = "Room XX", provisional = false }).ExpectAsync(HttpStatusCode.OK);
        await gateway.SchedulePreSessionAsync(wg, "FRA", startsAt: "2017-12-18T10:00:00+01:00");
        await gateway.SchedulePreSessionAsync(wg, "TON", startsAt: "2017-12-11T10:00:00+01:00");

        var entry = Entry(await ListAsync(), wg);
        Assert.Equal(("Renamed week", "Room XX"), (entry.Str("title"), entry.Str("venue")));
        Assert.False(entry.GetProperty("provisional").GetBoolean());
        Assert.Equal(("2017-12-11", "2017-12-18"), (Day(entry, "firstDay"), Day(entry, "lastDay")));
    }

    [Fact]
    public async Task A_refused_put_lists_nothing()
    {
        var wg = gateway.NextWg();

        await gateway.Operator().PutAsync($"/api/wg-sessions/{wg}", Http.Raw("""{"title":"","venue":"V","provisional":true}"""))
            .ExpectAsync(HttpStatusCode.BadRequest);
        await gateway.Client().PutAsJsonAsync($"/api/wg-sessions/{wg}", new { title = "T", venue = "V", provisional = true })
            .ExpectAsync(HttpStatusCode.Unauthorized);

        Assert.DoesNotContain(await ListAsync(), e => e.Int("wg") == wg);
    }
}
