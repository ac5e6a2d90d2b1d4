using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace PreSessions.FunctionalTests;

/// <summary>PUT and GET /api/wg-sessions/{wg}/pre-sessions/{sur}, and how the panel follows panelSize.</summary>
public sealed class PreSessionsTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private static object Plan(int panelSize = 6, int seats = 40, string room = "XXIV") => new
    {
        startsAt = "2017-12-12T10:00:00+01:00",
        durationMinutes = 60,
        room,
        panelSize,
        seats,
    };

    [Fact]
    public async Task The_first_put_creates_with_201_and_the_same_put_again_answers_200()
    {
        var wg = await gateway.CreateWgSessionAsync();

        using var first = await gateway.Operator().PutAsJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/FRA", Plan());
        using var again = await gateway.Operator().PutAsJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/FRA", Plan());

        var created = await first.JsonAsync(HttpStatusCode.Created);
        Assert.Equal(
            ["wg", "sur", "stateName", "startsAt", "endsAt", "room", "panelSize", "seats", "panel", "waitlistCount", "seatsTaken",
             "applicationsOpen", "applicationsClose", "statementsDue", "selection", "minimumApplications", "reserveNhriPlace", "pendingCount",
             "addressedRecommendations"],
            created.Names());
        Assert.Equal((wg, "FRA", "France"), (created.Int("wg"), created.Str("sur"), created.Str("stateName")));
        Assert.Equal(("2017-12-12T09:00:00Z", "2017-12-12T10:00:00Z"), (created.Str("startsAt"), created.Str("endsAt")));
        Assert.Equal(("XXIV", 6, 40), (created.Str("room"), created.Int("panelSize"), created.Int("seats")));
        Assert.Empty(created.GetProperty("panel").EnumerateArray());
        Assert.Equal((0, 0), (created.Int("waitlistCount"), created.Int("seatsTaken")));
        Assert.Equal(created.GetRawText(), (await again.JsonAsync(HttpStatusCode.OK)).GetRawText());
    }

    [Fact]
    public async Task A_changed_put_answers_200_and_the_get_shows_the_new_plan()
    {
        var wg = await gateway.NewPreSessionAsync();

        using var changed = await gateway.Operator().PutAsJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/FRA",
            new { startsAt = "2017-12-13T09:30:00Z", durationMinutes = 90, room = "XXV", panelSize = 4, seats = 25 });
        await changed.JsonAsync(HttpStatusCode.OK);

        var body = await gateway.Client().GetJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/FRA");
        Assert.Equal(("2017-12-13T09:30:00Z", "2017-12-13T11:00:00Z"), (body.Str("startsAt"), body.Str("endsAt")));
        Assert.Equal(("XXV", 4, 25), (body.Str("room"), body.Int("panelSize"), body.Int("seats")));
    }

    [Theory]
    [InlineData("2017-12-12T10:00:00+01:00", "2017-12-12T09:00:00Z")]
    [InlineData("2017-12-12T04:00:00-05:00", "2017-12-12T09:00:00Z")]
    [InlineData("2017-12-12T09:00:00Z", "2017-12-12T09:00:00Z")]
    [InlineData("2017-12-12T00:30:00+01:00", "2017-12-11T23:30:00Z")]
    public async Task Start_times_are_returned_in_utc(string startsAt, string utc)
    {
        var wg = await gateway.CreateWgSessionAsync();

        var body = await gateway.SchedulePreSessionAsync(wg, "LIE", startsAt: startsAt, durationMinutes: 30);

        Assert.Equal(utc, body.Str("startsAt"));
        Assert.Equal(DateTimeOffset.Parse(utc).AddMinutes(30).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"), body.Str("endsAt"));
    }

    [Fact]
    public async Task The_limits_at_their_bounds_are_accepted()
    {
        var wg = await gateway.CreateWgSessionAsync();

        var smallest = await gateway.SchedulePreSessionAsync(wg, "FRA", panelSize: 0, seats: 0, durationMinutes: 15);
        var largest = await gateway.SchedulePreSessionAsync(wg, "BHS", panelSize: 30, seats: 1000, durationMinutes: 240);

        Assert.Equal((0, 0), (smallest.Int("panelSize"), smallest.Int("seats")));
        Assert.Equal((30, 1000), (largest.Int("panelSize"), largest.Int("seats")));
        Assert.Equal("2017-12-12T13:00:00Z", largest.Str("endsAt"));
    }

    // ---- Keys.

    [Fact]
    public async Task Put_in_an_unknown_wg_session_is_404()
    {
        using var response = await gateway.Operator().PutAsJsonAsync("/api/wg-sessions/997/pre-sessions/FRA", Plan());

        await response.ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Put_for_a_code_that_is_no_un_member_is_404()
    {
        var wg = await gateway.CreateWgSessionAsync();

        using var response = await gateway.Operator().PutAsJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/XYZ", Plan());

        await response.ProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [MemberData(nameof(MalformedKeys.PreSessionAddresses), MemberType = typeof(MalformedKeys))]
    public async Task A_malformed_key_is_400_on_put_and_get(string wg, string sur, string field)
    {
        using var put = await gateway.Operator().PutAsJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/{sur}", Plan());
        using var get = await gateway.Client().GetAsync($"/api/wg-sessions/{wg}/pre-sessions/{sur}");

        await put.ValidationProblemAsync(field);
        await get.ValidationProblemAsync(field);
    }

    [Fact]
    public async Task Get_of_a_well_formed_but_unscheduled_pre_session_is_404()
    {
        var wg = await gateway.NewPreSessionAsync();

        using var other = await gateway.Client().GetAsync($"/api/wg-sessions/{wg}/pre-sessions/BRB");
        using var notMember = await gateway.Client().GetAsync($"/api/wg-sessions/{wg}/pre-sessions/XYZ");
        using var unknownWg = await gateway.Client().GetAsync("/api/wg-sessions/996/pre-sessions/FRA");

        await other.ProblemAsync(HttpStatusCode.NotFound);
        await notMember.ProblemAsync(HttpStatusCode.NotFound);
        await unknownWg.ProblemAsync(HttpStatusCode.NotFound);
    }

    // ---- Body validation: each malformed field alone.

    [Theory]
    [InlineData("""{"durationMinutes":60,"room":"R","panelSize":6,"seats":40}""", "startsAt")]
    [InlineData("""{"startsAt":"2017-12-12T10:00:00","durationMinutes":60,"room":"R","panelSize":6,"seats":40}""", "startsAt")]
    [InlineData("""{"startsAt":"12/12/2017 10:00 +01:00","durationMinutes":60,"room":"R","panelSize":6,"seats":40}""", "startsAt")]
    [InlineData("""{"startsAt":"not a date","durationMinutes":60,"room":"R","panelSize":6,"seats":40}""", "startsAt")]
    [InlineData("""{"startsAt":"2017-02-30T10:00:00Z","durationMinutes":60,"room":"R","panelSize":6,"seats":40}""", "startsAt")]
    [InlineData("""{"startsAt":"2017-12-12T10:00:00Z","room":"R","panelSize":6,"seats":40}""", "durationMinutes")]
    [InlineData("""{"startsAt":"2017-12-12T10:00:00Z","durationMinutes":14,"room":"R","panelSize":6,"seats":40}""", "durationMinutes")]
    [InlineData("""{"startsAt":"2017-12-12T10:00:00Z","durationMinutes":241,"room":"R","panelSize":6,"seats":40}""", "durationMinutes")]
    [InlineData("""{"startsAt":"2017-12-12T10:00:00Z","durationMinutes":"60","room":"R","panelSize":6,"seats":40}""", "durationMinutes")]
    [InlineData("""{"startsAt":"2017-12-12T10:00:00Z","durationMinutes":60.5,"room":"R","panelSize":6,"seats":40}""", "durationMinutes")]
    [InlineData("""{"startsAt":"2017-12-12T10:00:00Z","durationMinutes":60,"panelSize":6,"seats":40}""", "room")]
    [InlineData("""{"startsAt":"2017-12-12T10:00:00Z","durationMinutes":60,"room":"","panelSize":6,"seats":40}""", "room")]
    [InlineData("""{"startsAt":"2017-12-12T10:00:00Z","durationMinutes":60,"room":"LONG101","panelSize":6,"seats":40}""", "room")]
    [InlineData("""{"startsAt":"2017-12-12T10:00:00Z","durationMinutes":60,"room":"R","seats":40}""", "panelSize")]
    [InlineData("""{"startsAt":"2017-12-12T10:00:00Z","durationMinutes":60,"room":"R","panelSize":-1,"seats":40}""", "panelSize")]
    [InlineData("""{"startsAt":"2017-12-12T10:00:00Z","durationMinutes":60,"room":"R","panelSize":31,"seats":40}""", "panelSize")]
    [InlineData("""{"startsAt":"2017-12-12T10:00:00Z","durationMinutes":60,"room":"R","panelSize":"6","seats":40}""", "panelSize")]
    [InlineData("""{"startsAt":"2017-12-12T10:00:00Z","durationMinutes":60,"room":"R","panelSize":true,"seats":40}""", "panelSize")]
    [InlineData("""{"startsAt":"2017-12-12T10:00:00Z","durationMinutes":60,"room":"R","panelSize":6}""", "seats")]
    [InlineData("""{"startsAt":"2017-12-12T10:00:00Z","durationMinutes":60,"room":"R","panelSize":6,"seats":-1}""", "seats")]
    [InlineData("""{"startsAt":"2017-12-12T10:00:00Z","durationMinutes":60,"room":"R","panelSize":6,"seats":1001}""", "seats")]
    [InlineData("""{"startsAt":"2017-12-12T10:00:00Z","durationMinutes":60,"room":"R","panelSize":6,"seats":"40"}""", "seats")]
    [InlineData("""{"startsAt":"2017-12-12T10:00:00Z","durationMinutes":60,"room":"R","panelSize":6,"seats":99999999999}""", "seats")]
    public async Task Put_rejects_each_malformed_field(string json, string field)
    {
        var wg = await gateway.CreateWgSessionAsync();

        using var response = await gateway.Operator().PutAsync($"/api/wg-sessions/{wg}/pre-sessions/FRA",
            Http.Raw(json.Replace("LONG101", new string('r', 101))));

        await response.ValidationProblemAsync(field);
        using var get = await gateway.Client().GetAsync($"/api/wg-sessions/{wg}/pre-sessions/FRA");
        await get.ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Put_rejects_malformed_json()
    {
        var wg = await gateway.CreateWgSessionAsync();

        using var response = await gateway.Operator().PutAsync($"/api/wg-sessions/{wg}/pre-sessions/FRA", Http.Raw("startsAt=2017"));

        await response.ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Put_rejects_another_content_type_with_415()
    {
        var wg = await gateway.CreateWgSessionAsync();

        using var response = await gateway.Operator().PutAsync($"/api/wg-sessions/{wg}/pre-sessions/FRA",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["room"] = "XXIV" }));

        await response.ProblemAsync(HttpStatusCode.UnsupportedMediaType, hasDetail: false); // the gateway gives no detail for 415
    }

    // ---- Who may schedule.

    [Fact]
    public async Task Put_without_a_token_is_401()
    {
        var wg = await gateway.CreateWgSessionAsync();

        using var response = await gateway.Client().PutAsJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/FRA", Plan());

        await response.UnauthorizedAsync();
    }

    [Fact]
    public async Task Put_with_a_garbage_token_is_401()
    {
        var wg = await gateway.CreateWgSessionAsync();

        using var response = await gateway.Client("garbage").PutAsJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/FRA", Plan());

        await response.UnauthorizedAsync();
    }

    [Theory]
    [InlineData("cso")]
    [InlineData("mission")]
    public async Task Put_by_an_organisation_is_403(string kind)
    {
        var wg = await gateway.CreateWgSessionAsync();
        var org = await gateway.RegisterAsync(kind);

        using var response = await gateway.Client(org.Token).PutAsJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/FRA", Plan());

        await response.ProblemAsync(HttpStatusCode.Forbidden);
    }

    // ---- The panel.

    [Fact]
    public async Task The_panel_is_in_arrival_order_with_positions_from_1()
    {
        var wg = await gateway.NewPreSessionAsync(panelSize: 3);
        var orgs = await Apply(wg, "Anna", "Boris", "Chidi");

        var body = await gateway.Client().GetJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/FRA");

        var panel = body.GetProperty("panel").EnumerateArray().ToArray();
        Assert.Equal(["organisationId", "organisationName", "speakerName", "position"], panel[0].Names());
        Assert.Equal(orgs.Select(o => o.Id), panel.Select(p => p.Str("organisationId")));
        Assert.Equal(orgs.Select(o => o.Name), panel.Select(p => p.Str("organisationName")));
        Assert.Equal(["Anna", "Boris", "Chidi"], panel.Select(p => p.Str("speakerName")).ToArray());
        Assert.Equal([1, 2, 3], panel.Select(p => p.Int("position")).ToArray());
        Assert.Equal(0, body.Int("waitlistCount"));
    }

    [Fact]
    public async Task Shrinking_the_panel_moves_its_last_speakers_to_the_head_of_the_waitlist_and_growing_promotes_them()
    {
        var wg = await gateway.NewPreSessionAsync(panelSize: 3);
        var orgs = await Apply(wg, "Anna", "Boris", "Chidi", "Dana");
        await AssertStandings(wg, orgs, ("panel", 1), ("panel", 2), ("panel", 3), ("waitlist", 1));

        await gateway.SchedulePreSessionAsync(wg, "FRA", panelSize: 1);

        var shrunk = await gateway.Client().GetJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/FRA");
        Assert.Equal(["Anna"], shrunk.GetProperty("panel").EnumerateArray().Select(p => p.Str("speakerName")).ToArray());
        Assert.Equal(3, shrunk.Int("waitlistCount"));
        // Boris and Chidi go ahead of Dana, who was already waiting.
        await AssertStandings(wg, orgs, ("panel", 1), ("waitlist", 1), ("waitlist", 2), ("waitlist", 3));

        await gateway.SchedulePreSessionAsync(wg, "FRA", panelSize: 3);

        var grown = await gateway.Client().GetJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/FRA");
        Assert.Equal(["Anna", "Boris", "Chidi"], grown.GetProperty("panel").EnumerateArray().Select(p => p.Str("speakerName")).ToArray());
        Assert.Equal([1, 2, 3], grown.GetProperty("panel").EnumerateArray().Select(p => p.Int("position")).ToArray());
        Assert.Equal(1, grown.Int("waitlistCount"));
        await AssertStandings(wg, orgs, ("panel", 1), ("panel", 2), ("panel", 3), ("waitlist", 1));

        await gateway.SchedulePreSessionAsync(wg, "FRA", panelSize: 6);

        var all = await gateway.Client().GetJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/FRA");
        Assert.Equal(4, all.GetProperty("panel").GetArrayLength());
        Assert.Equal(0, all.Int("waitlistCount"));
        await AssertStandings(wg, orgs, ("panel", 1), ("panel", 2), ("panel", 3), ("panel", 4));
    }

    [Fact]
    public async Task The_public_view_never_names_a_waitlisted_speaker()
    {
        var wg = await gateway.NewPreSessionAsync(panelSize: 1);
        var panelOrg = await gateway.RegisterAsync("cso", "Visible Org");
        var waiting = await gateway.RegisterAsync("cso", "Hidden Waiting Org");
        (await gateway.Client(panelOrg.Token).ApplyAsync(wg, "FRA", "Visible Speaker")).EnsureSuccessStatusCode();
        (await gateway.Client(waiting.Token).ApplyAsync(wg, "FRA", "Hidden Speaker")).EnsureSuccessStatusCode();

        using var preSession = await gateway.Client().GetAsync($"/api/wg-sessions/{wg}/pre-sessions/FRA");
        using var week = await gateway.Client().GetAsync($"/api/wg-sessions/{wg}");

        var text = await preSession.Content.ReadAsStringAsync();
        var body = await preSession.JsonAsync(HttpStatusCode.OK);
        Assert.Contains("Visible Speaker", text);
        Assert.Equal(1, body.Int("waitlistCount"));
        foreach (var secret in new[] { "Hidden Speaker", "Hidden Waiting Org", waiting.Id })
        {
            Assert.DoesNotContain(secret, text);
            Assert.DoesNotContain(secret, await week.Content.ReadAsStringAsync());
        }
    }

    private async Task<Registered[]> Apply(int wg, params string[] speakers)
    {
        var orgs = new List<Registered>();
        foreach (var speaker in speakers)
        {
            var org = await gateway.RegisterAsync("cso", $"Org of {speaker}");
            (await gateway.Client(org.Token).ApplyAsync(wg, "FRA", speaker)).EnsureSuccessStatusCode();
            orgs.Add(org);
        }
        return [.. orgs];
    }

    /// <summary>Each organisation's own view agrees with the expected status and position.</summary>
    private async Task AssertStandings(int wg, Registered[] orgs, params (string Status, int Position)[] expected)
    {
        for (var i = 0; i < orgs.Length; i++)
        {
            var profile = await gateway.Client(orgs[i].Token).GetJsonAsync($"/api/organisations/{orgs[i].Id}");
            var application = Assert.Single(profile.GetProperty("applications").EnumerateArray());
            Assert.Equal((wg, "FRA"), (application.Int("wg"), application.Str("sur")));
            Assert.Equal(expected[i], (application.Str("status"), application.Int("position")));
        }
    }
}
