using System.Net;
using CsvHelper;

namespace PreSessions.FunctionalTests.Organisers;

/// <summary>The invitations' CSV as the organisers download it, read back with CsvHelper: one row per State.</summary>
public sealed record InvitationRow(string Mission, string State, string OrganisationId, string Status, string SignInLink, string RsvpLink, string IssuedAt, string UsedAt)
{
    /// <summary>The sign-in link's path, as a browser opening it asks for it.</summary>
    public string SignInPath => new Uri(SignInLink).PathAndQuery;

    public static async Task<(string Text, Dictionary<string, InvitationRow> ByState)> DownloadAsync(GatewayFactory gateway, int wg)
    {
        using var response = await gateway.Operator().GetAsync($"/api/wg-sessions/{wg}/invitations.csv");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"invitations.csv answered {(int)response.StatusCode}: {text}");
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"wg{wg}-invitations.csv", response.Content.Headers.ContentDisposition?.FileName);
        return (text, Read(text));
    }

    public static Dictionary<string, InvitationRow> Read(string text)
    {
        using var reader = CsvReader.FromText(text, CsvReaderOptions.Default with { Separator = ',' });
        var rows = new List<InvitationRow>();
        while (reader.Read())
        {
            string Cell(string column) => reader.GetString(Array.IndexOf(reader.Headers.ToArray(), column));
            rows.Add(new InvitationRow(Cell("mission"), Cell("state"), Cell("organisationId"), Cell("status"), Cell("signInLink"),
                Cell("rsvpLink"), Cell("issuedAt"), Cell("usedAt")));
        }
        Assert.Equal(["mission", "state", "stateName", "organisationId", "status", "signInLink", "rsvpLink", "issuedAt", "usedAt"], reader.Headers.ToArray());
        // Each State once: a duplicate would fail here rather than hide in a dictionary.
        return rows.ToDictionary(r => r.State, StringComparer.Ordinal);
    }
}
