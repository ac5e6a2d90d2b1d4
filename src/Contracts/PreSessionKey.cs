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

    public override string ToString() => GrainKey;
}
