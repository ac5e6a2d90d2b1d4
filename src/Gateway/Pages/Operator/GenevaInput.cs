using System.Globalization;

namespace PreSessions.Gateway.Pages.Operator;

/// <summary>
/// A time typed on an operator form is Geneva's wall-clock time (an &lt;input type="datetime-local"&gt;, "2017-12-12T10:00"):
/// given to the API's rules as the instant with Geneva's offset of that day, and shown back the same way.
/// </summary>
public static class GenevaInput
{
    private static readonly string[] LocalFormats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"];

    /// <summary>
    /// The API's form of a typed Geneva time ("2017-12-12T10:00:00+01:00"); null when nothing was typed. Text that is
    /// no such time goes to the API's rules as typed, which then say what is wrong with it.
    /// </summary>
    public static string? Instant(string? typed)
    {
        if (string.IsNullOrWhiteSpace(typed))
            return null;
        // Years at the ends of the calendar cannot take an offset; the API's rules refuse them anyway, as typed.
        if (!DateTime.TryParseExact(typed.Trim(), LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local) ||
            local.Year is < 2 or > 9998)
            return typed;
        // Before 1894 Geneva kept its local mean time, an offset with seconds that ISO 8601 offsets cannot write.
        var offset = TimeSpan.FromMinutes(Math.Round(Geneva.TimeZone.GetUtcOffset(local).TotalMinutes));
        return new DateTimeOffset(local, offset).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
    }

    /// <summary>An instant as a datetime-local field's value, on Geneva's clock.</summary>
    public static string Local(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, Geneva.TimeZone).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
}
