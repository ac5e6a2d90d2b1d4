using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace PreSessions.FunctionalTests.Releases;

/// <summary>POST and GET /api/wg-sessions/{wg}/releases: numbered snapshots of the week with a changelog.</summary>
public sealed class ReleasesTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    [Fact]
    public async Task A_release_is_numbered_from_one_and_answers_its_status_and_time()
    {
        var wg = await gateway.NewPreSessionAsync();

        var first = await gateway.Operator().PublishAsync(wg, "provisional", "First schedule.");
        gateway.Clock.Advance(TimeSpan.FromHours(2));
        var second = await gateway.Operator().PublishAsync(wg, "confirmed", "Dates confirmed by the UN.");

        Assert.Equal((1, "provisional"), (first.Int("number"), first.Str("status")));
        Assert.Equal((2, "confirmed"), (second.Int("number"), second.Str("status")));
        // The server's clock, in UTC: the second release two hours of the fake clock after the first.
        Assert.EndsWith("Z", first.Str("publishedAt"));
        Assert.Equal(TimeSpan.FromHours(2), second.GetProperty("publishedAt").GetDateTimeOffset() - first.GetProperty("publishedAt").GetDateTimeOffset());
        var list = (await gateway.Client().GetJsonAsync($"/api/wg-sessions/{wg}/releases")).EnumerateArray().ToArray();
        Assert.Equal([1, 2], list.Select(r => r.Int("number")));
        Assert.Equal(["First schedule.", "Dates confirmed by the UN."], list.Select(r => r.Str("changelog")));
    }

    [Fact]
    public async Task A_release_keeps_the_week_as_it_was_published()
    {
        var wg = await gateway.CreateWgSessionAsync();
        await gateway.SchedulePreSessionAsync(wg, "FRA", startsAt: "2017-12-12T10:00:00+01:00", room: "XXIV");
        await gateway.SchedulePreSessionAsync(wg, "MLI", startsAt: "2017-12-12T11:30:00+01:00", room: "XXV");
        await gateway.Operator().PublishAsync(wg, "provisional", "First schedule.");

        await gateway.SchedulePreSessionAsync(wg, "FRA", startsAt: "2017-12-13T15:00:00+01:00", room: "XXIV");

        var release = await gateway.Client().GetJsonAsync($"/api/wg-sessions/{wg}/releases/1");
        var fra = release.GetProperty("preSessions").EnumerateArray().Single(p => p.Str("sur") == "FRA");
        Assert.Equal(("2017-12-12T09:00:00Z", "tentative", 0), (fra.Str("startsAt"), fra.Str("status"), fra.Int("sequence")));
        Assert.Equal("First schedule.", release.Str("changelog"));
        Assert.Equal(2, release.GetProperty("preSessions").GetArrayLength());
    }

    [Fact]
    public async Task A_changelog_keeps_its_lines()
    {
        var wg = await gateway.NewPreSessionAsync();

        var release = await gateway.Operator().PublishAsync(wg, "provisional", "  France moves to Wednesday.\r\nMali: room XXV.\n  ");

        Assert.Equal("France moves to Wednesday.\nMali: room XXV.", release.Str("changelog"));
    }

    [Fact]
    public async Task The_same_idempotency_key_answers_the_same_release_and_publishes_nothing_more()
    {
        var wg = await gateway.NewPreSessionAsync();
        var body = new { status = "provisional", changelog = "First schedule." };

        using var first = await gateway.Operator().SendAsync(HttpMethod.Post, $"/api/wg-sessions/{wg}/releases", JsonContent.Create(body), "release-1");
        gateway.Clock.Advance(TimeSpan.FromMinutes(5));
        using var again = await gateway.Operator().SendAsync(HttpMethod.Post, $"/api/wg-sessions/{wg}/releases", JsonContent.Create(body), "release-1");

        var answer = await first.JsonAsync(HttpStatusCode.Created);
        Assert.Equal(answer.GetRawText(), (await again.JsonAsync(HttpStatusCode.Created)).GetRawText());
        Assert.Equal(1, (await gateway.Client().GetJsonAsync($"/api/wg-sessions/{wg}/releases")).GetArrayLength());
    }

    [Fact]
    public async Task Cancelled_pre_sessions_stay_cancelled_until_a_release_names_none()
    {
        var wg = await gateway.CreateWgSessionAsync();
        await gateway.SchedulePreSessionAsync(wg, "FRA");
        await gateway.SchedulePreSessionAsync(wg, "TON", startsAt: "2017-12-12T11:30:00+01:00");

        var dropped = await gateway.Operator().PublishAsync(wg, "provisional", "Tonga: too few applications.", cancelled: ["TON"]);
        var kept = await gateway.Operator().PublishAsync(wg, "confirmed", "Confirmed.");
        var reinstated = await gateway.Operator().PublishAsync(wg, "confirmed", "Tonga after all.", cancelled: []);

        Assert.Equal(["TON"], dropped.GetProperty("cancelled").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(["TON"], kept.GetProperty("cancelled").EnumerateArray().Select(s => s.GetString()));
        Assert.Empty(reinstated.GetProperty("cancelled").EnumerateArray());
    }

    [Fact]
    public async Task Every_malformed_field_is_named_in_one_400_and_nothing_is_published()
    {
        var wg = await gateway.NewPreSessionAsync();

        using var response = await gateway.Operator().PostAsync($"/api/wg-sessions/{wg}/releases",
            Http.Raw("""{"status":"final","changelog":"  ","cancelled":["fra"]}"""));

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["cancelled[0]", "changelog", "status"], problem.GetProperty("errors").Names().Order());
        Assert.Equal(0, (await gateway.Client().GetJsonAsync($"/api/wg-sessions/{wg}/releases")).GetArrayLength());
    }

    [Theory]
    [InlineData("""{"changelog":"x"}""", "status")]
    [InlineData("""{"status":"confirmed"}""", "changelog")]
    [InlineData("""{"status":"confirmed","changelog":"bell \u0007"}""", "changelog")]
    public async Task A_missing_or_malformed_field_is_400(string body, string field)
    {
        var wg = await gateway.NewPreSessionAsync();

        using var response = await gateway.Operator().PostAsync($"/api/wg-sessions/{wg}/releases", Http.Raw(body));

        await response.ValidationProblemAsync(field);
    }

    [Fact]
    public async Task A_changelog_over_the_limit_is_400()
    {
        var wg = await gateway.NewPreSessionAsync();

        using var response = await gateway.Operator().PostAsJsonAsync($"/api/wg-sessions/{wg}/releases",
            new { status = "provisional", changelog = new string('x', 4001) });

        await response.ValidationProblemAsync("changelog");
    }

    [Fact]
    public async Task An_unknown_wg_session_is_404_and_a_week_without_pre_sessions_409()
    {
        var empty = await gateway.CreateWgSessionAsync();
        var body = new { status = "provisional", changelog = "x" };

        using var unknown = await gateway.Operator().PostAsJsonAsync("/api/wg-sessions/994/releases", body);
        using var nothing = await gateway.Operator().PostAsJsonAsync($"/api/wg-sessions/{empty}/releases", body);
        using var list = await gateway.Client().GetAsync("/api/wg-sessions/994/releases");
        using var none = await gateway.Client().GetAsync($"/api/wg-sessions/{empty}/releases/1");

        await unknown.ProblemAsync(HttpStatusCode.NotFound);
        await nothing.ProblemAsync(HttpStatusCode.Conflict);
        await list.ProblemAsync(HttpStatusCode.NotFound);
        await none.ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Cancelling_a_pre_session_the_week_does_not_hold_is_409()
    {
        var wg = await gateway.NewPreSessionAsync();

        using var response = await gateway.Operator().PostAsJsonAsync($"/api/wg-sessions/{wg}/releases",
            new { status = "provisional", changelog = "x", cancelled = new[] { "MLI" } });

        var problem = await response.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("MLI", problem.Str("detail"));
        Assert.Equal(0, (await gateway.Client().GetJsonAsync($"/api/wg-sessions/{wg}/releases")).GetArrayLength());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("one")]
    public async Task A_malformed_release_number_is_400(string number)
    {
        var wg = await gateway.NewPreSessionAsync();

        using var response = await gateway.Client().GetAsync($"/api/wg-sessions/{wg}/releases/{number}");

        await response.ValidationProblemAsync("number");
    }

    [Fact]
    public async Task A_release_is_in_the_audit_log()
    {
        var wg = await gateway.NewPreSessionAsync();
        await gateway.Operator().PublishAsync(wg, "confirmed", "Confirmed.");

        var audit = await gateway.Operator().GetJsonAsync($"/api/audit?wg={wg}");

        var entry = Assert.Single(audit.GetProperty("entries").EnumerateArray(), e => e.Str("action") == "schedule.released");
        Assert.Equal(("operator", "release 1"), (entry.Str("actor"), entry.Str("subject")));
    }
}

/// <summary>Publishing a release, as the operator does it in most tests.</summary>
public static class ReleaseRequests
{
    public static async Task<JsonElement> PublishAsync(this HttpClient op, int wg, string status, string changelog, string[]? cancelled = null)
    {
        using var response = await op.PostAsJsonAsync($"/api/wg-sessions/{wg}/releases", new { status, changelog, cancelled });
        return await response.JsonAsync(HttpStatusCode.Created);
    }
}
