using System.Globalization;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace PreSessions.Gateway.Apis;

/// <summary>
/// The week as iCalendar (RFC 5545, written by Ical.Net), one VEVENT per pre-session, so organisations and missions can
/// subscribe. It follows the latest release: each event's SEQUENCE rises whenever a release changed it, its UID never
/// changes, and a pre-session a release dropped stays as CANCELLED so calendars remove it. Before the first release it
/// shows the working schedule, every event TENTATIVE.
/// </summary>
public static class ScheduleCalendar
{
    public static async Task<Results<ContentHttpResult, ValidationProblem, ProblemHttpResult>> Get(
        string wg, IGrainFactory grains, TimeProvider clock) => await (await grains.Week(wg)).Answer(async view =>
    {
        var releases = await grains.GetGrain<IScheduleReleasesGrain>(view.Wg).GetReleases();
        var text = Render(view.Wg, releases.IsEmpty ? Draft(view, clock.GetUtcNow()) : releases[^1]);
        return TypedResults.Text(text, "text/calendar; charset=utf-8");
    });

    /// <summary>The working schedule as a release would show it, had one been published now as provisional.</summary>
    public static ScheduleRelease Draft(WgSessionView view, DateTimeOffset now) => new(
        0, ReleaseStatus.Provisional, "", now, view.Details.Title, view.Details.Venue,
        [.. view.PreSessions.Select(p => new ReleasedPreSession(
            p.Key.Sur, p.StateName, p.Plan.StartsAt, p.Plan.EndsAt, p.Plan.Room, ReleasedStatus.Tentative, 0, now))],
        null);

    public static string Render(int wg, ScheduleRelease release)
    {
        var calendar = new Ical.Net.Calendar { ProductId = "-//PreSessions//UPR Pre-sessions//EN", Scale = "GREGORIAN" };
        calendar.AddProperty("X-WR-CALNAME", release.Title);
        foreach (var p in release.PreSessions)
            calendar.Events.Add(new CalendarEvent
            {
                Uid = $"presession-{wg}-{p.Sur}@presessions",
                Sequence = p.Sequence,
                DtStamp = Utc(p.RevisedAt),
                DtStart = Utc(p.StartsAt),
                DtEnd = Utc(p.EndsAt),
                Summary = $"UPR Pre-session: {p.StateName} (WG {wg})",
                Location = $"{p.Room}, {release.Venue}",
                Description = Description(release, p),
                Status = p.Status switch
                {
                    ReleasedStatus.Confirmed => EventStatus.Confirmed,
                    ReleasedStatus.Cancelled => EventStatus.Cancelled,
                    _ => EventStatus.Tentative,
                },
            });
        return new CalendarSerializer().SerializeToString(calendar)!;
    }

    private static CalDateTime Utc(DateTimeOffset instant) => new(instant.UtcDateTime, true);

    /// <summary>Calendars show UTC times in the reader's zone; the meeting is in Geneva, so its Geneva time is written out too.</summary>
    private static string Description(ScheduleRelease release, ReleasedPreSession p)
    {
        var start = TimeZoneInfo.ConvertTime(p.StartsAt, Geneva.TimeZone);
        var end = TimeZoneInfo.ConvertTime(p.EndsAt, Geneva.TimeZone);
        var english = CultureInfo.GetCultureInfo("en-GB");
        var when = string.Create(english,
            $"{start:dddd d MMMM yyyy}, {start:HH:mm}-{end:HH:mm} Geneva time (Europe/Zurich, UTC{start:zzz}).");
        var where = $"Room {p.Room}, {release.Venue}.";
        var standing = p.Status switch
        {
            ReleasedStatus.Cancelled => "Cancelled: this pre-session will not be held.",
            ReleasedStatus.Confirmed => "Confirmed.",
            _ => "Provisional: dates and venue are pending final confirmation from the United Nations.",
        };
        var version = release.Number == 0 ? "Working schedule, not yet published." : $"Release {release.Number} of the schedule.";
        return string.Join("\n", when, where, standing, version);
    }
}
