using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace PreSessions.FunctionalTests;

/// <summary>PUT and GET /api/wg-sessions/{wg}.</summary>
public sealed class WgSessionsTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private static object Details(string title = "Pre-sessions for the 29th UPR WG", string? applicationsClose = null) => new
    {
        title,
        venue = "Palais des Nations, Geneva",
        provisional = true,
        applicationsClose,
    };

    [Fact]
    public async Task The_first_put_creates_with_201_and_the_same_put_again_answers_200()
    {
        var wg = gateway.NextWg();
        var request = Details(applicationsClose: "2017-11-20T18:00:00+01:00");

        using var first = await gateway.Operator().PutAsJsonAsync($"/api/wg-sessions/{wg}", request);
        using var again = await gateway.Operator().PutAsJsonAsync($"/api/wg-sessions/{wg}", request);

        var created = await first.JsonAsync(HttpStatusCode.Created);
        Assert.Equal(wg, created.Int("wg"));
        Assert.Equal("Pre-sessions for the 29th UPR WG", created.Str("title"));
        Assert.Equal("Palais des Nations, Geneva", created.Str("venue"));
        Assert.True(created.GetProperty("provisional").GetBoolean());
        Assert.Equal("2017-11-20T17:00:00Z", created.Str("applicationsClose")); // stored as an instant, returned in UTC
        Assert.Empty(created.GetProperty("preSessions").EnumerateArray());
        var replayed = await again.JsonAsync(HttpStatusCode.OK);
        Assert.Equal(created.GetRawText(), replayed.GetRawText());
    }

    [Fact]
    public async Task A_changed_put_answers_200_and_the_get_shows_the_change()
    {
        var wg = await gateway.CreateWgSessionAsync();

        using var changed = await gateway.Operator().PutAsJsonAsync($"/api/wg-sessions/{wg}",
            new { title = "Renamed week", venue = "Room XX", provisional = false });
        await changed.JsonAsync(HttpStatusCode.OK);

        var body = await gateway.Client().GetJsonAsync($"/api/wg-sessions/{wg}");
        Assert.Equal("Renamed week", body.Str("title"));
        Assert.Equal("Room XX", body.Str("venue"));
        Assert.False(body.GetProperty("provisional").GetBoolean());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("applicationsClose").ValueKind);
    }

    [Fact]
    public async Task Get_lists_the_pre_sessions_ordered_by_start_with_their_counts()
    {
        var wg = await gateway.CreateWgSessionAsync();
        // Scheduled out of order, and in offsets other than UTC.
        await gateway.SchedulePreSessionAsync(wg, "MLI", panelSize: 5, seats: 30, startsAt: "2017-12-12T14:00:00+01:00", durationMinutes: 45, room: "XXV");
        await gateway.SchedulePreSessionAsync(wg, "FRA", panelSize: 2, seats: 10, startsAt: "2017-12-12T10:00:00+01:00");
        await gateway.SchedulePreSessionAsync(wg, "BHS", panelSize: 6, seats: 40, startsAt: "2017-12-12T05:00:00-05:00");
        foreach (var speaker in new[] { "A", "B", "C" })
        {
            var cso = await gateway.RegisterAsync("cso");
            (await gateway.Client(cso.Token).ApplyAsync(wg, "FRA", speaker)).EnsureSuccessStatusCode();
        }
        var mission = await gateway.RegisterAsync("mission");
        (await gateway.Client(mission.Token).RsvpAsync(wg, "FRA", mission.Id, new { attending = true, delegates = 3 })).EnsureSuccessStatusCode();

        var body = await gateway.Client().GetJsonAsync($"/api/wg-sessions/{wg}");

        Assert.Equal(wg, body.Int("wg"));
        // applicationsClose, applicationsOpen and statementsDue are additions to the contract's shape.
        Assert.Equal(["wg", "title", "venue", "provisional", "applicationsClose", "preSessions", "applicationsOpen", "statementsDue"], body.Names());
        var preSessions = body.GetProperty("preSessions").EnumerateArray().ToArray();
        Assert.Equal(["FRA", "BHS", "MLI"], preSessions.Select(p => p.Str("sur")).ToArray());
        var fra = preSessions[0];
        Assert.Equal(
            ["sur", "stateName", "startsAt", "endsAt", "room", "panelSize", "panelCount", "waitlistCount", "seats", "seatsTaken"],
            fra.Names());
        Assert.Equal("France", fra.Str("stateName"));
        Assert.Equal("2017-12-12T09:00:00Z", fra.Str("startsAt"));
        Assert.Equal("2017-12-12T10:00:00Z", fra.Str("endsAt"));
        Assert.Equal("XXIV", fra.Str("room"));
        Assert.Equal((2, 2, 1), (fra.Int("panelSize"), fra.Int("panelCount"), fra.Int("waitlistCount")));
        Assert.Equal((10, 3), (fra.Int("seats"), fra.Int("seatsTaken")));
        var bhs = preSessions[1];
        Assert.Equal("Bahamas", bhs.Str("stateName"));
        Assert.Equal("2017-12-12T10:00:00Z", bhs.Str("startsAt"));
        Assert.Equal((0, 0, 0), (bhs.Int("panelCount"), bhs.Int("waitlistCount"), bhs.Int("seatsTaken")));
        var mli = preSessions[2];
        Assert.Equal("2017-12-12T13:00:00Z", mli.Str("startsAt"));
        Assert.Equal("2017-12-12T13:45:00Z", mli.Str("endsAt"));
        Assert.Equal(("XXV", 5, 30), (mli.Str("room"), mli.Int("panelSize"), mli.Int("seats")));
    }

    [Fact]
    public async Task Rescheduling_a_pre_session_earlier_reorders_the_week()
    {
        var wg = await gateway.CreateWgSessionAsync();
        await gateway.SchedulePreSessionAsync(wg, "FRA", startsAt: "2017-12-12T10:00:00+01:00");
        await gateway.SchedulePreSessionAsync(wg, "TON", startsAt: "2017-12-13T10:00:00+01:00");

        await gateway.SchedulePreSessionAsync(wg, "TON", startsAt: "2017-12-11T10:00:00+01:00");

        var body = await gateway.Client().GetJsonAsync($"/api/wg-sessions/{wg}");
        Assert.Equal(["TON", "FRA"], body.GetProperty("preSessions").EnumerateArray().Select(p => p.Str("sur")).ToArray());
    }

    [Fact]
    public async Task An_unknown_wg_session_is_404()
    {
        using var response = await gateway.Client().GetAsync("/api/wg-sessions/998");

        await response.ProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1000")]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("1.5")]
    public async Task A_malformed_wg_is_400_on_get_and_put(string wg)
    {
        using var get = await gateway.Client().GetAsync($"/api/wg-sessions/{wg}");
        using var put = await gateway.Operator().PutAsJsonAsync($"/api/wg-sessions/{wg}", Details());

        await get.ValidationProblemAsync("wg");
        await put.ValidationProblemAsync("wg");
    }

    [Theory]
    [InlineData("""{"venue":"V","provisional":true}""", "title")]
    [InlineData("""{"title":"","venue":"V","provisional":true}""", "title")]
    [InlineData("""{"title":"LONG201","venue":"V","provisional":true}""", "title")]
    [InlineData("""{"title":"T","provisional":true}""", "venue")]
    [InlineData("""{"title":"T","venue":"  ","provisional":true}""", "venue")]
    [InlineData("""{"title":"T","venue":"LONG201","provisional":true}""", "venue")]
    [InlineData("""{"title":"T","venue":"V"}""", "provisional")]
    [InlineData("""{"title":"T","venue":"V","provisional":null}""", "provisional")]
    [InlineData("""{"title":"T","venue":"V","provisional":"yes"}""", "provisional")]
    [InlineData("""{"title":"T","venue":"V","provisional":1}""", "provisional")]
    [InlineData("""{"title":"T","venue":"V","provisional":true,"applicationsClose":"2017-11-20T18:00:00"}""", "applicationsClose")]
    [InlineData("""{"title":"T","venue":"V","provisional":true,"applicationsClose":"2017-11-20"}""", "applicationsClose")]
    [InlineData("""{"title":"T","venue":"V","provisional":true,"applicationsClose":"next Friday"}""", "applicationsClose")]
    [InlineData("""{"title":"T","venue":"V","provisional":true,"applicationsClose":"2017-13-45T18:00:00Z"}""", "applicationsClose")]
    [InlineData("""{"title":"T","venue":"V","provisional":true,"applicationsClose":20171120}""", "applicationsClose")]
    public async Task Put_rejects_each_malformed_field(string json, string field)
    {
        var wg = gateway.NextWg();

        using var response = await gateway.Operator().PutAsync($"/api/wg-sessions/{wg}",
            Http.Raw(json.Replace("LONG201", new string('x', 201))));

        await response.ValidationProblemAsync(field);
        // Nothing was created by the refused request.
        using var get = await gateway.Client().GetAsync($"/api/wg-sessions/{wg}");
        await get.ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Put_rejects_malformed_json()
    {
        using var response = await gateway.Operator().PutAsync($"/api/wg-sessions/{gateway.NextWg()}", Http.Raw("""{"title":"T",,}"""));

        await response.ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Put_rejects_another_content_type_with_415()
    {
        using var response = await gateway.Operator().PutAsync($"/api/wg-sessions/{gateway.NextWg()}",
            Http.Raw("""{"title":"T","venue":"V","provisional":true}""", "application/xml"));

        await response.ProblemAsync(HttpStatusCode.UnsupportedMediaType, hasDetail: false); // the gateway gives no detail for 415
    }

    [Fact]
    public async Task Put_without_a_token_is_401()
    {
        using var response = await gateway.Client().PutAsJsonAsync($"/api/wg-sessions/{gateway.NextWg()}", Details());

        await response.UnauthorizedAsync();
    }

    [Fact]
    public async Task Put_with_an_unknown_token_is_401()
    {
        using var response = await gateway.Client("not-the-operator").PutAsJsonAsync($"/api/wg-sessions/{gateway.NextWg()}", Details());

        await response.UnauthorizedAsync();
    }

    [Fact]
    public async Task Put_by_an_organisation_is_403()
    {
        var org = await gateway.RegisterAsync("cso");
        var wg = gateway.NextWg();

        using var response = await gateway.Client(org.Token).PutAsJsonAsync($"/api/wg-sessions/{wg}", Details());

        await response.ProblemAsync(HttpStatusCode.Forbidden);
        using var get = await gateway.Client().GetAsync($"/api/wg-sessions/{wg}");
        await get.ProblemAsync(HttpStatusCode.NotFound);
    }
}
