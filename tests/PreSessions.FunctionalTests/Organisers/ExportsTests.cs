using System.Net;
using System.Net.Http.Json;
using CsvHelper;
using PreSessions.FunctionalTests.Timekeeping;

namespace PreSessions.FunctionalTests.Organisers;

/// <summary>GET /api/wg-sessions/{wg}/exports/{kind}.csv: the organisers' exports, read back with CsvHelper.</summary>
public sealed class ExportsTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    /// <summary>The export's header and rows (each a map of column to cell), read with CsvHelper.</summary>
    private async Task<(string[] Header, Dictionary<string, string>[] Rows)> ExportAsync(int wg, string kind)
    {
        using var response = await gateway.Operator().GetAsync($"/api/wg-sessions/{wg}/exports/{kind}.csv");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{kind}.csv answered {(int)response.StatusCode}: {text}");
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"wg{wg}-{kind}.csv", response.Content.Headers.ContentDisposition?.FileName);
        using var reader = CsvReader.FromText(text, CsvReaderOptions.Default with { Separator = ',' });
        var rows = new List<Dictionary<string, string>>();
        while (reader.Read())
            rows.Add(reader.Headers.Select((h, i) => (h, i)).ToDictionary(c => c.h, c => reader.GetString(c.i)));
        return ([.. reader.Headers], [.. rows]);
    }

    private static string Utc(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");

    [Fact]
    public async Task Attendance_has_one_row_per_mission_and_pre_session_and_neutralises_formulas()
    {
        var scene = await gateway.SceneAsync();
        await gateway.SchedulePreSessionAsync(scene.Wg, "LUX", startsAt: "2017-12-12T14:00:00+01:00", room: scene.Room);
        var formula = await gateway.RegisterAsync("mission", "=HYPERLINK(\"http://example.org\",\"Mission\")");
        var plus = await gateway.RegisterAsync("mission", "+Permanent Mission plus");
        var minus = await gateway.RegisterAsync("mission", "-Permanent Mission minus");
        var at = await gateway.RegisterAsync("mission", "@Permanent Mission at");
        var hyphen = await gateway.RegisterAsync("mission", "Mission of Timor-Leste");
        var op = gateway.Operator();
        foreach (var (mission, sur, delegates) in new[] { (formula, "FRA", 2), (plus, "FRA", 1), (minus, "LUX", 3), (at, "LUX", 1), (hyphen, "LUX", 4), (hyphen, "FRA", 2) })
            await op.PutAsJsonAsync($"/api/wg-sessions/{scene.Wg}/pre-sessions/{sur}/attendance/{mission.Id}", new { delegates }).ExpectAsync(HttpStatusCode.OK);

        var (header, rows) = await ExportAsync(scene.Wg, "attendance");

        Assert.Equal(["wg", "sur", "stateName", "startsAt", "organisationId", "organisationName", "delegates", "recordedAt"], header);
        // The week's order (FRA at 10:00, LUX at 14:00), then the ledger's (by name).
        Assert.Equal(
            [("FRA", plus.Id, "'+Permanent Mission plus", "1"), ("FRA", formula.Id, "'" + formula.Name, "2"), ("FRA", hyphen.Id, "Mission of Timor-Leste", "2"),
             ("LUX", minus.Id, "'-Permanent Mission minus", "3"), ("LUX", at.Id, "'@Permanent Mission at", "1"), ("LUX", hyphen.Id, "Mission of Timor-Leste", "4")],
            rows.Select(r => (r["sur"], r["organisationId"], r["organisationName"], r["delegates"])));
        Assert.All(rows, r => Assert.Equal(scene.Wg.ToString(), r["wg"]));
        Assert.Equal(["France", "France", "France", "Luxembourg", "Luxembourg", "Luxembourg"], rows.Select(r => r["stateName"]));
        Assert.Equal("2017-12-12T09:00:00Z", rows[0]["startsAt"]);
        Assert.Equal("2017-12-12T13:00:00Z", rows[^1]["startsAt"]);
        Assert.All(rows, r => Assert.Equal(gateway.Clock.GetUtcNow(), DateTimeOffset.Parse(r["recordedAt"])));
    }

    [Fact]
    public async Task Applications_panels_and_waitlists_carry_every_answer_and_the_speakers_name_whatever_the_consent()
    {
        var wg = await gateway.NewPreSessionAsync(panelSize: 1);
        var nhri = await gateway.RegisterAsync("nhri", "Commission nationale consultative des droits de l'homme");
        var cso = await gateway.RegisterAsync("cso", "-Rights, Watch & Co");
        var start = gateway.Clock.GetUtcNow(); // the class's clock, which its other tests advance too
        gateway.Clock.Advance(TimeSpan.FromMinutes(1));
        await gateway.Client(nhri.Token).ApplyAsync(wg, "FRA", Http.EveryQuestionAnswered("Ana Pérez-Martín", ["Women's rights", "Detention, prisons"]))
            .ExpectAsync(HttpStatusCode.Created);
        gateway.Clock.Advance(TimeSpan.FromMinutes(1));
        await gateway.Client(cso.Token).ApplyAsync(wg, "FRA", new { speakerName = "=1+1", themes = new[] { "@Civic space" } })
            .ExpectAsync(HttpStatusCode.Created);

        var (header, rows) = await ExportAsync(wg, "applications");
        Assert.Equal(
            ["wg", "sur", "stateName", "startsAt", "organisationId", "organisationName", "organisationKind", "status", "position", "appliedAt",
             "speakerName", "speakerGender", "scope", "ecosocStatus", "themes", "submissionUrl", "recommendationIds", "publishSpeakerName", "publishStatement"],
            header);
        Assert.Equal(2, rows.Length);
        var (first, second) = (rows[0], rows[1]);
        Assert.Equal(
            [$"{wg}", "FRA", "France", "2017-12-12T09:00:00Z", nhri.Id, nhri.Name, "nhri", "panel", "1", Utc(start.AddMinutes(1)),
             "Ana Pérez-Martín", "woman", "national", "true", "Women's rights; Detention, prisons", "https://example.org/upr/submission.pdf",
             "118.25; 118.26", "false", "true"],
            header.Select(h => first[h]));
        Assert.Equal(
            [cso.Id, "'-Rights, Watch & Co", "cso", "waitlist", "1", Utc(start.AddMinutes(2)), "'=1+1", "", "", "", "'@Civic space", "", "", "false", "false"],
            header.Skip(4).Select(h => second[h]));

        (header, rows) = await ExportAsync(wg, "panels");
        Assert.Equal(
            ["wg", "sur", "stateName", "startsAt", "position", "organisationId", "organisationName", "organisationKind",
             "speakerName", "speakerGender", "scope", "ecosocStatus", "themes"],
            header);
        Assert.Equal([(nhri.Id, "1", "Ana Pérez-Martín")], rows.Select(r => (r["organisationId"], r["position"], r["speakerName"])));

        (header, rows) = await ExportAsync(wg, "waitlists");
        Assert.Equal(
            ["wg", "sur", "stateName", "startsAt", "position", "organisationId", "organisationName", "organisationKind", "appliedAt",
             "speakerName", "speakerGender", "scope", "ecosocStatus", "themes"],
            header);
        Assert.Equal([(cso.Id, "1", "'=1+1", Utc(start.AddMinutes(2)))], rows.Select(r => (r["organisationId"], r["position"], r["speakerName"], r["appliedAt"])));
    }

    [Fact]
    public async Task Rsvps_list_the_queue_then_the_missions_that_declined()
    {
        var wg = await gateway.NewPreSessionAsync(seats: 3);
        var confirmed = await gateway.RegisterAsync("mission", "Permanent Mission of Brazil");
        var waiting = await gateway.RegisterAsync("mission", "+Permanent Mission of Chile");
        var declined = await gateway.RegisterAsync("mission", "Permanent Mission of Denmark");
        var start = gateway.Clock.GetUtcNow();
        await gateway.Client(confirmed.Token).RsvpAsync(wg, "FRA", confirmed.Id, new { attending = true, delegates = 2 }).ExpectAsync(HttpStatusCode.OK);
        gateway.Clock.Advance(TimeSpan.FromSeconds(30));
        await gateway.Client(waiting.Token).RsvpAsync(wg, "FRA", waiting.Id, new { attending = true, delegates = 2 }).ExpectAsync(HttpStatusCode.OK);
        await gateway.Client(declined.Token).RsvpAsync(wg, "FRA", declined.Id, new { attending = false }).ExpectAsync(HttpStatusCode.OK);

        var (header, rows) = await ExportAsync(wg, "rsvps");

        Assert.Equal(["wg", "sur", "stateName", "startsAt", "organisationId", "organisationName", "status", "delegates", "respondedAt"], header);
        Assert.Equal(
            [(confirmed.Id, confirmed.Name, "confirmed", "2", Utc(start)),
             (waiting.Id, "'+Permanent Mission of Chile", "waitlist", "2", Utc(start.AddSeconds(30))),
             (declined.Id, "", "declined", "0", "")],
            rows.Select(r => (r["organisationId"], r["organisationName"], r["status"], r["delegates"], r["respondedAt"])));
    }

    [Fact]
    public async Task A_week_without_attendance_exports_the_header_only()
    {
        var wg = await gateway.NewPreSessionAsync();
        var (header, rows) = await ExportAsync(wg, "attendance");
        Assert.Equal(8, header.Length);
        Assert.Empty(rows);
    }

    [Fact]
    public async Task An_unknown_kind_or_wg_session_is_404_and_a_malformed_number_400()
    {
        var wg = await gateway.NewPreSessionAsync();
        var op = gateway.Operator();
        foreach (var kind in new[] { "speakers", "Attendance", "attendance.csv" })
        {
            using var response = await op.GetAsync($"/api/wg-sessions/{wg}/exports/{kind}.csv");
            Assert.Contains("attendance.csv", (await response.ProblemAsync(HttpStatusCode.NotFound)).Str("detail"));
        }
        using (var response = await op.GetAsync($"/api/wg-sessions/{gateway.NextWg()}/exports/attendance.csv"))
            await response.ProblemAsync(HttpStatusCode.NotFound);
        using (var response = await op.GetAsync("/api/wg-sessions/0/exports/attendance.csv"))
            await response.ValidationProblemAsync("wg");
        using (var response = await gateway.Client().GetAsync($"/api/wg-sessions/{wg}/exports/attendance.csv"))
            await response.UnauthorizedAsync();
    }
}
