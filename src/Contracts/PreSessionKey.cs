using System.Globalization;

namespace PreSessions;

/// <summary>A pre-session is the one meeting for one State under Review before one WG session.</summary>
[GenerateSerializer, Immutable]
public sealed record PreSessionKey([property: Id(0)] int Wg, [property: Id(1)] string Sur)
{
    /// <summary>The pre-session grain's key, e.g. "29/FRA".</summary>
    public string GrainKey => string.Create(CultureInfo.InvariantCulture, $"{Wg}/{Sur}");

    public static PreSessionKey Parse(string grainKey)
    {
        var slash = grainKey.IndexOf('/');
        return new(int.Parse(grainKey[..slash], CultureInfo.InvariantCulture), grainKey[(slash + 1)..]);
    }

    /// <summary>The pre-session a grain key names, or null when it names none.</summary>
    public static PreSessionKey? TryParse(string grainKey) =>
        grainKey.IndexOf('/') is var slash and > 0 &&
        int.TryParse(grainKey.AsSpan(0, slash), NumberStyles.Integer, CultureInfo.InvariantCulture, out var wg)
            ? new(wg, grainKey[(slash + 1)..])
            : null;

    public override string ToString() => GrainKey;
}
