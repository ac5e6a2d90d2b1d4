using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace PreSessions.BrowserTests.Harness;

/// <summary>
/// What the account pages' browser tests set up through the API rather than by clicking: a WG session of their own
/// (numbers from 700, so they meet no other test's), and organisations that already applied.
/// </summary>
public sealed class AccountScenario(PagesFixture pages)
{
    private static int _lastWg = 700;

    private HttpClient Client(string? token = null)
    {
        var client = new HttpClient { BaseAddress = new Uri(pages.Gateway.Url) };
        if (token is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A fresh WG session, applications open, with one pre-session for France.</summary>
    public async Task<int> NewPreSessionAsync(int panelSize = 6, int seats = 40)
    {
        var wg = Interlocked.Increment(ref _lastWg);
        using var op = Client(PagesFixture.OperatorToken);
        (await op.PutAsJsonAsync($"/api/wg-sessions/{wg}",
            new { title = $"Pre-sessions for WG {wg}", venue = "Palais des Nations, Geneva", provisional = true })).EnsureSuccessStatusCode();
        (await op.PutAsJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/FRA",
            new { startsAt = "2031-12-12T10:00:00+01:00", durationMinutes = 60, room = "XXIV", panelSize, seats })).EnsureSuccessStatusCode();
        return wg;
    }

    /// <summary>Registers through the API; the token.</summary>
    public async Task<string> RegisterAsync(string kind)
    {
        using var client = Client();
        using var response = await client.PostAsJsonAsync("/api/organisations", new { name = $"{kind} {Guid.NewGuid():N}"[..20], kind });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    public async Task ApplyAsync(string token, int wg, string sur = "FRA")
    {
        using var client = Client(token);
        (await client.PostAsJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/{sur}/applications", new { speakerName = "Someone", themes = Array.Empty<string>() }))
            .EnsureSuccessStatusCode();
    }

    /// <summary>A Permanent Mission registered and RSVPed to attend with <paramref name="delegates"/>: its id and name.</summary>
    public async Task<(string Id, string Name)> RsvpedMissionAsync(int wg, int delegates, string sur = "FRA")
    {
        using var client = Client();
        var name = $"Mission {Guid.NewGuid():N}"[..20];
        using var registered = await client.PostAsJsonAsync("/api/organisations", new { name, kind = "mission" });
        registered.EnsureSuccessStatusCode();
        var mission = await registered.Content.ReadFromJsonAsync<JsonElement>();
        var id = mission.GetProperty("id").GetString()!;
        using var rsvp = Client(mission.GetProperty("token").GetString());
        (await rsvp.PutAsJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/{sur}/rsvps/{id}", new { attending = true, delegates })).EnsureSuccessStatusCode();
        return (id, name);
    }
}
