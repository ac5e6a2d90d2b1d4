using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using static PreSessions.FunctionalTests.Timekeeping.Timekeeping;

namespace PreSessions.FunctionalTests.Timekeeping;

/// <summary>GET .../time-report, .../time-report.csv and /api/wg-sessions/{wg}/time-report: the fair accounting of time.</summary>
public sealed class TimeReportTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private HttpClient Operator => gateway.Operator();

    private sealed record Row(int Index, string Kind, string Title, string? OrganisationId, long AllottedMs, long UsedMs, long OverrunMs);

    private async Task<(JsonElement Report, Row[] Rows)> Report(Scene scene)
    {
        var report = await Operator.GetJsonAsync($"{scene.Url}/time-report");
        Assert.Equal(["wg", "sur", "state", "items", "allottedMs", "usedMs", "overrunMs"], report.Names());
        Assert.Equal((scene.Wg, scene.Sur), (report.Int("wg"), report.Str("sur")));
        Row[] rows =
        [
            .. report.GetProperty("items").EnumerateArray().Select(i =>
            {
                Assert.Equal(["index", "kind", "title", "organisationId", "allottedMs", "usedMs", "overrunMs"], i.Names());
                return new Row(i.Int("index"), i.Str("kind"), i.Str("title"), i.GetProperty("organisationId").GetString(),
                    i.Long("allottedMs"), i.Long("usedMs"), i.Long("overrunMs"));
            }),
        ];
        return (report, rows);
    }

    /// <summary>
    /// An hour with two speakers, timed as a console would: the opening short, speaker A extended and overrunning,
    /// a pause in speaker B's time, a return to A, the moderator shortened into overrun, the Q&amp;A cut by the end.
    /// </summary>
    private async Task<Scene> ScriptedSessionAsync(int? wg = null, string sur = "FRA")
    {
        var scene = await gateway.SceneAsync(speakers: 2, wg: wg, sur: sur);
        await Operator.DoAsync(scene, "start");
        gateway.Advance(240);
        await Operator.DoAsync(scene, "next");             // A
        await Operator.DoAsync(scene, "extend", 60);       // A: 480 s
        gateway.Advance(500);
        await Operator.DoAsync(scene, "next");             // B
        gateway.Advance(100);
        await Operator.DoAsync(scene, "pause");
        gateway.Advance(50);                               // not counted
        await Operator.DoAsync(scene, "resume");
        gateway.Advance(200);
        await Operator.DoAsync(scene, "previous");         // back to A
        gateway.Advance(10);
        await Operator.DoAsync(scene, "next");             // B again
        gateway.Advance(20);
        await Operator.DoAsync(scene, "next");             // moderator
        gateway.Advance(330);
        await Operator.DoAsync(scene, "extend", -60);      // moderator: 240 s
        await Operator.DoAsync(scene, "next");             // Q&A
        gateway.Advance(1000);
        await Operator.DoAsync(scene, "end");
        gateway.Advance(120);                              // after the end nothing counts
        return scene;
    }

    private static Row[] Expected(Scene scene, string title = "Opening by France") =>
    [
        new(0, "opening", title, null, 300_000, 240_000, 0),
        new(1, "speaker", scene.Panel[0].Name, scene.Panel[0].Id, 480_000, 510_000, 30_000),
        new(2, "speaker", scene.Panel[1].Name, scene.Panel[1].Id, 420_000, 320_000, 0),
        new(3, "moderator", "Moderator's questions", null, 240_000, 330_000, 90_000),
        new(4, "qa", "Questions from Permanent Missions", null, 1_980_000, 1_000_000, 0),
        new(5, "closing", "Closing", null, 180_000, 0, 0),
    ];

    [Fact]
    public async Task The_report_accounts_every_item_of_a_timed_session()
    {
        var scene = await ScriptedSessionAsync();

        var (report, rows) = await Report(scene);

        Assert.Equal("ended", report.Str("state"));
        Assert.Equal(Expected(scene), rows);
        Assert.Equal((3_600_000L, 2_400_000L, 120_000L), (report.Long("allottedMs"), report.Long("usedMs"), report.Long("overrunMs")));
    }

    [Fact]
    public async Task While_running_the_report_counts_the_running_stretch()
    {
        var scene = await gateway.SceneAsync(speakers: 1);
        await Operator.DoAsync(scene, "start");
        gateway.Advance(100);
        await Operator.DoAsync(scene, "next");
        gateway.Advance(450);

        var (report, rows) = await Report(scene);

        Assert.Equal("running", report.Str("state"));
        Assert.Equal((300_000L, 100_000L, 0L), (rows[0].AllottedMs, rows[0].UsedMs, rows[0].OverrunMs));
        Assert.Equal((420_000L, 450_000L, 30_000L), (rows[1].AllottedMs, rows[1].UsedMs, rows[1].OverrunMs));
        Assert.Equal((550_000L, 30_000L), (report.Long("usedMs"), report.Long("overrunMs")));
    }

    [Fact]
    public async Task Before_the_start_the_report_is_the_rundown_with_nothing_used()
    {
        var scene = await gateway.SceneAsync(speakers: 2);

        var (report, rows) = await Report(scene);

        Assert.Equal("idle", report.Str("state"));
        Assert.Equal(6, rows.Length);
        Assert.All(rows, r => Assert.Equal((0L, 0L), (r.UsedMs, r.OverrunMs)));
        Assert.Equal([0, 1, 2, 3, 4, 5], rows.Select(r => r.Index).ToArray());
        Assert.Equal((3_600_000L, 0L, 0L), (report.Long("allottedMs"), report.Long("usedMs"), report.Long("overrunMs")));
    }

    [Fact]
    public async Task The_csv_report_has_the_same_numbers_in_seconds()
    {
        var scene = await ScriptedSessionAsync();

        using var response = await Operator.GetAsync($"{scene.Url}/time-report.csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.EndsWith("\r\n", text);
        var records = Csv.Parse(text);
        Assert.Equal(["wg", "sur", "index", "kind", "title", "organisationId", "allottedSeconds", "usedSeconds", "overrunSeconds"], records[0]);
        var expected = Expected(scene);
        Assert.Equal(expected.Length, records.Length - 1);
        for (var i = 0; i < expected.Length; i++)
        {
            var e = expected[i];
            Assert.Equal(
                [$"{scene.Wg}", "FRA", $"{e.Index}", e.Kind, e.Title, e.OrganisationId ?? "", $"{e.AllottedMs / 1000}", $"{e.UsedMs / 1000}", $"{e.OverrunMs / 1000}"],
                records[i + 1]);
        }
    }

    [Fact]
    public async Task The_csv_quotes_titles_and_defuses_formulas()
    {
        var scene = await gateway.SceneAsync();
        using (var put = await Operator.PutAsJsonAsync($"{scene.Url}/rundown", new
        {
            items = new[]
            {
                new { kind = "opening", title = "Opening, \"formal\"", allottedSeconds = 90 },
                new { kind = "qa", title = "=HYPERLINK(\"http://x\")", allottedSeconds = 30 },
                new { kind = "closing", title = "@Closing", allottedSeconds = 45 },
            },
        }))
            await put.JsonAsync(HttpStatusCode.OK);
        await Operator.DoAsync(scene, "start");
        gateway.Advance(1);
        await Operator.DoAsync(scene, "next");

        using var response = await Operator.GetAsync($"{scene.Url}/time-report.csv");
        var records = Csv.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(4, records.Length);
        Assert.Equal(("Opening, \"formal\"", "90", "1"), (records[1][4], records[1][6], records[1][7]));
        Assert.Equal("'=HYPERLINK(\"http://x\")", records[2][4]);
        Assert.Equal("'@Closing", records[3][4]);
    }

    [Fact]
    public async Task The_wg_report_totals_each_pre_session_and_the_session()
    {
        var wg = await gateway.CreateWgSessionAsync();
        var fra = await ScriptedSessionAsync(wg, "FRA");
        var deu = await gateway.SceneAsync(speakers: 1, wg: wg, sur: "DEU");
        await Operator.DoAsync(deu, "start");
        gateway.Advance(310);                              // the opening overruns by 10 s, still running

        var report = await Operator.GetJsonAsync($"/api/wg-sessions/{wg}/time-report");

        Assert.Equal(["wg", "preSessions", "allottedMs", "usedMs", "overrunMs"], report.Names());
        Assert.Equal(wg, report.Int("wg"));
        var bySur = report.GetProperty("preSessions").EnumerateArray().ToDictionary(p => p.Str("sur"));
        Assert.Equal(["DEU", "FRA"], bySur.Keys.Order().ToArray());
        foreach (var p in bySur.Values)
            Assert.Equal(["sur", "stateName", "state", "speakers", "itemsOverrun", "allottedMs", "usedMs", "overrunMs"], p.Names());

        var f = bySur["FRA"];
        Assert.Equal(("France", "ended", 2, 2), (f.Str("stateName"), f.Str("state"), f.Int("speakers"), f.Int("itemsOverrun")));
        Assert.Equal((3_600_000L, 2_400_000L, 120_000L), (f.Long("allottedMs"), f.Long("usedMs"), f.Long("overrunMs")));
        var d = bySur["DEU"];
        Assert.Equal(("Germany", "running", 1, 1), (d.Str("stateName"), d.Str("state"), d.Int("speakers"), d.Int("itemsOverrun")));
        Assert.Equal((3_600_000L, 310_000L, 10_000L), (d.Long("allottedMs"), d.Long("usedMs"), d.Long("overrunMs")));

        Assert.Equal((7_200_000L, 2_710_000L, 130_000L), (report.Long("allottedMs"), report.Long("usedMs"), report.Long("overrunMs")));
        Assert.Equal(fra.Wg, deu.Wg);
    }

    [Fact]
    public async Task Reports_of_unknown_pre_sessions_and_sessions_are_404_and_malformed_keys_400()
    {
        var scene = await gateway.SceneAsync();

        foreach (var url in new[]
        {
            $"/api/wg-sessions/{scene.Wg}/pre-sessions/DEU/time-report",
            $"/api/wg-sessions/{scene.Wg}/pre-sessions/DEU/time-report.csv",
            $"/api/wg-sessions/{gateway.NextWg()}/time-report",
        })
        {
            using var response = await Operator.GetAsync(url);
            await response.ProblemAsync(HttpStatusCode.NotFound);
        }
        using (var malformed = await Operator.GetAsync($"/api/wg-sessions/{scene.Wg}/pre-sessions/xx/time-report"))
            await malformed.ValidationProblemAsync("sur");
        using (var malformedWg = await Operator.GetAsync("/api/wg-sessions/abc/time-report"))
            await malformedWg.ValidationProblemAsync("wg");
    }

    [Fact]
    public async Task Reports_need_the_operator()
    {
        var scene = await gateway.SceneAsync(speakers: 1);

        foreach (var url in new[] { $"{scene.Url}/time-report", $"{scene.Url}/time-report.csv", $"/api/wg-sessions/{scene.Wg}/time-report" })
        {
            using var anonymous = await gateway.Client().GetAsync(url);
            await anonymous.UnauthorizedAsync();
            using var byOrganisation = await gateway.Client(scene.Panel[0].Token).GetAsync(url);
            await byOrganisation.ProblemAsync(HttpStatusCode.Forbidden);
        }
    }
}

/// <summary>An RFC 4180 reader: fields separated by commas, records by CRLF, quoted fields with doubled quotes.</summary>
public static class Csv
{
    public static string[][] Parse(string text)
    {
        var records = new List<string[]>();
        var record = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"' && field.Length == 0) quoted = true;
            else if (c == ',') { record.Add(field.ToString()); field.Clear(); }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                record.Add(field.ToString());
                field.Clear();
                records.Add([.. record]);
                record.Clear();
                i++;
            }
            else
            {
                Assert.False(c is '"' or '\r' or '\n', $"A bare {(int)c} at {i} in the CSV");
                field.Append(c);
            }
        }
        Assert.False(quoted, "An unterminated quoted field");
        if (field.Length > 0 || record.Count > 0)
        {
            record.Add(field.ToString());
            records.Add([.. record]);
        }
        return [.. records];
    }
}
