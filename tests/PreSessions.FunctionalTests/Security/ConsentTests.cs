using System.Net;
using System.Text.Json;

namespace PreSessions.FunctionalTests.Security;

/// <summary>
/// Speakers can face reprisals at home. A speaker's name appears on public views only with the organisation's consent;
/// the organisers and the organisation itself always see it; emails and the waitlist's names never appear publicly;
/// the live timer and rundown name organisations, never people.
/// </summary>
public sealed class ConsentTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    [Fact]
    public async Task A_speaker_s_name_is_public_only_with_consent()
    {
        var wg = await gateway.NewPreSessionAsync(panelSize: 2);
        var withheld = await gateway.RegisterAsync("cso");
        var published = await gateway.RegisterAsync("nhri");
        await gateway.Client(withheld.Token).ApplyAsync(wg, "FRA", new { speakerName = "Hidden Speaker", themes = new[] { "Detention" } })
            .ExpectAsync(HttpStatusCode.Created);
        await gateway.Client(published.Token).ApplyAsync(wg, "FRA", new { speakerName = "Open Speaker", publishSpeakerName = true })
            .ExpectAsync(HttpStatusCode.Created);
        var url = $"/api/wg-sessions/{wg}/pre-sessions/FRA";

        Assert.Equal(new string?[] { null, "Open Speaker" }, SpeakerNames(await gateway.Client().GetJsonAsync(url)));
        Assert.DoesNotContain("Hidden Speaker", await gateway.Client().GetStringAsync(url));
        Assert.Equal(new string?[] { "Hidden Speaker", "Open Speaker" }, SpeakerNames(await gateway.Operator().GetJsonAsync(url)));
        Assert.Equal(new string?[] { "Hidden Speaker", "Open Speaker" }, SpeakerNames(await gateway.Client(withheld.Token).GetJsonAsync(url)));
        Assert.Equal(new string?[] { null, "Open Speaker" }, SpeakerNames(await gateway.Client(published.Token).GetJsonAsync(url)));
    }

    [Fact]
    public async Task Public_views_show_no_email_no_waitlisted_name_and_no_speaker_in_the_timer()
    {
        var wg = await gateway.NewPreSessionAsync(panelSize: 1);
        var onPanel = await RegisterWithEmailAsync("Panel CSO", "panel@example.org");
        var waiting = await RegisterWithEmailAsync("Waiting CSO", "waiting@example.org");
        await gateway.Client(onPanel.Token).ApplyAsync(wg, "FRA", new { speakerName = "Panel Speaker" }).ExpectAsync(HttpStatusCode.Created);
        await gateway.Client(waiting.Token).ApplyAsync(wg, "FRA", new { speakerName = "Waiting Speaker", publishSpeakerName = true })
            .ExpectAsync(HttpStatusCode.Created);

        var publicPages = new[]
        {
            $"/api/wg-sessions/{wg}", $"/api/wg-sessions/{wg}/pre-sessions/FRA", $"/api/wg-sessions/{wg}/schedule.ics",
            $"/api/wg-sessions/{wg}/pre-sessions/FRA/timer", $"/api/wg-sessions/{wg}/pre-sessions/FRA/rundown", "/api/rooms/XXIV",
        };
        foreach (var page in publicPages)
        {
            var text = await gateway.Client().GetStringAsync(page);
            Assert.DoesNotContain("@example.org", text);
            Assert.DoesNotContain("Waiting Speaker", text);
            Assert.DoesNotContain("Waiting CSO", text);
            Assert.DoesNotContain("Panel Speaker", text);
        }
        var preSession = await gateway.Client().GetJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/FRA");
        Assert.Equal(1, preSession.Int("waitlistCount"));
        // The organisation on the panel is public (it speaks in a public meeting); the person is not, without consent.
        var rundown = await gateway.Client().GetJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/FRA/rundown");
        Assert.Contains(rundown.GetProperty("items").EnumerateArray(), i => i.Str("title") == "Panel CSO");
    }

    private async Task<Registered> RegisterWithEmailAsync(string name, string email)
    {
        var body = await (await gateway.Client().PostAsync("/api/organisations",
            System.Net.Http.Json.JsonContent.Create(new { name, kind = "cso", email }))).JsonAsync(HttpStatusCode.Created);
        return new Registered(body.Str("id"), body.Str("token"), name);
    }

    private static string?[] SpeakerNames(JsonElement preSession) =>
        [.. preSession.GetProperty("panel").EnumerateArray().Select(p => p.GetProperty("speakerName").GetString())];
}
