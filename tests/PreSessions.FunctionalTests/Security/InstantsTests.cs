using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace PreSessions.FunctionalTests.Security;

/// <summary>
/// Issue 16, item 1: every instant and every sum made from one is checked before anything is stored, so no stored plan
/// can make a public read fail. Instants are accepted from 2000 to the end of 2099 (UTC); a pre-session ends by then too.
/// </summary>
public sealed class InstantsTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private static object Plan(string startsAt, int durationMinutes = 60) =>
        new { startsAt, durationMinutes, room = "XXIV", panelSize = 5, seats = 30 };

    [Theory]
    // The probe's request: the end falls past year 9999.
    [InlineData("9999-12-31T23:59:00+00:00", 240)]
    [InlineData("9999-12-31T23:59:59.9999999Z", 15)]
    // Offsets that push a well-formed time past what can be represented, either way.
    [InlineData("9999-12-31T23:30:00-01:00", 60)]
    [InlineData("0001-01-01T00:30:00+01:00", 60)]
    [InlineData("0001-01-01T00:00:00Z", 60)]
    // Representable, but not a time anyone meets at.
    [InlineData("1999-12-31T23:59:59Z", 60)]
    [InlineData("2000-01-01T00:30:00+01:00", 60)]
    [InlineData("2100-01-01T00:00:00Z", 60)]
    [InlineData("2099-12-31T23:00:00-05:00", 60)]
    // Each part within its bounds, the sum not: the end falls in 2100.
    [InlineData("2099-12-31T23:00:00Z", 240)]
    [InlineData("2099-12-31T23:59:59Z", 15)]
    public async Task A_start_or_an_end_out_of_range_is_400_naming_startsAt_and_stores_nothing(string startsAt, int durationMinutes)
    {
        var wg = await gateway.CreateWgSessionAsync();

        using var response = await gateway.Operator().PutAsJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/AND", Plan(startsAt, durationMinutes));

        var problem = await response.ValidationProblemAsync("startsAt");
        Assert.Matches("2099|2100", problem.GetProperty("errors").GetProperty("startsAt")[0].GetString());
        await AssertNothingScheduledAsync(wg);
    }

    [Theory]
    [InlineData("2000-01-01T00:00:00Z", 240)]
    [InlineData("2000-01-01T01:00:00+01:00", 60)]
    [InlineData("2099-12-31T20:00:00Z", 240)]
    [InlineData("2099-12-31T23:45:00Z", 15)]
    [InlineData("2099-12-31T23:45:00+14:00", 240)]
    public async Task The_edges_of_the_range_are_accepted_and_every_read_answers(string startsAt, int durationMinutes)
    {
        var wg = await gateway.CreateWgSessionAsync();

        await gateway.Operator().PutAsJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/AND", Plan(startsAt, durationMinutes))
            .ExpectAsync(HttpStatusCode.Created);

        var preSession = await gateway.Client().GetJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/AND");
        var start = DateTimeOffset.Parse(startsAt);
        Assert.Equal(start, preSession.GetProperty("startsAt").GetDateTimeOffset());
        Assert.Equal(start.AddMinutes(durationMinutes), preSession.GetProperty("endsAt").GetDateTimeOffset());
        Assert.Single((await gateway.Client().GetJsonAsync($"/api/wg-sessions/{wg}")).GetProperty("preSessions").EnumerateArray());
        using var calendar = await gateway.Client().GetAsync($"/api/wg-sessions/{wg}/schedule.ics");
        Assert.Equal(HttpStatusCode.OK, calendar.StatusCode);
        await gateway.Client().GetAsync($"/api/rooms/XXIV").ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_refused_change_leaves_the_plan_as_it_was()
    {
        var wg = await gateway.CreateWgSessionAsync();
        await gateway.SchedulePreSessionAsync(wg, "AND");
        var before = await ReadsAsync(wg);

        using var response = await gateway.Operator().PutAsJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/AND", Plan("9999-12-31T23:59:00+00:00", 240));

        await response.ValidationProblemAsync("startsAt");
        Assert.Equal(before, await ReadsAsync(wg));
    }

    [Theory]
    [InlineData("9999-12-31T23:59:59+00:00")]
    [InlineData("9999-12-31T23:59:59-00:01")]
    [InlineData("0001-01-01T00:00:00+00:01")]
    [InlineData("1999-12-31T23:59:59Z")]
    [InlineData("2100-01-01T00:00:00Z")]
    public async Task An_applications_close_out_of_range_is_400_and_stores_nothing(string applicationsClose)
    {
        var wg = gateway.NextWg();
        var details = new { title = "T", venue = "V", provisional = true, applicationsClose };

        using var created = await gateway.Operator().PutAsJsonAsync($"/api/wg-sessions/{wg}", details);
        await created.ValidationProblemAsync("applicationsClose");
        await gateway.Client().GetAsync($"/api/wg-sessions/{wg}").ExpectAsync(HttpStatusCode.NotFound);

        var existing = await gateway.CreateWgSessionAsync();
        var before = await gateway.Client().GetJsonAsync($"/api/wg-sessions/{existing}");
        using var changed = await gateway.Operator().PutAsJsonAsync($"/api/wg-sessions/{existing}", details);
        await changed.ValidationProblemAsync("applicationsClose");
        Assert.Equal(before.GetRawText(), (await gateway.Client().GetJsonAsync($"/api/wg-sessions/{existing}")).GetRawText());
    }

    [Theory]
    [InlineData("2000-01-01T00:00:00Z")]
    [InlineData("2099-12-31T23:59:59Z")]
    public async Task An_applications_close_at_the_edges_is_accepted(string applicationsClose)
    {
        var wg = gateway.NextWg();

        using var response = await gateway.Operator().PutAsJsonAsync($"/api/wg-sessions/{wg}",
            new { title = "T", venue = "V", provisional = true, applicationsClose });

        Assert.Equal(applicationsClose, (await response.JsonAsync(HttpStatusCode.Created)).Str("applicationsClose"));
    }

    private async Task AssertNothingScheduledAsync(int wg)
    {
        await gateway.Client().GetAsync($"/api/wg-sessions/{wg}/pre-sessions/AND").ExpectAsync(HttpStatusCode.NotFound);
        var week = await gateway.Client().GetJsonAsync($"/api/wg-sessions/{wg}");
        Assert.Empty(week.GetProperty("preSessions").EnumerateArray());
        using var calendar = await gateway.Client().GetAsync($"/api/wg-sessions/{wg}/schedule.ics");
        Assert.DoesNotContain("BEGIN:VEVENT", await calendar.Content.ReadAsStringAsync());
        var audit = await gateway.Operator().GetJsonAsync($"/api/audit?wg={wg}&sur=AND");
        Assert.DoesNotContain("pre-session.", audit.GetRawText());
    }

    private async Task<string> ReadsAsync(int wg)
    {
        var reads = new List<string>();
        foreach (var url in new[] { $"/api/wg-sessions/{wg}", $"/api/wg-sessions/{wg}/pre-sessions/AND", $"/api/audit?wg={wg}&sur=AND" })
            reads.Add((await gateway.Operator().GetJsonAsync(url)).GetRawText());
        using var calendar = await gateway.Client().GetAsync($"/api/wg-sessions/{wg}/schedule.ics");
        reads.Add(string.Join("\n", (await calendar.Content.ReadAsStringAsync()).Split("\r\n").Where(l => !l.StartsWith("DTSTAMP"))));
        return string.Join("\n", reads);
    }
}
