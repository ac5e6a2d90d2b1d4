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
