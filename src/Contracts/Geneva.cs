namespace PreSessions;

/// <summary>Pre-sessions meet in Geneva: a day of the week is a day on Geneva's calendar, whatever offset an instant was given in.</summary>
public static class Geneva
{
    public static readonly TimeZoneInfo TimeZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Zurich");

    public static DateOnly Day(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, TimeZone).DateTime);
}
