using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace PreSessions.FunctionalTests.Security;

/// <summary>
/// Issue 16, item 4: a room's name travels in URL paths (/api/rooms/{room}, /rooms/{room}/console, its console tokens),
/// so it holds only what reads the same escaped or not: letters of any script, digits, spaces and - . ' ( ) , &amp;.
/// Every other character class is refused with the rule, in a body and in a path, and the refusal stores nothing.
/// </summary>
public sealed class RoomNamesTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    /// <summary>One of each kind of character a path cannot carry unambiguously, or that is no part of a name.</summary>
    public static TheoryData<string> Refused => new()
    {
        "Salle A/B", "Salle A\\B", "Salle 50%", "Salle A%2FB", "Room?", "Room#1", "Room;1", "Room:1", "Room+1", "Room=1", "Room@1",
        "Room\"1\"", "Room<1>", "Room[1]", "Room{1}", "Room|1", "Room^1", "Room`1", "Room~1", "Room*", "Room!", "Room$", "..", ".", "-",
        "Room\u0000", "Room\u0007", "Room\tA", "Room\nA", "Room\u007f", "Room\u0085A", "\u202eRoom", "Room\u200b", "Room\u200dA",
        "\ufeffRoom", "Room\u2028A", "Room\u00a0A", "Room\u3000A", "Room\ue000", "Room x" + new string('\u0301', 3), "\u200b\u200b",
        "Room 🙂", "Room ①",
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_room_with_a_character_a_path_cannot_carry_is_400_stating_the_rule_and_stores_nothing(string room)
    {
        var wg = await gateway.CreateWgSessionAsync();

        using var response = await gateway.Operator().PutAsJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/FRA",
            new { startsAt = "2017-12-12T10:00:00+01:00", durationMinutes = 60, room, panelSize = 5, seats = 30 });

        var problem = await response.ValidationProblemAsync("room");
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("errors").GetProperty("room")[0].GetString()));
        await gateway.Client().GetAsync($"/api/wg-sessions/{wg}/pre-sessions/FRA").ExpectAsync(HttpStatusCode.NotFound);
        Assert.Empty((await gateway.Client().GetJsonAsync($"/api/wg-sessions/{wg}")).GetProperty("preSessions").EnumerateArray());
    }

    [Fact]
    public async Task A_slash_is_refused_with_the_rule_named()
    {
        var wg = await gateway.CreateWgSessionAsync();

        using var response = await gateway.Operator().PutAsJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/FRA",
            new { startsAt = "2017-12-12T10:00:00+01:00", durationMinutes = 60, room = "Salle A/B", panelSize = 5, seats = 30 });

        var message = (await response.ValidationProblemAsync("room")).GetProperty("errors").GetProperty("room")[0].GetString()!;
        Assert.Contains("letters, digits, spaces and - . ' ( ) , &", message);
        Assert.Contains("\"/\"", message);
    }

    [Theory]
    [InlineData("Room XXIV")]
    [InlineData("Salle XVII")]
    [InlineData("Room 23 (E building)")]
    [InlineData("O'Neill Room, 2nd floor & annex")]
    [InlineData("Sala São Paulo")]
    [InlineData("Зал 5")]
    [InlineData("قاعة ٣")]
    [InlineData("会議室 2")]
    [InlineData("Salle Ł.-K.")]
    public async Task Real_rooms_names_are_scheduled_read_and_driven_through_their_paths(string room)
    {
        var wg = await gateway.CreateWgSessionAsync();
        var named = $"{room} {wg}";
        await gateway.SchedulePreSessionAsync(wg, "FRA", room: named);
        var path = Uri.EscapeDataString(named);

        var read = await gateway.Client().GetJsonAsync($"/api/rooms/{path}");
        Assert.Equal(named, read.Str("room"));
        var token = await (await gateway.Operator().PostAsync($"/api/rooms/{path}/console-tokens", null)).JsonAsync(HttpStatusCode.Created);
        Assert.Equal(named, token.Str("room"));
        using var started = await gateway.Client(token.Str("token")).PostAsync($"/api/wg-sessions/{wg}/pre-sessions/FRA/timer/start", null);
        Assert.Equal("running", (await started.JsonAsync(HttpStatusCode.OK)).Str("state"));
        using var page = await gateway.Client().GetAsync($"/rooms/{path}/console");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task A_room_sent_decomposed_is_kept_composed_and_named_so_in_paths()
    {
        var wg = await gateway.CreateWgSessionAsync();
        var decomposed = $"Salle Ce\u0301sar {wg}";
        var composed = decomposed.Normalize(NormalizationForm.FormC);

        var plan = await gateway.SchedulePreSessionAsync(wg, "FRA", room: decomposed);

        Assert.Equal(composed, plan.Str("room"));
        await gateway.Client().GetAsync($"/api/rooms/{Uri.EscapeDataString(composed)}").ExpectAsync(HttpStatusCode.OK);
        var other = await gateway.Client().GetAsync($"/api/rooms/{Uri.EscapeDataString(decomposed)}");
        await other.ValidationProblemAsync("room");
    }

    /// <summary>The same classes as they arrive in a path, escaped as a client escapes them.</summary>
    [Theory]
    [InlineData("Salle%20A%2FB")]
    [InlineData("Salle%20A%5CB")]
    [InlineData("Salle%2050%25")]
    [InlineData("Room%3F")]
    [InlineData("Room%231")]
    [InlineData("Room%3B1")]
    [InlineData("Room%01")]
    [InlineData("Room%0A")]
    [InlineData("%E2%80%AERoom")]
    [InlineData("Room%E2%80%8B")]
    [InlineData("Room%C2%A0A")]
    [InlineData("Salle%20Ce%CC%81sar")]
    [InlineData("%20Room")]
    public async Task Every_room_path_refuses_what_no_room_could_be_named_and_issues_no_token(string room)
    {
        foreach (var (method, url) in new[]
        {
            ("GET", $"/api/rooms/{room}"), ("GET", $"/api/rooms/{room}/events"), ("POST", $"/api/rooms/{room}/console-tokens"),
            ("GET", $"/api/rooms/{room}/console-tokens"), ("DELETE", $"/api/rooms/{room}/console-tokens/ct-x"),
            ("GET", $"/api/audit?room={room}"), ("GET", $"/rooms/{room}/console"), ("GET", $"/rooms/{room}/speaker"),
        })
        {
            using var response = await gateway.Operator().SendAsync(new HttpMethod(method), url);
            await response.ValidationProblemAsync("room");
        }
    }

    [Fact]
    public async Task The_probes_room_gets_no_console_token_under_any_spelling()
    {
        using var issued = await gateway.Operator().PostAsync("/api/rooms/Salle%20A%2FB/console-tokens", null);
        await issued.ValidationProblemAsync("room");
        // "Salle A%2FB" as a name of its own is no room either, so nothing was issued under it.
        using var listed = await gateway.Operator().GetAsync($"/api/rooms/{Uri.EscapeDataString("Salle A%2FB")}/console-tokens");
        await listed.ValidationProblemAsync("room");
    }
}
