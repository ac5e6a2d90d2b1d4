using System.Net;
using System.Net.Http.Json;

namespace PreSessions.FunctionalTests;

/// <summary>The call for applications through the API: the WG session's window, one pre-session's extension, their 400s and 409s.</summary>
public sealed class CallsTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private async Task<int> DefineAsync(object call)
    {
        var wg = gateway.NextWg();
        using var response = await gateway.Operator().PutAsJsonAsync($"/api/wg-sessions/{wg}", call);
        await response.JsonAsync(HttpStatusCode.Created);
        return wg;
    }

    [Fact]
    public async Task A_pre_session_shows_its_call_the_defaults_the_WG_sessions_and_its_own_extension()
    {
        var wg = await DefineAsync(new { title = "Calls", venue = "Geneva", provisional = true, applicationsOpen = "2017-10-01T08:00:00+02:00" });
        var fra = await gateway.SchedulePreSessionAsync(wg, "FRA", startsAt: "2017-12-12T10:00:00+01:00");
        using var extended = await gateway.Operator().PutAsJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/DEU", new
        {
            startsAt = "2017-12-13T10:00:00+01:00", durationMinutes = 60, room = "XXIV", panelSize = 6, seats = 40,
            applicationsClose = "2017-12-01T18:00:00+01:00",
        });
        var deu = await extended.JsonAsync(HttpStatusCode.Created);

        Assert.Equal(("2017-10-01T06:00:00Z", "2017-12-12T09:00:00Z", "2017-11-28T09:00:00Z"),
            (fra.Str("applicationsOpen"), fra.Str("applicationsClose"), fra.Str("statementsDue")));
        Assert.Equal(("2017-12-01T17:00:00Z", "2017-11-29T09:00:00Z"), (deu.Str("applicationsClose"), deu.Str("statementsDue")));
        var week = await gateway.Client().GetJsonAsync($"/api/wg-sessions/{wg}");
        Assert.Equal("2017-10-01T06:00:00Z", week.Str("applicationsOpen"));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, week.GetProperty("statementsDue").ValueKind);
    }

    [Fact]
    public async Task Before_the_call_opens_an_application_is_409_with_the_dates_and_nothing_is_stored()
    {
        var wg = await DefineAsync(new
        {
            title = "Calls", venue = "Geneva", provisional = true,
            applicationsOpen = "2017-11-20T09:00:00+01:00", applicationsClose = "2017-12-01T18:00:00+01:00",
        });
        await gateway.SchedulePreSessionAsync(wg, "FRA");
        var cso = await gateway.RegisterAsync("cso");

        using var response = await gateway.Client(cso.Token).ApplyAsync(wg, "FRA", "Too Early");

        var problem = await response.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal($"Applications to the pre-session {wg}/FRA open at 2017-11-20T08:00:00.0000000Z and close at 2017-12-01T17:00:00.0000000Z.",
            problem.Str("detail"));
        Assert.Empty((await gateway.Client(cso.Token).GetJsonAsync($"/api/organisations/{cso.Id}")).GetProperty("applications").EnumerateArray());
    }

    public static TheoryData<string, string> MalformedCalls => new()
    {
        { "applicationsOpen", """{"title":"T","venue":"V","provisional":true,"applicationsOpen":"2017-12-01T00:00:00Z","applicationsClose":"2017-12-01T00:00:00Z"}""" },
        { "applicationsOpen", """{"title":"T","venue":"V","provisional":true,"applicationsOpen":"2017-12-01"}""" },
        { "statementsDue", """{"title":"T","venue":"V","provisional":true,"statementsDue":"next week"}""" },
    };

    [Theory]
    [MemberData(nameof(MalformedCalls))]
    public async Task A_malformed_call_is_a_400_naming_its_field(string field, string body)
    {
        var wg = gateway.NextWg();
        using var response = await gateway.Operator().SendAsync(HttpMethod.Put, $"/api/wg-sessions/{wg}", Http.Raw(body));

        await response.ValidationProblemAsync(field);
        using var read = await gateway.Client().GetAsync($"/api/wg-sessions/{wg}");
        await read.ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_malformed_extension_is_a_400_naming_it()
    {
        var wg = await gateway.CreateWgSessionAsync();
        using var response = await gateway.Operator().PutAsJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/FRA", new
        {
            startsAt = "2017-12-13T10:00:00+01:00", durationMinutes = 60, room = "XXIV", panelSize = 6, seats = 40, applicationsClose = "soon",
        });

        await response.ValidationProblemAsync("applicationsClose");
    }
}
