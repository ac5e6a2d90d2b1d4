using System.Buffers.Text;
using System.Text;
using PreSessions.Gateway.Auth;

namespace PreSessions.Gateway.Apis;

/// <summary>
/// The opaque cursor of the operator's organisation list: the id of the last organisation of the page, in base64url,
/// so clients pass it back as it is and never build one.
/// </summary>
public static class Cursor
{
    public static string Write(string organisationId) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(organisationId));

    public static string? Read(Validation check, string cursor)
    {
        if (cursor.Length <= 100 && Base64Url.IsValid(cursor))
        {
            var id = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            if (Tokens.OrganisationIdFormat().IsMatch(id))
                return id;
        }
        check.Add("cursor", "Give back the cursor of the previous page (its \"next\") as it was.");
        return null;
    }
}
