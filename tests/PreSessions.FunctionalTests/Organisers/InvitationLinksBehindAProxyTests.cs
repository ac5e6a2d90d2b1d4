using System.Net;
using PreSessions.FunctionalTests.Security;

namespace PreSessions.FunctionalTests.Organisers;

/// <summary>
/// The CSV's links are built from the request's address: behind a configured proxy its X-Forwarded-Proto is believed
/// (the links say https when the proxy terminates TLS), from anyone else it is not, as for every other use of it.
/// </summary>
public sealed class InvitationLinksBehindAProxyTests(ProxiedGatewayFactory gateway) : IClassFixture<ProxiedGatewayFactory>
{
    private async Task<Dictionary<string, InvitationRow>> CsvFromAsync(int wg, string peer)
    {
        var op = gateway.From(peer);
        op.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", gateway.OperatorToken);
        op.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        op.DefaultRequestHeaders.Host = "presessions.example.org";
        using var response = await op.GetAsync($"/api/wg-sessions/{wg}/invitations.csv");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"invitations.csv answered {(int)response.StatusCode}: {text}");
        return InvitationRow.Read(text);
    }

    [Fact]
    public async Task Links_follow_the_scheme_a_known_proxy_forwards_and_ignore_anyone_elses()
    {
        var wg = await gateway.CreateWgSessionAsync();
        await gateway.Operator().PostAsync($"/api/wg-sessions/{wg}/invitations", null).ExpectAsync(HttpStatusCode.OK);

        var proxied = (await CsvFromAsync(wg, ProxiedGatewayFactory.Proxy))["FRA"];
        Assert.StartsWith($"https://presessions.example.org/invitations/psi_{wg}_FRA_", proxied.SignInLink);
        Assert.Equal($"https://presessions.example.org/account?wg={wg}#rsvp", proxied.RsvpLink);

        var direct = (await CsvFromAsync(wg, "192.0.2.30"))["FRA"];
        Assert.StartsWith($"http://presessions.example.org/invitations/psi_{wg}_FRA_", direct.SignInLink);
        // The same link either way: only the address in front of it follows the request.
        Assert.Equal(new Uri(proxied.SignInLink).PathAndQuery, new Uri(direct.SignInLink).PathAndQuery);
    }
}
