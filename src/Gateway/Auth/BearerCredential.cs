namespace PreSessions.Gateway.Auth;

/// <summary>
/// The one reading of "Authorization: Bearer &lt;token&gt;", shared by authentication and the per-token rate limits, so
/// that every spelling authentication accepts (the scheme in any case, spaces or tabs around the token) names the
/// same credential, and a limit cannot be escaped by spelling a token another way.
/// </summary>
public static class BearerCredential
{
    public const string Scheme = "Bearer";

    private static readonly char[] Blanks = [' ', '\t'];

    /// <summary>
    /// The token of a bearer credential, or null when <paramref name="header"/> is not one: another scheme, no token,
    /// or a token with blanks inside (no token has any).
    /// </summary>
    public static string? Token(string? header)
    {
        var value = header.AsSpan().Trim(Blanks);
        if (value.Length <= Scheme.Length || !value.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) ||
            !Blanks.Contains(value[Scheme.Length]))
            return null;
        var token = value[Scheme.Length..].Trim(Blanks);
        return token.Length == 0 || token.ContainsAny(Blanks) ? null : token.ToString();
    }
}
