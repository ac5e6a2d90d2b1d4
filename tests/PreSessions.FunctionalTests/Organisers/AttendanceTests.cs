using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PreSessions.FunctionalTests.Timekeeping;

namespace PreSessions.FunctionalTests.Organisers;

/// <summary>
/// PUT .../attendance/{organisationId}: the room's console or the operator records at the door which Permanent Missions
/// came, with how many delegates, in the pre-session's ledger; GET .../attendance reads the ledger.
/// </summary>
public sealed class AttendanceTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private static string Attendance(Scene scene, string organisationId) => $"{scene.Url}/attendance/{organisationId}";

    private static Task<HttpResponseMessage> RecordAsync(HttpClient client, Scene scene, string organisationId, object body) =>
        client.PutAsJsonAsync(Attendance(scene, organisationId), body);

    private async Task<JsonElement> LedgerAsync(Scene scene, HttpClient? client = null)
    {
        var ledger = await (client ?? gateway.Operator()).GetJsonAsync($"{scene.Url}/attendance");
        Assert.Equal(["wg", "sur", "stateName", "missionsAttending", "delegates", "missions"], ledger.Names());
        return ledger;
    }

    private static (string Id, int Delegates)[] Missions(JsonElement ledger) =>
        [.. ledger.GetProperty("missions").EnumerateArray().Select(m => (m.Str("organisationId"), m.Int("delegates")))];

    private async Task<string[]> AuditActionsAsync(Scene scene) =>
        [.. (await gateway.Operator().GetJsonAsync($"/api/audit?wg={scene.Wg}&sur={scene.Sur}")).GetProperty("entries").EnumerateArray()
            .Select(e => e.Str("action")).Where(a => a.StartsWith("attendance.", StringComparison.Ordinal))];

    [Fact]
    public async Task The_rooms_console_records_missions_idempotently_and_zero_delegates_removes_one()
    {
        var scene = await gateway.SceneAsync();
        var console = gateway.Client(await gateway.ConsoleTokenAsync(scene.Room));
        var france = await gateway.RegisterAsync("mission", "Permanent Mission of France");
        var brazil = await gateway.RegisterAsync("mission", "Permanent Mission of Brazil");

        using (var recorded = await RecordAsync(console, scene, france.Id, new { delegates = 3 }))
        {
            var answer = await recorded.JsonAsync(HttpStatusCode.OK);
            Assert.Equal(["wg", "sur", "organisationId", "organisationName", "delegates"], answer.Names());
            Assert.Equal((scene.Wg, "FRA", france.Id, france.Name, 3),
                (answer.Int("wg"), answer.Str("sur"), answer.Str("organisationId"), answer.Str("organisationName"), answer.Int("delegates")));
        }
        await RecordAsync(gateway.Operator(), scene, brazil.Id, new { delegates = 1 }).ExpectAsync(HttpStatusCode.OK);
        // The same recording again: the same answer, and nothing logged twice.
        using (var again = await RecordAsync(console, scene, france.Id, new { delegates = 3 }))
            Assert.Equal(3, (await again.JsonAsync(HttpStatusCode.OK)).Int("delegates"));

        var ledger = await LedgerAsync(scene);
        Assert.Equal([(brazil.Id, 1), (france.Id, 3)], Missions(ledger)); // by name
        Assert.Equal((2, 4, "France"), (ledger.Int("missionsAttending"), ledger.Int("delegates"), ledger.Str("stateName")));
        var first = ledger.GetProperty("missions")[0];
        Assert.Equal(["organisationId", "organisationName", "delegates", "recordedAt"], first.Names());
        Assert.Equal(gateway.Clock.GetUtcNow(), first.GetProperty("recordedAt").GetDateTimeOffset());

        await RecordAsync(console, scene, france.Id, new { delegates = 2 }).ExpectAsync(HttpStatusCode.OK);
        using (var absent = await RecordAsync(console, scene, brazil.Id, new { delegates = 0 }))
            Assert.Equal(0, (await absent.JsonAsync(HttpStatusCode.OK)).Int("delegates"));
        await RecordAsync(console, scene, brazil.Id, new { delegates = 0 }).ExpectAsync(HttpStatusCode.OK);

        ledger = await LedgerAsync(scene, console);
        Assert.Equal([(france.Id, 2)], Missions(ledger));
        Assert.Equal(["attendance.recorded", "attendance.recorded", "attendance.recorded", "attendance.removed"], await AuditActionsAsync(scene));
    }

    [Fact]
    public async Task A_console_of_another_room_is_refused_and_nothing_is_recorded()
    {
        var scene = await gateway.SceneAsync();
        var elsewhere = await gateway.SceneAsync(sur: "DEU", wg: scene.Wg);
        var otherConsole = gateway.Client(await gateway.ConsoleTokenAsync(elsewhere.Room));
        var mission = await gateway.RegisterAsync("mission");

        using (var refused = await RecordAsync(otherConsole, scene, mission.Id, new { delegates = 2 }))
            await refused.ProblemAsync(HttpStatusCode.Forbidden);
        using (var read = await otherConsole.GetAsync($"{scene.Url}/attendance"))
            await read.ProblemAsync(HttpStatusCode.Forbidden);
        using (var asMission = await RecordAsync(gateway.Client(mission.Token), scene, mission.Id, new { delegates = 2 }))
            await asMission.ProblemAsync(HttpStatusCode.Forbidden);
        using (var anonymous = await RecordAsync(gateway.Client(), scene, mission.Id, new { delegates = 2 }))
            await anonymous.UnauthorizedAsync();

        Assert.Empty(Missions(await LedgerAsync(scene)));
        Assert.Empty(await AuditActionsAsync(scene));
        // The same console records in its own room.
        await RecordAsync(otherConsole, elsewhere, mission.Id, new { delegates = 2 }).ExpectAsync(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("{}", "delegates")]
    [InlineData("{\"delegates\":-1}", "delegates")]
    [InlineData("{\"delegates\":21}", "delegates")]
    [InlineData("{\"delegates\":null}", "delegates")]
    public async Task Malformed_delegates_are_400_naming_the_field(string body, string field)
    {
        var scene = await gateway.SceneAsync();
        var mission = await gateway.RegisterAsync("mission");
        using var response = await gateway.Operator().PutAsync(Attendance(scene, mission.Id), Http.Raw(body));
        await response.ValidationProblemAsync(field);
        Assert.Empty(Missions(await LedgerAsync(scene)));
    }

    [Fact]
    public async Task Malformed_keys_are_400_and_unknown_ones_404()
    {
        var scene = await gateway.SceneAsync();
        var mission = await gateway.RegisterAsync("mission");
        var op = gateway.Operator();
        var body = new { delegates = 1 };

        using (var response = await op.PutAsJsonAsync($"{scene.Url}/attendance/not-an-id", body))
            await response.ValidationProblemAsync("organisationId");
        using (var response = await op.PutAsJsonAsync($"/api/wg-sessions/{scene.Wg}/pre-sessions/fra/attendance/{mission.Id}", body))
            await response.ValidationProblemAsync("sur");
        using (var response = await op.PutAsJsonAsync($"/api/wg-sessions/{scene.Wg}/pre-sessions/BEL/attendance/{mission.Id}", body))
            await response.ProblemAsync(HttpStatusCode.NotFound);
        using (var response = await op.GetAsync($"/api/wg-sessions/{scene.Wg}/pre-sessions/BEL/attendance"))
            await response.ProblemAsync(HttpStatusCode.NotFound);
        using (var response = await op.PutAsJsonAsync($"{scene.Url}/attendance/org-abcdefghijklmnop", body))
            Assert.Contains("org-abcdefghijklmnop", (await response.ProblemAsync(HttpStatusCode.NotFound)).Str("detail"));
        Assert.Empty(Missions(await LedgerAsync(scene)));
    }

    [Fact]
    public async Task Only_permanent_missions_attend()
    {
        var scene = await gateway.SceneAsync();
        foreach (var kind in new[] { "cso", "nhri" })
        {
            var organisation = await gateway.RegisterAsync(kind);
            using var response = await RecordAsync(gateway.Operator(), scene, organisation.Id, new { delegates = 1 });
            Assert.Contains("Permanent Mission", (await response.ProblemAsync(HttpStatusCode.BadRequest)).Str("detail"));
        }
        Assert.Empty(Missions(await LedgerAsync(scene)));
    }
}
