using System.Globalization;

namespace PreSessions.Gateway.Pages;

/// <summary>
/// Pre-sessions meet in Geneva, so the pages give every time on Geneva's clock (Europe/Zurich, with its summer time),
/// 24-hour, and every date written out in the page's language ("mardi 12 décembre 2017"), wherever the reader is.
/// </summary>
public static class GenevaTime
{
    public static DateTime InGeneva(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Geneva.TimeZone);

    /// <summary>The Geneva day, written out in the request's culture.</summary>
    public static string Day(DateTime utc) => InGeneva(utc).ToString("D", CultureInfo.CurrentCulture);

    /// <summary>The Geneva time on the 24-hour clock, whatever the language's habit.</summary>
    public static string Time(DateTime utc) => InGeneva(utc).ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>The Geneva day written out and the time on the 24-hour clock: "mardi 12 décembre 2017 10:00".</summary>
    public static string DayAndTime(DateTimeOffset instant) => Day(instant.UtcDateTime) + " " + Time(instant.UtcDateTime);

    /// <summary>The instant for machines (a &lt;time datetime&gt;), in UTC.</summary>
    public static string Instant(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture);

    /// <summary>A count in the request's culture (a thousand is "1,000", "1 000" or "1.000").</summary>
    public static string Count(int number) => number.ToString("N0", CultureInfo.CurrentCulture);
}
