namespace PreSessions.TestSupport;

public static class TokenSecrets
{
    /// <summary>
    /// A token's secret, split by the token's format (Auth/Tokens.cs), never at its last '_': the secret is base64url
    /// and holds '_' itself. 256 random bits (43 characters) or the operator's 32 hex digits: no file holds them by
    /// chance, so an assertion that a text does not hold it can neither pass nor fail by luck.
    /// </summary>
    public static string Of(string token)
    {
        var match = System.Text.RegularExpressions.Regex.Match(token,
            "^(?:pso_org-[a-z2-7]{16}|psc_[A-Za-z0-9_-]+|psi_[0-9]{1,3}_[A-Z]{3})_(?<secret>[A-Za-z0-9_-]{43})\\z|^pso_operator_(?<secret>[0-9a-f]{32})\\z");
        Assert.True(match.Success, $"A token of an unknown format: {token[..8]}...");
        return match.Groups["secret"].Value;
    }
}
