namespace PreSessions.TestSupport;

/// <summary>
/// A pre-session's address spelt wrong: a WG session number out of 1 to 999 or not a number, a State under Review
/// that is not three capital letters. Every endpoint under /api/wg-sessions/{wg}/pre-sessions/{sur} answers each with
/// 400 naming the field (<c>wg</c> or <c>sur</c>), before it looks for the pre-session.
/// </summary>
public static class MalformedKeys
{
    /// <summary>(wg, sur, the field the 400 names); the other half of each address is well-formed.</summary>
    public static TheoryData<string, string, string> PreSessionAddresses => new()
    {
        { "0", "FRA", "wg" },
        { "1000", "FRA", "wg" },
        { "abc", "FRA", "wg" },
        { "29", "fr", "sur" },
        { "29", "FRAN", "sur" },
        { "29", "fra", "sur" },
        { "29", "F1A", "sur" },
    };
}
