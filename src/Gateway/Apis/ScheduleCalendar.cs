using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;

namespace PreSessions.Gateway.Apis;

/// <summary>The week as iCalendar (RFC 5545), one VEVENT per pre-session, so organisations and missions can subscribe.</summary>
public static class ScheduleCalendar
{
    public static async Task<Results<ContentHttpResult, ValidationProblem, ProblemHttpResult>> Get(
        string wg, IGrainFactory grains, TimeProvider clock)
    {
        var check = new Validation();
        var number = check.Wg(wg);
        if (!check.IsValid)
            return check.Problem();
        if (await grains.GetGrain<IWgSessionGrain>(number).GetView() is not { } view)
            return Problems.NotFound($"There is no WG session {number}.");
        return TypedResults.Text(Render(view, clock.GetUtcNow()), "text/calendar; charset=utf-8");
    }

    public static string Render(WgSessionView view, DateTimeOffset now)
    {
        var calendar = new StringBuilder();
        void Line(string line) => calendar.Append(Fold(line)).Append("\r\n");

        Line("BEGIN:VCALENDAR");
        Line("VERSION:2.0");
        Line("PRODID:-//PreSessions//UPR Pre-sessions//EN");
        Line("CALSCALE:GREGORIAN");
        Line("X-WR-CALNAME:" + Escape(view.Details.Title));
        foreach (var p in view.PreSessions)
        {
            Line("BEGIN:VEVENT");
            Line($"UID:presession-{p.Key.Wg}-{p.Key.Sur}@presessions");
            Line("DTSTAMP:" + Utc(now));
            Line("DTSTART:" + Utc(p.Plan.StartsAt));
            Line("DTEND:" + Utc(p.Plan.EndsAt));
            Line("SUMMARY:" + Escape($"UPR Pre-session: {p.StateName} (WG {p.Key.Wg})"));
            Line("LOCATION:" + Escape($"{p.Plan.Room}, {view.Details.Venue}"));
            // Dates and venue stay provisional until the UN confirms them.
            Line("STATUS:" + (view.Details.Provisional ? "TENTATIVE" : "CONFIRMED"));
            Line("END:VEVENT");
        }
        Line("END:VCALENDAR");
        return calendar.ToString();
    }

    private static string Utc(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    private static string Escape(string text) =>
        text.Replace("\\", "\\\\").Replace(";", "\\;").Replace(",", "\\,").Replace("\r\n", "\\n").Replace("\n", "\\n");

    /// <summary>Lines longer than 75 octets continue on the next line after a space (RFC 5545 3.1), never inside a UTF-8 sequence.</summary>
    private static string Fold(string line)
    {
        var folded = new StringBuilder();
        var octets = 0;
        foreach (var rune in line.EnumerateRunes())
        {
            var size = rune.Utf8SequenceLength;
            if (octets + size > 75)
            {
                folded.Append("\r\n ");
                octets = 1;
            }
            folded.Append(rune.ToString());
            octets += size;
        }
        return folded.ToString();
    }
}
