using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace PreSessions.FunctionalTests.Security;

/// <summary>
/// The audit log: every operator and console action and every change of an application or RSVP, with who, what, when
/// and the trace id of the request that made it (the one its traceparent header named), readable by operators only,
/// and with no way to change it.
/// </summary>
public sealed class AuditTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    [Fact]
    public async Task Every_change_of_a_pre_session_is_logged_with_its_actor_and_trace()
    {
        var wg = gateway.NextWg();
        var op = gateway.Operator();
        var room = $"Audit {wg}";
        var traces = new List<(string Action, string TraceId)>();

        var defined = await op.PutAsJsonAsync($"/api/wg-sessions/{wg}", new { title = $"WG {wg}", venue = "Geneva", provisional = true });
        Assert.Equal(HttpStatusCode.Created, defined.StatusCode);
        var scheduled = await op.PutAsJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/FRA",
            new { startsAt = "2017-12-12T10:00:00+01:00", durationMinutes = 60, room, panelSize = 1, seats = 4 });
        traces.Add(("pre-session.created", TraceId(scheduled)));

        var first = await gateway.RegisterAsync("cso");
        var second = await gateway.RegisterAsync("nhri");
        var mission = await gateway.RegisterAsync("mission");
        traces.Add(("application.panel", TraceId(await gateway.Client(first.Token).ApplyAsync(wg, "FRA", "Jane"))));
        traces.Add(("application.waitlist", TraceId(await gateway.Client(second.Token).ApplyAsync(wg, "FRA", "Joe"))));
        traces.Add(("rsvp.confirmed", TraceId(await gateway.Client(mission.Token).RsvpAsync(wg, "FRA", mission.Id, new { attending = true, delegates = 2 }))));
        traces.Add(("application.withdrawn", TraceId(await gateway.Operator().WithdrawAsync(wg, "FRA", first.Id))));

        var console = (await (await op.PostAsync($"/api/rooms/{Uri.EscapeDataString(room)}/console-tokens", null)).JsonAsync(HttpStatusCode.Created)).Str("token");
        var timer = $"/api/wg-sessions/{wg}/pre-sessions/FRA/timer";
        traces.Add(("timer.start", TraceId(await gateway.Client(console).PostAsync($"{timer}/start", null))));
        traces.Add(("timer.extend", TraceId(await gateway.Client(console).PostAsJsonAsync($"{timer}/extend", new { seconds = 60 }))));
        traces.Add(("timer.message", TraceId(await gateway.Client(console).PutAsJsonAsync($"{timer}/message", new { text = "Please conclude" }))));
        traces.Add(("timer.end", TraceId(await op.PostAsync($"{timer}/end", null))));
        // A refused command and a replay change nothing, so they are not changes to log.
        Assert.Equal(HttpStatusCode.Conflict, (await gateway.Client(console).PostAsync($"{timer}/start", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await gateway.Client(mission.Token).RsvpAsync(wg, "FRA", mission.Id, new { attending = true, delegates = 2 })).StatusCode);

        var log = Entries(await op.GetJsonAsync($"/api/audit?wg={wg}&sur=FRA"));
        Assert.Equal(traces.Select(t => t.Action), log.Select(e => e.Str("action")));
        Assert.Equal(traces.Select(t => t.TraceId), log.Select(e => e.Str("traceId")));
        Assert.Equal(
            ["operator", $"organisation:{first.Id}", $"organisation:{second.Id}", $"organisation:{mission.Id}", "operator",
             $"console:{room}", $"console:{room}", $"console:{room}", "operator"],
            log.Select(e => e.Str("actor")));
        Assert.Equal([null, first.Id, second.Id, mission.Id, first.Id, null, null, null, null], log.Select(e => e.GetProperty("subject").GetString()));
        Assert.Equal("+60 s", log.Single(e => e.Str("action") == "timer.extend").Str("detail"));
        Assert.All(log, e => Assert.Equal((wg, "FRA"), (e.Int("wg"), e.Str("sur"))));
        var times = log.Select(e => e.GetProperty("at").GetDateTimeOffset()).ToList();
        Assert.Equal(times.Order(), times);

        // The week: the WG session's own entries (appended by its grain, in the order of appending) and the pre-session's.
        var week = Entries(await op.GetJsonAsync($"/api/audit?wg={wg}"));
        var created = Assert.Single(week, e => e.Str("action") == "wg-session.created");
        Assert.Equal(TraceId(defined), created.Str("traceId"));
        Assert.Equal(JsonValueKind.Null, created.GetProperty("sur").ValueKind);
        Assert.Equal(log.Count + 1, week.Count);
        Assert.Equal(log.Select(e => e.Str("traceId")), week.Where(e => e.Str("action") != "wg-session.created").Select(e => e.Str("traceId")));

        // A page at a time: following `next` reads the same log, each entry once, and the last page has none.
        var paged = new List<JsonElement>();
        string? after = null;
        for (var page = 0; page < 10; page++)
        {
            var body = await op.GetJsonAsync($"/api/audit?wg={wg}&sur=FRA&limit=4{(after is null ? "" : $"&after={after}")}");
            paged.AddRange(Entries(body));
            if (body.GetProperty("next").ValueKind == JsonValueKind.Null)
                break;
            after = body.Str("next");
        }
        Assert.Equal(log.Select(e => e.GetRawText()), paged.Select(e => e.GetRawText()));

        var text = await op.GetStringAsync($"/api/audit?wg={wg}");
        foreach (var secret in new[] { gateway.OperatorToken, console, first.Token, second.Token, mission.Token, "Jane", "Joe" })
            Assert.DoesNotContain(secret, text);
    }

    [Fact]
    public async Task Token_changes_of_organisations_and_rooms_are_logged()
    {
        var cso = await gateway.RegisterAsync("cso");
        await gateway.Operator().PostAsync($"/api/organisations/{cso.Id}/token", null).ExpectAsync(HttpStatusCode.OK);
        await gateway.Operator().DeleteAsync($"/api/organisations/{cso.Id}/token").ExpectAsync(HttpStatusCode.NoContent);
        var organisationLog = Entries(await gateway.Operator().GetJsonAsync($"/api/audit?organisationId={cso.Id}"));
        Assert.Equal(["organisation.registered", "organisation.token-reissued", "organisation.token-revoked"], organisationLog.Select(e => e.Str("action")));
        Assert.Equal(["anonymous", "operator", "operator"], organisationLog.Select(e => e.Str("actor")));

        var room = $"Token room {Guid.NewGuid():N}"[..20];
        var path = $"/api/rooms/{Uri.EscapeDataString(room)}/console-tokens";
        var issued = await (await gateway.Operator().PostAsync(path, null)).JsonAsync(HttpStatusCode.Created);
        await gateway.Operator().DeleteAsync($"{path}/{issued.Str("id")}").ExpectAsync(HttpStatusCode.NoContent);
        var roomLog = Entries(await gateway.Operator().GetJsonAsync($"/api/audit?room={Uri.EscapeDataString(room)}"));
        Assert.Equal(["console-token.issued", "console-token.revoked"], roomLog.Select(e => e.Str("action")));
        Assert.All(roomLog, e => Assert.Equal(issued.Str("id"), e.Str("subject")));
    }

    [Fact]
    public async Task Only_operators_read_the_log_and_nobody_changes_it()
    {
        var cso = await gateway.RegisterAsync("cso");
        await (await gateway.Client().GetAsync("/api/audit?wg=29")).UnauthorizedAsync();
        await gateway.Client(cso.Token).GetAsync($"/api/audit?organisationId={cso.Id}").ExpectAsync(HttpStatusCode.Forbidden);
        foreach (var method in new[] { HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch })
        {
            using var attempt = await gateway.Operator().SendAsync(new HttpRequestMessage(method, $"/api/audit?organisationId={cso.Id}")
            {
                Content = JsonContent.Create(new { entries = Array.Empty<object>() }),
            });
            Assert.Equal(HttpStatusCode.MethodNotAllowed, attempt.StatusCode);
        }
        Assert.Single(Entries(await gateway.Operator().GetJsonAsync($"/api/audit?organisationId={cso.Id}")));
    }

    [Theory]
    [InlineData("", "query")]
    [InlineData("?sur=FRA&room=XXIV", "sur")]
    [InlineData("?wg=29&room=XXIV", "query")]
    [InlineData("?wg=abc", "wg")]
    [InlineData("?wg=29&sur=fra", "sur")]
    [InlineData("?organisationId=nobody", "organisationId")]
    [InlineData("?wg=29&after=abc", "after")]
    [InlineData("?wg=29&after=-1", "after")]
    [InlineData("?wg=29&limit=0", "limit")]
    [InlineData("?wg=29&limit=1001", "limit")]
    public async Task A_malformed_question_names_what_is_wrong(string query, string field) =>
        await (await gateway.Operator().GetAsync($"/api/audit{query}")).ValidationProblemAsync(field);

    private static string TraceId(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode}");
        return Assert.Single(response.Headers.GetValues("traceparent")).Split('-')[1];
    }

    private static List<JsonElement> Entries(JsonElement log) => [.. log.GetProperty("entries").EnumerateArray()];
}
