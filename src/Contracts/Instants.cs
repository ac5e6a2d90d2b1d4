namespace PreSessions;

/// <summary>
/// The instants PreSessions accepts: from 2000 to the end of 2099 (UTC). UPR pre-sessions began in 2008, so no real
/// meeting or deadline falls outside, and every sum the system makes from an accepted instant (a pre-session's end, a
/// timer's deadline) stays far inside what <see cref="DateTimeOffset"/> can represent.
/// </summary>
public static class Instants
{
    public static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The first instant refused.</summary>
    public static readonly DateTimeOffset End = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static bool Accepts(DateTimeOffset instant) => instant >= Earliest && instant < End;

    /// <summary>The rule as people read it, for refusals.</summary>
    public const string Rule = "between 2000-01-01T00:00:00Z and 2099-12-31T23:59:59Z";
}
