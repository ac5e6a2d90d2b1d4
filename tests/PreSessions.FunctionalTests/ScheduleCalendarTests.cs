using System.Net;
using System.Text;
using PreSessions.FunctionalTests.Releases;

namespace PreSessions.FunctionalTests;

/// <summary>GET /api/wg-sessions/{wg}/schedule.ics: iCalendar (RFC 5545) as calendar clients read it.</summary>
public sealed class ScheduleCalendarTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private async Task<string> Calendar(int wg)
    {
        using var response = await gateway.Client().GetAsync($"/api/wg-sessions/{wg}/schedule.ics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        return Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync());
    }

    /// <summary>Content lines after unfolding (RFC 5545 3.1: a CRLF followed by a space continues the line).</summary>
    private static string[] Unfold(string calendar) =>
        calendar.Replace("\r\n ", "").Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

    private static string[][] Events(string calendar)
    {
        var events = new List<string[]>();
        List<string>? current = null;
        foreach (var line in Unfold(calendar))
        {
            if (line == "BEGIN:VEVENT")
                current = [];
            else if (line == "END:VEVENT")
            {
                events.Add([.. current!]);
                current = null;
            }
            else
                current?.Add(line);
        }
        return [.. events];
    }

    private static string Property(string[] vevent, string name) =>
        Assert.Single(vevent, l => l.StartsWith(name + ":", StringComparison.Ordinal))[(name.Length + 1)..];

    [Fact]
    public async Task One_vevent_per_pre_session_with_utc_times()
    {
        var wg = await gateway.CreateWgSessionAsync(provisional: true);
        await gateway.SchedulePreSessionAsync(wg, "FRA", startsAt: "2017-12-12T10:00:00+01:00", durationMinutes: 60);
        await gateway.SchedulePreSessionAsync(wg, "MLI", startsAt: "2017-12-13T15:30:00+01:00", durationMinutes: 45, room: "XXV");
        await gateway.SchedulePreSessionAsync(wg, "TON", startsAt: "2017-12-14T09:00:00Z", durationMinutes: 30);

        var calendar = await Calendar(wg);

        var lines = Unfold(calendar);
        Assert.Equal("BEGIN:VCALENDAR", lines[0]);
        Assert.Equal("END:VCALENDAR", lines[^1]);
        Assert.Contains("VERSION:2.0", lines);
        var events = Events(calendar);
        Assert.Equal(3, events.Length);
        var bySur = events.ToDictionary(e => Property(e, "UID"));
        Assert.Equal(3, bySur.Count); // UIDs are distinct
        var fra = events.Single(e => Property(e, "SUMMARY").Contains("France"));
        Assert.Equal(("20171212T090000Z", "20171212T100000Z"), (Property(fra, "DTSTART"), Property(fra, "DTEND")));
        var mli = events.Single(e => Property(e, "SUMMARY").Contains("Mali"));
        Assert.Equal(("20171213T143000Z", "20171213T151500Z"), (Property(mli, "DTSTART"), Property(mli, "DTEND")));
        Assert.StartsWith("XXV", Property(mli, "LOCATION"));
        var ton = events.Single(e => Property(e, "SUMMARY").Contains("Tonga"));
        Assert.Equal(("20171214T090000Z", "20171214T093000Z"), (Property(ton, "DTSTART"), Property(ton, "DTEND")));
        // DTSTAMP is the server's clock, in UTC too.
        Assert.All(events, e => Assert.Matches("^[0-9]{8}T[0-9]{6}Z$", Property(e, "DTSTAMP")));
    }

    [Fact]
    public async Task Before_the_first_release_every_event_is_tentative_and_a_release_says_how_firm_it_is()
    {
        var provisional = await gateway.CreateWgSessionAsync(provisional: true);
        await gateway.SchedulePreSessionAsync(provisional, "FRA");
        var confirmed = await gateway.CreateWgSessionAsync(provisional: false);
        await gateway.SchedulePreSessionAsync(confirmed, "FRA");

        // Nothing is published yet: the working schedule, whatever the WG session's own flag says.
        Assert.Equal("TENTATIVE", Property(Assert.Single(Events(await Calendar(provisional))), "STATUS"));
        Assert.Equal("TENTATIVE", Property(Assert.Single(Events(await Calendar(confirmed))), "STATUS"));
        Assert.Equal("0", Property(Assert.Single(Events(await Calendar(confirmed))), "SEQUENCE"));

        await gateway.Operator().PublishAsync(provisional, "provisional", "Pending the UN's confirmation.");
        await gateway.Operator().PublishAsync(confirmed, "confirmed", "Confirmed by the UN.");

        Assert.Equal("TENTATIVE", Property(Assert.Single(Events(await Calendar(provisional))), "STATUS"));
        Assert.Equal("CONFIRMED", Property(Assert.Single(Events(await Calendar(confirmed))), "STATUS"));
    }

    [Fact]
    public async Task Lines_end_in_crlf_and_none_is_longer_than_75_octets()
    {
        // A long title full of two-byte characters, a State with a non-ASCII name and a long room name force folding.
        var title = string.Concat(Enumerable.Repeat("Pré-sessions de l'EPU, Genève; ", 7))[..190].Trim();
        var wg = await gateway.CreateWgSessionAsync(title: title);
        await gateway.SchedulePreSessionAsync(wg, "CIV", room: new string('R', 30) + " Salle des Droits de l'Homme et de l'Alliance des Civilisations");
        await gateway.SchedulePreSessionAsync(wg, "ARE", startsAt: "2017-12-12T11:00:00+01:00");

        var calendar = await Calendar(wg);

        Assert.EndsWith("\r\n", calendar);
        Assert.DoesNotContain('\n', calendar.Replace("\r\n", ""));
        Assert.DoesNotContain('\r', calendar.Replace("\r\n", ""));
        var physical = calendar.Split("\r\n")[..^1];
        Assert.All(physical, line => Assert.True(Encoding.UTF8.GetByteCount(line) <= 75, $"{Encoding.UTF8.GetByteCount(line)} octets: {line}"));
        Assert.Contains(physical, line => line.StartsWith(' ')); // something was folded
        // Unfolding restores the text (with RFC 5545's escapes), so folding never split a character.
        var calendarName = Assert.Single(Unfold(calendar), l => l.StartsWith("X-WR-CALNAME:"));
        Assert.Equal("X-WR-CALNAME:" + title.Replace(",", "\\,").Replace(";", "\\;"), calendarName);
        Assert.Equal(2, Events(calendar).Length);
        Assert.Contains("Côte d'Ivoire", Property(Events(calendar)[0], "SUMMARY"));
    }

    [Fact]
    public async Task A_week_without_pre_sessions_has_no_events()
    {
        var wg = await gateway.CreateWgSessionAsync();

        var calendar = await Calendar(wg);

        Assert.StartsWith("BEGIN:VCALENDAR\r\n", calendar);
        Assert.EndsWith("END:VCALENDAR\r\n", calendar);
        Assert.Empty(Events(calendar));
    }

    [Fact]
    public async Task An_unknown_wg_session_is_404()
    {
        using var response = await gateway.Client().GetAsync("/api/wg-sessions/993/schedule.ics");

        await response.ProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1000")]
    [InlineData("abc")]
    public async Task A_malformed_wg_is_400(string wg)
    {
        using var response = await gateway.Client().GetAsync($"/api/wg-sessions/{wg}/schedule.ics");

        await response.ValidationProblemAsync("wg");
    }
}
