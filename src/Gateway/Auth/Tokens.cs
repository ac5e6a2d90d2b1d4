using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace PreSessions.Gateway.Auth;

/// <summary>
/// Organisation ids and tokens, and rooms' console tokens. A token names its organisation ("pso_{id}_{secret}") or its
/// room ("psc_{room in base64url}_{secret}") so the gateway knows which grain holds its hash; grains store only SHA-256
/// hashes (a 256-bit random secret needs no slow hash).
/// </summary>
public static partial class Tokens
{
    private const string Base32 = "abcdefghijklmnopqrstuvwxyz234567";

    [GeneratedRegex("^org-[a-z2-7]{16}\\z")]
    public static partial Regex OrganisationIdFormat();

    [GeneratedRegex("^pso_(org-[a-z2-7]{16})_[A-Za-z0-9_-]{43}\\z")]
    private static partial Regex OrganisationTokenFormat();

    /// <summary>A new organisation's id and token: 80 and 256 random bits.</summary>
    public static (string Id, string Token) NewOrganisation()
    {
        var id = OrganisationIdFrom(RandomNumberGenerator.GetBytes(16));
        return (id, NewOrganisationToken(id));
    }

    /// <summary>A new token for an organisation: 256 random bits.</summary>
    public static string NewOrganisationToken(string organisationId) => $"pso_{organisationId}_{Base64Url(RandomNumberGenerator.GetBytes(32))}";

    /// <summary>
    /// A registration replayed under the same Idempotency-Key must answer the same id and token, yet the token is
    /// stored only as a hash; so both are derived from the key, the token with the operator's secret.
    /// </summary>
    public static (string Id, string Token) ForIdempotentRegistration(string idempotencyKey, string secret)
    {
        var id = OrganisationIdFrom(SHA256.HashData(Encoding.UTF8.GetBytes("organisation-id:" + idempotencyKey)));
        var token = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes("organisation-token:" + idempotencyKey));
        return (id, $"pso_{id}_{Base64Url(token)}");
    }

    /// <summary>
    /// The id of the mission organisation the invitations create for a State: derived from its code, so a rerun after a
    /// failure registers the same organisation again (a replay) instead of a second one.
    /// </summary>
    public static string ForMission(string state) =>
        OrganisationIdFrom(SHA256.HashData(Encoding.UTF8.GetBytes("mission-organisation:" + state)));

    [GeneratedRegex("^psi_([0-9]{1,3})_([A-Z]{3})_[A-Za-z0-9_-]{43}\\z")]
    private static partial Regex InvitationTokenFormat();

    /// <summary>
    /// A State's one-time invitation token to a WG session ("psi_{wg}_{STATE}_{secret}"): the link names the grain that
    /// holds its hash, and the secret is derived with the operator's secret, so the CSV can be written again while only
    /// the hash is stored (as <see cref="ForIdempotentRegistration"/> does).
    /// </summary>
    public static string ForInvitation(int wg, string state, string secret) =>
        $"psi_{wg}_{state}_{Base64Url(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"invitation:{wg}:{state}")))}";

    public static bool TryReadInvitationToken(string token, out int wg, out string state)
    {
        var match = InvitationTokenFormat().Match(token);
        (wg, state) = match.Success ? (int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), match.Groups[2].Value) : (0, "");
        return match.Success;
    }

    [GeneratedRegex("^psc_([A-Za-z0-9_-]{1,600})_[A-Za-z0-9_-]{43}\\z")]
    private static partial Regex ConsoleTokenFormat();

    /// <summary>A new console token for a room: 256 random bits.</summary>
    public static string NewConsole(string room) =>
        $"psc_{Base64Url(Encoding.UTF8.GetBytes(room))}_{Base64Url(RandomNumberGenerator.GetBytes(32))}";

    public static bool TryReadConsoleToken(string token, out string room)
    {
        room = "";
        var match = ConsoleTokenFormat().Match(token);
        if (!match.Success)
            return false;
        var encoded = match.Groups[1].Value.Replace('-', '+').Replace('_', '/');
        var bytes = new byte[encoded.Length * 3 / 4 + 3];
        if (!Convert.TryFromBase64String(encoded.PadRight(encoded.Length + (4 - encoded.Length % 4) % 4, '='), bytes, out var written))
            return false;
        try
        {
            room = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 0, written);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
        return room.Length > 0;
    }

    public static bool TryReadOrganisationToken(string token, out string organisationId)
    {
        var match = OrganisationTokenFormat().Match(token);
        organisationId = match.Success ? match.Groups[1].Value : "";
        return match.Success;
    }

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    public static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Hash(a), Hash(b));

    /// <summary>Sixteen base32 characters, five random bits each from one of the first sixteen bytes: 80 bits.</summary>
    private static string OrganisationIdFrom(byte[] bytes) =>
        "org-" + string.Concat(bytes.Take(16).Select(b => Base32[b & 31]));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
