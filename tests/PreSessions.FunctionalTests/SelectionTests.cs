using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace PreSessions.FunctionalTests;

/// <summary>Review mode through the API: pending answers, the operator's selection, what each organisation then sees.</summary>
public sealed class SelectionTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private async Task<int> ReviewedAsync(int panelSize = 2, object? more = null)
    {
        var wg = await gateway.CreateWgSessionAsync();
        using var response = await gateway.Operator().PutAsJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/FRA", new
        {
            startsAt = "2017-12-12T10:00:00+01:00", durationMinutes = 60, room = "XXIV", panelSize, seats = 40, selection = "review",
        });
        var created = await response.JsonAsync(HttpStatusCode.Created);
        Assert.Equal(("review", 3, false, 0), (created.Str("selection"), created.Int("minimumApplications"), created.GetProperty("reserveNhriPlace").GetBoolean(), created.Int("pendingCount")));
        return wg;
    }

    private Task<HttpResponseMessage> SelectAsync(int wg, object selection) =>
        gateway.Operator().PostAsJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/FRA/selection", selection);

    private async Task<(string, int)> StandingAsync(Registered org)
    {
        var own = await gateway.Client(org.Token).GetJsonAsync($"/api/organisations/{org.Id}");
        var application = Assert.Single(own.GetProperty("applications").EnumerateArray());
        return (application.Str("status"), application.Int("position"));
    }

    [Fact]
    public async Task Applications_answer_pending_and_after_the_selection_each_organisation_sees_its_place()
    {
        var wg = await ReviewedAsync();
        var orgs = new List<Registered>();
        for (var i = 0; i < 5; i++)
        {
            var org = await gateway.RegisterAsync(i == 4 ? "nhri" : "cso");
            orgs.Add(org);
            using var applied = await gateway.Client(org.Token).ApplyAsync(wg, "FRA", $"Speaker {i}");
            var answer = await applied.JsonAsync(HttpStatusCode.Created);
            Assert.Equal(("pending", i + 1), (answer.Str("status"), answer.Int("position")));
        }

        using var selected = await SelectAsync(wg, new { panel = new[] { orgs[2].Id, orgs[0].Id }, waitlist = new[] { orgs[1].Id }, declined = new[] { orgs[3].Id } });

        var body = await selected.JsonAsync(HttpStatusCode.OK);
        Assert.Equal(["panel", "waitlist", "pending", "declined"], body.Names());
        string[] Ids(string list) => [.. body.GetProperty(list).EnumerateArray().Select(e => e.Str("organisationId"))];
        Assert.Equal([orgs[2].Id, orgs[0].Id], Ids("panel"));
        Assert.Equal([orgs[4].Id], Ids("pending"));
        Assert.Equal([("panel", 2), ("waitlist", 1), ("panel", 1), ("declined", 1), ("pending", 1)],
            await Task.WhenAll(orgs.Select(StandingAsync)));
        var preSession = await gateway.Client().GetJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/FRA");
        Assert.Equal((1, 1), (preSession.Int("waitlistCount"), preSession.Int("pendingCount")));
        Assert.Equal([orgs[2].Id, orgs[0].Id], preSession.GetProperty("panel").EnumerateArray().Select(p => p.Str("organisationId")).ToArray());

        // One arriving after the selection is pending too.
        var late = await gateway.RegisterAsync("cso");
        using var lateAnswer = await gateway.Client(late.Token).ApplyAsync(wg, "FRA", "Late");
        Assert.Equal(("pending", 2), ((await lateAnswer.JsonAsync(HttpStatusCode.Created)).Str("status"), 2));
    }

    [Fact]
    public async Task A_selection_naming_a_stranger_or_too_many_is_409_and_changes_nothing()
    {
        var wg = await ReviewedAsync(panelSize: 1);
        var (a, b, stranger) = (await gateway.RegisterAsync("cso"), await gateway.RegisterAsync("cso"), await gateway.RegisterAsync("cso"));
        await gateway.Client(a.Token).ApplyAsync(wg, "FRA", "A").ExpectAsync(HttpStatusCode.Created);
        await gateway.Client(b.Token).ApplyAsync(wg, "FRA", "B").ExpectAsync(HttpStatusCode.Created);

        using var strangers = await SelectAsync(wg, new { panel = new[] { a.Id }, declined = new[] { stranger.Id } });
        Assert.Contains(stranger.Id, (await strangers.ProblemAsync(HttpStatusCode.Conflict)).Str("detail"));
        using var oversized = await SelectAsync(wg, new { panel = new[] { a.Id, b.Id } });
        Assert.Contains("has 1 places", (await oversized.ProblemAsync(HttpStatusCode.Conflict)).Str("detail"));

        Assert.Equal(("pending", 1), await StandingAsync(a));
        Assert.Equal(("pending", 2), await StandingAsync(b));
    }

    public static TheoryData<string, string> MalformedSelections => new()
    {
        { "panel", """{"waitlist":[]}""" },
        { "panel[0]", """{"panel":["not-an-id"]}""" },
        { "waitlist[0]", """{"panel":[],"waitlist":[null]}""" },
        { "declined[0]", """{"panel":["org-abcdefghijklmnop"],"declined":["org-abcdefghijklmnop"]}""" },
    };

    [Theory]
    [MemberData(nameof(MalformedSelections))]
    public async Task A_malformed_selection_is_a_400_naming_its_field(string field, string body)
    {
        var wg = await ReviewedAsync();
        using var response = await gateway.Operator().SendAsync(HttpMethod.Post, $"/api/wg-sessions/{wg}/pre-sessions/FRA/selection", Http.Raw(body));

        await response.ValidationProblemAsync(field);
    }

    public static TheoryData<string, object> MalformedSettings => new()
    {
        { "selection", new { selection = "lottery" } },
        { "minimumApplications", new { minimumApplications = -1 } },
    };

    [Theory]
    [MemberData(nameof(MalformedSettings))]
    public async Task A_malformed_selection_setting_is_a_400_naming_it(string field, object setting)
    {
        var wg = await gateway.CreateWgSessionAsync();
        var plan = JsonSerializer.SerializeToNode(new { startsAt = "2017-12-12T10:00:00+01:00", durationMinutes = 60, room = "XXIV", panelSize = 6, seats = 40 })!.AsObject();
        foreach (var (name, value) in JsonSerializer.SerializeToNode(setting, GatewayFactory.Json)!.AsObject().ToList())
            plan[name] = value?.DeepClone();

        using var response = await gateway.Operator().PutAsJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/FRA", plan);

        await response.ValidationProblemAsync(field);
    }
}
