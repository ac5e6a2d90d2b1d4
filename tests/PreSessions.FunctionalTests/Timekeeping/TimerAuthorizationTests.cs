using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace PreSessions.FunctionalTests.Timekeeping;

/// <summary>
/// Who drives a timer: the operator, or a console token of the pre-session's room; nobody else, and a console nothing
/// but its room's timers.
/// </summary>
public sealed class TimerAuthorizationTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private static string Base64Url(string text) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private async Task<long> Version(Scene scene) => (await gateway.TimerNowAsync(scene)).Long("version");

    [Fact]
    public async Task Commands_take_the_operator_or_a_console_of_the_room_only()
    {
        var scene = await gateway.SceneAsync(speakers: 1);
        var console = await gateway.ConsoleTokenAsync(scene.Room);
        var otherRoom = await gateway.ConsoleTokenAsync("Elsewhere-" + Guid.NewGuid().ToString("N")[..8]);
        var organisation = scene.Panel[0];

        using (var anonymous = await gateway.Client().TimerAsync(scene, "start"))
            await anonymous.UnauthorizedAsync();
        using (var byOrganisation = await gateway.Client(organisation.Token).TimerAsync(scene, "start"))
            await byOrganisation.ProblemAsync(HttpStatusCode.Forbidden);
        using (var byOtherConsole = await gateway.Client(otherRoom).TimerAsync(scene, "start"))
            await byOtherConsole.ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(0, await Version(scene));

        Assert.Equal("running", (await gateway.Client(console).DoAsync(scene, "start")).Str("state"));
        Assert.Equal("paused", (await gateway.Operator().DoAsync(scene, "pause")).Str("state"));
        Assert.Equal("running", (await gateway.Client(console).DoAsync(scene, "resume")).Str("state"));
        Assert.Equal(6 * Timekeeping.Minute, (await gateway.Client(console).DoAsync(scene, "extend", 60)).Item().AllottedMs);

        foreach (var command in new[] { "pause", "next", "previous", "end" })
        {
            using var anonymous = await gateway.Client().TimerAsync(scene, command);
            await anonymous.UnauthorizedAsync();
            using var byOrganisation = await gateway.Client(organisation.Token).TimerAsync(scene, command);
            await byOrganisation.ProblemAsync(HttpStatusCode.Forbidden);
            using var byOtherConsole = await gateway.Client(otherRoom).TimerAsync(scene, command);
            await byOtherConsole.ProblemAsync(HttpStatusCode.Forbidden);
        }
        using (var extendByOther = await gateway.Client(otherRoom).TimerAsync(scene, "extend", new { seconds = 60 }))
            await extendByOther.ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(4, await Version(scene));

        Assert.Equal("ended", (await gateway.Client(console).DoAsync(scene, "end")).Str("state"));
    }

    [Fact]
    public async Task Messages_take_the_operator_or_a_console_of_the_room_only()
    {
        var scene = await gateway.SceneAsync(speakers: 1);
        var console = await gateway.ConsoleTokenAsync(scene.Room);
        var otherRoom = await gateway.ConsoleTokenAsync("Elsewhere-" + Guid.NewGuid().ToString("N")[..8]);
        var url = $"{scene.Timer}/message";

        using (var anonymous = await gateway.Client().PutAsJsonAsync(url, new { text = "Hi" }))
            await anonymous.UnauthorizedAsync();
        using (var byOrganisation = await gateway.Client(scene.Panel[0].Token).PutAsJsonAsync(url, new { text = "Hi" }))
            await byOrganisation.ProblemAsync(HttpStatusCode.Forbidden);
        using (var byOtherConsole = await gateway.Client(otherRoom).PutAsJsonAsync(url, new { text = "Hi" }))
            await byOtherConsole.ProblemAsync(HttpStatusCode.Forbidden);
        Assert.True((await gateway.TimerNowAsync(scene)).IsNull("message"));

        using (var byConsole = await gateway.Client(console).PutAsJsonAsync(url, new { text = "Two minutes" }))
            Assert.Equal("Two minutes", (await byConsole.JsonAsync(HttpStatusCode.OK)).Str("message"));

        using (var anonymous = await gateway.Client().DeleteAsync(url))
            await anonymous.UnauthorizedAsync();
        using (var byOrganisation = await gateway.Client(scene.Panel[0].Token).DeleteAsync(url))
            await byOrganisation.ProblemAsync(HttpStatusCode.Forbidden);
        using (var byOtherConsole = await gateway.Client(otherRoom).DeleteAsync(url))
            await byOtherConsole.ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal("Two minutes", (await gateway.TimerNowAsync(scene)).Str("message"));

        using (var byConsole = await gateway.Client(console).DeleteAsync(url))
            Assert.True((await byConsole.JsonAsync(HttpStatusCode.OK)).IsNull("message"));
        using (var byOperator = await gateway.Operator().PutAsJsonAsync(url, new { text = "From the operator" }))
            Assert.Equal("From the operator", (await byOperator.JsonAsync(HttpStatusCode.OK)).Str("message"));
        using (var byOperator = await gateway.Operator().DeleteAsync(url))
            Assert.True((await byOperator.JsonAsync(HttpStatusCode.OK)).IsNull("message"));
    }

    [Fact]
    public async Task A_console_drives_every_pre_session_in_its_room_and_none_elsewhere()
    {
        var wg = await gateway.CreateWgSessionAsync();
        var room = "Shared-" + Guid.NewGuid().ToString("N")[..8];
        await gateway.SchedulePreSessionAsync(wg, "FRA", room: room, startsAt: "2017-12-12T10:00:00+01:00");
        await gateway.SchedulePreSessionAsync(wg, "DEU", room: room, startsAt: "2017-12-12T12:00:00+01:00");
        var elsewhere = await gateway.SceneAsync(wg: wg, sur: "ITA");
        var console = await gateway.ConsoleTokenAsync(room);

        Assert.Equal("running", (await gateway.Client(console).DoAsync(new Scene(wg, "FRA", room, []), "start")).Str("state"));
        Assert.Equal("running", (await gateway.Client(console).DoAsync(new Scene(wg, "DEU", room, []), "start")).Str("state"));
        using var other = await gateway.Client(console).TimerAsync(elsewhere, "start");
        await other.ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal("idle", (await gateway.TimerNowAsync(elsewhere)).Str("state"));
    }

    [Fact]
    public async Task Every_console_token_issued_for_a_room_works()
    {
        var scene = await gateway.SceneAsync();
        var first = await gateway.ConsoleTokenAsync(scene.Room);
        var second = await gateway.ConsoleTokenAsync(scene.Room);

        Assert.NotEqual(first, second);
        await gateway.Client(first).DoAsync(scene, "start");
        await gateway.Client(second).DoAsync(scene, "pause");
    }

    [Fact]
    public async Task A_console_may_not_call_the_operators_endpoints()
    {
        var scene = await gateway.SceneAsync(speakers: 1);
        var console = gateway.Client(await gateway.ConsoleTokenAsync(scene.Room));
        var rundown = new { items = new object[] { new { kind = "opening", title = "Opening", allottedSeconds = 60 } } };

        using (var put = await console.PutAsJsonAsync($"{scene.Url}/rundown", rundown))
            await put.ProblemAsync(HttpStatusCode.Forbidden);
        using (var delete = await console.DeleteAsync($"{scene.Url}/rundown"))
            await delete.ProblemAsync(HttpStatusCode.Forbidden);
        using (var csv = await console.GetAsync($"{scene.Url}/time-report.csv"))
            await csv.ProblemAsync(HttpStatusCode.Forbidden);
        using (var wgReport = await console.GetAsync($"/api/wg-sessions/{scene.Wg}/time-report"))
            await wgReport.ProblemAsync(HttpStatusCode.Forbidden);
        using (var token = await console.PostAsync($"/api/rooms/{scene.Room}/console-tokens", null))
            await token.ProblemAsync(HttpStatusCode.Forbidden);
        using (var schedule = await console.PutAsJsonAsync($"{scene.Url}", new { startsAt = "2017-12-12T10:00:00+01:00", durationMinutes = 60, room = scene.Room, panelSize = 6, seats = 40 }))
            await schedule.ProblemAsync(HttpStatusCode.Forbidden);
        using (var withdraw = await console.WithdrawAsync(scene.Wg, scene.Sur, scene.Panel[0].Id))
            await withdraw.ProblemAsync(HttpStatusCode.Forbidden);

        Assert.True((await gateway.Client().GetJsonAsync($"{scene.Url}/rundown")).GetProperty("derived").GetBoolean());
        Assert.Single((await gateway.Client().GetJsonAsync(scene.Url)).GetProperty("panel").EnumerateArray());
    }

    [Fact]
    public async Task A_console_reads_the_time_used_per_speaker_of_its_own_room_only()
    {
        var scene = await gateway.SceneAsync(speakers: 1);
        var console = gateway.Client(await gateway.ConsoleTokenAsync(scene.Room));
        var elsewhere = gateway.Client(await gateway.ConsoleTokenAsync(scene.Room + " annex"));
        await console.DoAsync(scene, "start");
        gateway.Clock.Advance(TimeSpan.FromSeconds(42));

        var report = await console.GetJsonAsync($"{scene.Url}/time-report");
        Assert.Equal(42_000, report.GetProperty("items")[0].GetProperty("usedMs").GetInt64());
        using var other = await elsewhere.GetAsync($"{scene.Url}/time-report");
        await other.ProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Organisations_and_anonymous_callers_may_not_issue_console_tokens()
    {
        var scene = await gateway.SceneAsync(speakers: 1);

        using (var anonymous = await gateway.Client().PostAsync($"/api/rooms/{scene.Room}/console-tokens", null))
            await anonymous.UnauthorizedAsync();
        using (var byOrganisation = await gateway.Client(scene.Panel[0].Token).PostAsync($"/api/rooms/{scene.Room}/console-tokens", null))
            await byOrganisation.ProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_forged_or_garbled_console_token_is_401()
    {
        var scene = await gateway.SceneAsync();
        var genuine = await gateway.ConsoleTokenAsync(scene.Room);
        var otherRoom = "Other-" + Guid.NewGuid().ToString("N")[..8];
        await gateway.ConsoleTokenAsync(otherRoom);
        var secret = genuine[^43..];
        Assert.Equal($"psc_{Base64Url(scene.Room)}_{secret}", genuine);
        var flipped = secret[..^1] + (secret[^1] == 'A' ? 'B' : 'A');

        string[] forged =
        [
            $"psc_{Base64Url(scene.Room)}_{new string('A', 43)}",        // the right room, a made-up secret
            $"psc_{Base64Url(scene.Room)}_{flipped}",                    // one character changed
            $"psc_{Base64Url(otherRoom)}_{secret}",                      // the secret moved to another room
            $"psc_{Base64Url("Never-issued-" + Guid.NewGuid().ToString("N")[..6])}_{secret}",
            genuine + "x",
            genuine[..^1],
            "psc_",
            "psc_garbled",
            "psc_!!!!_" + secret,
            "psc__" + secret,
            "psc_" + Convert.ToBase64String([0xff, 0xfe, 0xfd]).TrimEnd('=').Replace('+', '-').Replace('/', '_') + "_" + secret, // not UTF-8
        ];
        foreach (var token in forged)
        {
            using var response = await gateway.Client(token).TimerAsync(scene, "start");
            await response.UnauthorizedAsync();
        }
        Assert.Equal("idle", (await gateway.TimerNowAsync(scene)).Str("state"));

        await gateway.Client(genuine).DoAsync(scene, "start");
    }

    [Fact]
    public async Task Reading_the_timer_and_rundown_needs_no_token()
    {
        var scene = await gateway.SceneAsync(speakers: 1);

        await gateway.Client().GetJsonAsync(scene.Timer);
        await gateway.Client().GetJsonAsync($"{scene.Url}/rundown");
        await gateway.Client(scene.Panel[0].Token).GetJsonAsync(scene.Timer);
        await gateway.Client(await gateway.ConsoleTokenAsync(scene.Room)).GetJsonAsync(scene.Timer);
    }

    [Fact]
    public async Task Console_tokens_for_a_malformed_room_name_are_400()
    {
        using var response = await gateway.Operator().PostAsync($"/api/rooms/{Uri.EscapeDataString(new string('r', 101))}/console-tokens", null);

        await response.ValidationProblemAsync("room");
    }
}
