using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace PreSessions.FunctionalTests;

/// <summary>PUT .../rsvps/{organisationId}: Permanent Missions and seats counted in delegates.</summary>
public sealed class RsvpsTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private async Task<JsonElement> Rsvp(Registered mission, int wg, object body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await gateway.Client(mission.Token).RsvpAsync(wg, "FRA", mission.Id, body);
        return await response.JsonAsync(expected);
    }

    private static void AssertAnswer(JsonElement answer, string status, int delegates)
    {
        Assert.Equal(["status", "delegates"], answer.Names());
        Assert.Equal((status, delegates), (answer.Str("status"), answer.Int("delegates")));
    }

    private async Task<int> SeatsTaken(int wg) =>
        (await gateway.Client().GetJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/FRA")).Int("seatsTaken");

    /// <summary>The mission's own view of its RSVP to FRA.</summary>
    private async Task<(string Status, int Delegates)> Standing(Registered mission, int wg)
    {
        var profile = await gateway.Client(mission.Token).GetJsonAsync($"/api/organisations/{mission.Id}");
        var rsvp = Assert.Single(profile.GetProperty("rsvps").EnumerateArray());
        Assert.Equal(["wg", "sur", "status", "delegates"], rsvp.Names());
        Assert.Equal((wg, "FRA"), (rsvp.Int("wg"), rsvp.Str("sur")));
        return (rsvp.Str("status"), rsvp.Int("delegates"));
    }

    private async Task<Registered[]> Missions(int count)
    {
        var missions = new Registered[count];
        for (var i = 0; i < count; i++)
            missions[i] = await gateway.RegisterAsync("mission");
        return missions;
    }

    [Fact]
    public async Task Rsvps_confirm_until_the_seats_run_out_then_wait()
    {
        var wg = await gateway.NewPreSessionAsync(seats: 10);
        var m = await Missions(3);

        AssertAnswer(await Rsvp(m[0], wg, new { attending = true, delegates = 4 }), "confirmed", 4);
        AssertAnswer(await Rsvp(m[1], wg, new { attending = true, delegates = 5 }), "confirmed", 5);
        AssertAnswer(await Rsvp(m[2], wg, new { attending = true, delegates = 3 }), "waitlist", 3); // 9 + 3 > 10

        Assert.Equal(9, await SeatsTaken(wg));
        var summary = Assert.Single((await gateway.Client().GetJsonAsync($"/api/wg-sessions/{wg}")).GetProperty("preSessions").EnumerateArray());
        Assert.Equal((10, 9), (summary.Int("seats"), summary.Int("seatsTaken")));
        Assert.Equal(("confirmed", 4), await Standing(m[0], wg));
        Assert.Equal(("confirmed", 5), await Standing(m[1], wg));
        Assert.Equal(("waitlist", 3), await Standing(m[2], wg));
    }

    [Fact]
    public async Task Declining_frees_seats_and_promotes_the_head_of_the_waitlist()
    {
        var wg = await gateway.NewPreSessionAsync(seats: 10);
        var m = await Missions(3);
        await Rsvp(m[0], wg, new { attending = true, delegates = 4 });
        await Rsvp(m[1], wg, new { attending = true, delegates = 5 });
        await Rsvp(m[2], wg, new { attending = true, delegates = 3 });

        AssertAnswer(await Rsvp(m[0], wg, new { attending = false }), "declined", 0);

        Assert.Equal(8, await SeatsTaken(wg));
        Assert.Equal(("declined", 0), await Standing(m[0], wg));
        Assert.Equal(("confirmed", 3), await Standing(m[2], wg));
    }

    [Fact]
    public async Task Repeating_the_same_put_changes_nothing()
    {
        var wg = await gateway.NewPreSessionAsync(seats: 5);
        var m = await Missions(2);
        await Rsvp(m[0], wg, new { attending = true, delegates = 3 });
        await Rsvp(m[1], wg, new { attending = true, delegates = 3 });

        for (var i = 0; i < 3; i++)
        {
            AssertAnswer(await Rsvp(m[0], wg, new { attending = true, delegates = 3 }), "confirmed", 3);
            AssertAnswer(await Rsvp(m[1], wg, new { attending = true, delegates = 3 }), "waitlist", 3);
        }
        // The waitlisted mission did not lose its place nor gain one.
        Assert.Equal(3, await SeatsTaken(wg));
        Assert.Equal(("waitlist", 3), await Standing(m[1], wg));

        AssertAnswer(await Rsvp(m[0], wg, new { attending = false }), "declined", 0);
        AssertAnswer(await Rsvp(m[0], wg, new { attending = false, delegates = 2 }), "declined", 0);
        Assert.Equal(3, await SeatsTaken(wg));
        Assert.Equal(("confirmed", 3), await Standing(m[1], wg));
    }

    [Fact]
    public async Task Raising_a_confirmed_rsvp_beyond_the_free_seats_is_409_and_keeps_it()
    {
        var wg = await gateway.NewPreSessionAsync(seats: 10);
        var m = await Missions(2);
        await Rsvp(m[0], wg, new { attending = true, delegates = 4 });
        await Rsvp(m[1], wg, new { attending = true, delegates = 5 }); // one seat left

        using var tooMany = await gateway.Client(m[0].Token).RsvpAsync(wg, "FRA", m[0].Id, new { attending = true, delegates = 6 });

        await tooMany.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(9, await SeatsTaken(wg));
        Assert.Equal(("confirmed", 4), await Standing(m[0], wg));

        // The one free seat can still be taken.
        AssertAnswer(await Rsvp(m[0], wg, new { attending = true, delegates = 5 }), "confirmed", 5);
        Assert.Equal(10, await SeatsTaken(wg));
    }

    [Fact]
    public async Task Lowering_a_confirmed_rsvp_frees_its_seats()
    {
        var wg = await gateway.NewPreSessionAsync(seats: 6);
        var m = await Missions(2);
        await Rsvp(m[0], wg, new { attending = true, delegates = 5 });
        AssertAnswer(await Rsvp(m[1], wg, new { attending = true, delegates = 2 }), "waitlist", 2);

        AssertAnswer(await Rsvp(m[0], wg, new { attending = true, delegates = 4 }), "confirmed", 4);

        Assert.Equal(6, await SeatsTaken(wg));
        Assert.Equal(("confirmed", 2), await Standing(m[1], wg));
    }

    [Fact]
    public async Task Seats_are_never_oversold()
    {
        var wg = await gateway.NewPreSessionAsync(seats: 7);
        var m = await Missions(6);

        var answers = await Task.WhenAll(m.Select(async mission =>
        {
            using var response = await gateway.Client(mission.Token).RsvpAsync(wg, "FRA", mission.Id, new { attending = true, delegates = 2 });
            return await response.JsonAsync(HttpStatusCode.OK);
        }));

        // Concurrent RSVPs of 2 delegates into 7 seats: exactly three fit.
        Assert.Equal(3, answers.Count(a => a.Str("status") == "confirmed"));
        Assert.Equal(3, answers.Count(a => a.Str("status") == "waitlist"));
        Assert.Equal(6, await SeatsTaken(wg));
    }

    // ---- Who may RSVP.

    [Theory]
    [InlineData("cso")]
    [InlineData("nhri")]
    public async Task A_cso_or_nhri_rsvping_is_403(string kind)
    {
        var wg = await gateway.NewPreSessionAsync();
        var org = await gateway.RegisterAsync(kind);

        using var response = await gateway.Client(org.Token).RsvpAsync(wg, "FRA", org.Id, new { attending = true, delegates = 2 });

        await response.ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(0, await SeatsTaken(wg));
    }

    [Fact]
    public async Task A_mission_rsvping_for_another_mission_is_403()
    {
        var wg = await gateway.NewPreSessionAsync();
        var m = await Missions(2);

        using var response = await gateway.Client(m[0].Token).RsvpAsync(wg, "FRA", m[1].Id, new { attending = true, delegates = 2 });

        await response.ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(0, await SeatsTaken(wg));
    }

    [Fact]
    public async Task The_operator_rsvping_for_a_mission_is_403()
    {
        // The contract grants this PUT to "that mission" only, where the organisation GET and the DELETE name
        // "that organisation or operator"; the operator's is not the mission's role.
        var wg = await gateway.NewPreSessionAsync();
        var mission = await gateway.RegisterAsync("mission");

        using var response = await gateway.Operator().RsvpAsync(wg, "FRA", mission.Id, new { attending = true, delegates = 2 });

        await response.ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(0, await SeatsTaken(wg));
    }

    [Fact]
    public async Task Rsvping_without_a_token_or_with_a_garbage_one_is_401()
    {
        var wg = await gateway.NewPreSessionAsync();
        var mission = await gateway.RegisterAsync("mission");

        using var anonymous = await gateway.Client().RsvpAsync(wg, "FRA", mission.Id, new { attending = true, delegates = 2 });
        using var garbage = await gateway.Client("garbage").RsvpAsync(wg, "FRA", mission.Id, new { attending = true, delegates = 2 });

        await anonymous.UnauthorizedAsync();
        await garbage.UnauthorizedAsync();
    }

    // ---- Keys.

    [Fact]
    public async Task Rsvping_to_an_unknown_pre_session_is_404_and_leaves_no_trace()
    {
        var wg = await gateway.NewPreSessionAsync();
        var mission = await gateway.RegisterAsync("mission");

        foreach (var (w, sur) in new[] { (wg, "BRB"), (wg, "XYZ"), (994, "FRA") })
        {
            using var response = await gateway.Client(mission.Token).RsvpAsync(w, sur, mission.Id, new { attending = true, delegates = 2 });
            await response.ProblemAsync(HttpStatusCode.NotFound);
        }
        var profile = await gateway.Client(mission.Token).GetJsonAsync($"/api/organisations/{mission.Id}");
        Assert.Empty(profile.GetProperty("rsvps").EnumerateArray());
    }

    [Theory]
    [InlineData("0", "FRA", "org-abcdefghijklmnop", "wg")]
    [InlineData("1000", "FRA", "org-abcdefghijklmnop", "wg")]
    [InlineData("abc", "FRA", "org-abcdefghijklmnop", "wg")]
    [InlineData("1", "fr", "org-abcdefghijklmnop", "sur")]
    [InlineData("1", "FRAN", "org-abcdefghijklmnop", "sur")]
    [InlineData("1", "FRA", "org-ABCDEFGHIJKLMNOP", "organisationId")]
    [InlineData("1", "FRA", "mission", "organisationId")]
    public async Task A_malformed_key_is_400(string wg, string sur, string organisationId, string field)
    {
        var mission = await gateway.RegisterAsync("mission");

        using var response = await gateway.Client(mission.Token).PutAsJsonAsync(
            $"/api/wg-sessions/{wg}/pre-sessions/{sur}/rsvps/{organisationId}", new { attending = true, delegates = 2 });

        await response.ValidationProblemAsync(field);
    }

    // ---- Body validation: each malformed field alone.

    [Theory]
    [InlineData("""{"delegates":2}""", "attending")]
    [InlineData("""{"attending":null,"delegates":2}""", "attending")]
    [InlineData("""{"attending":"yes","delegates":2}""", "attending")]
    [InlineData("""{"attending":1,"delegates":2}""", "attending")]
    [InlineData("""{"attending":true}""", "delegates")]
    [InlineData("""{"attending":true,"delegates":0}""", "delegates")]
    [InlineData("""{"attending":true,"delegates":11}""", "delegates")]
    [InlineData("""{"attending":true,"delegates":-3}""", "delegates")]
    [InlineData("""{"attending":true,"delegates":"2"}""", "delegates")]
    [InlineData("""{"attending":true,"delegates":2.5}""", "delegates")]
    public async Task Put_rejects_each_malformed_field(string json, string field)
    {
        var wg = await gateway.NewPreSessionAsync();
        var mission = await gateway.RegisterAsync("mission");

        using var response = await gateway.Client(mission.Token).PutAsync(
            $"/api/wg-sessions/{wg}/pre-sessions/FRA/rsvps/{mission.Id}", Http.Raw(json));

        await response.ValidationProblemAsync(field);
        Assert.Equal(0, await SeatsTaken(wg));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    public async Task Delegates_at_their_bounds_are_accepted(int delegates)
    {
        var wg = await gateway.NewPreSessionAsync(seats: 40);
        var mission = await gateway.RegisterAsync("mission");

        AssertAnswer(await Rsvp(mission, wg, new { attending = true, delegates }), "confirmed", delegates);
        Assert.Equal(delegates, await SeatsTaken(wg));
    }

    [Fact]
    public async Task Put_rejects_malformed_json()
    {
        var wg = await gateway.NewPreSessionAsync();
        var mission = await gateway.RegisterAsync("mission");

        using var response = await gateway.Client(mission.Token).PutAsync(
            $"/api/wg-sessions/{wg}/pre-sessions/FRA/rsvps/{mission.Id}", Http.Raw("""{"attending":tru"""));

        await response.ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Put_rejects_another_content_type_with_415()
    {
        var wg = await gateway.NewPreSessionAsync();
        var mission = await gateway.RegisterAsync("mission");

        using var response = await gateway.Client(mission.Token).PutAsync(
            $"/api/wg-sessions/{wg}/pre-sessions/FRA/rsvps/{mission.Id}", Http.Raw("""{"attending":true,"delegates":2}""", "text/plain"));

        await response.ProblemAsync(HttpStatusCode.UnsupportedMediaType, hasDetail: false); // the gateway gives no detail for 415
    }
}
