using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static PreSessions.FunctionalTests.Timekeeping.Timekeeping;

namespace PreSessions.FunctionalTests.Timekeeping;

/// <summary>GET, PUT and DELETE .../rundown: derived from the panel unless the operator sets it, fixed once the timer starts.</summary>
public sealed class RundownTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private HttpClient Operator => gateway.Operator();

    private async Task<JsonElement> Rundown(Scene scene)
    {
        var rundown = await gateway.Client().GetJsonAsync($"{scene.Url}/rundown");
        Assert.Equal(["wg", "sur", "derived", "items", "totalSeconds"], rundown.Names());
        Assert.Equal((scene.Wg, scene.Sur), (rundown.Int("wg"), rundown.Str("sur")));
        return rundown;
    }

    private static (string Kind, string Title, string? OrganisationId, int Seconds)[] Items(JsonElement rundown) =>
    [
        .. rundown.GetProperty("items").EnumerateArray().Select(i =>
        {
            Assert.Equal(["kind", "title", "organisationId", "allottedSeconds"], i.Names());
            return (i.Str("kind"), i.Str("title"), i.GetProperty("organisationId").GetString(), i.Int("allottedSeconds"));
        }),
    ];

    private static (string, string, string?, int) Speaker(Registered org, int seconds) => ("speaker", org.Name, org.Id, seconds);

    private Task<HttpResponseMessage> Put(Scene scene, object body) => Operator.PutAsJsonAsync($"{scene.Url}/rundown", body);

    [Fact]
    public async Task The_rundown_is_derived_from_the_panel_and_names_organisations_not_speakers()
    {
        var scene = await gateway.SceneAsync(speakers: 3);

        var rundown = await Rundown(scene);

        Assert.True(rundown.GetProperty("derived").GetBoolean());
        Assert.Equal(
        [
            ("opening", "Opening by France", null, 300),
            Speaker(scene.Panel[0], 420),
            Speaker(scene.Panel[1], 420),
            Speaker(scene.Panel[2], 420),
            ("moderator", "Moderator's questions", null, 300),
            ("qa", "Questions from Permanent Missions", null, 60 * 60 - 13 * 60 - 3 * 420),
            ("closing", "Closing", null, 180),
        ], Items(rundown));
        Assert.Equal(3600, rundown.Int("totalSeconds"));
        Assert.DoesNotContain("Speaker Person", rundown.GetRawText());

        var timer = await gateway.TimerNowAsync(scene);
        Assert.Equal(7, timer.Int("itemCount"));
        Assert.Equal(("speaker", scene.Panel[0].Name, (string?)scene.Panel[0].Id, 7 * Minute), timer.Item("nextItem"));
    }

    [Fact]
    public async Task Speakers_share_the_hour_rounded_down_to_half_minutes()
    {
        // 50 minutes: (50 - 23) / 4 = 6 min 45 s each, rounded down to 6 min 30 s; the Q&A takes what is left.
        var scene = await gateway.SceneAsync(speakers: 4, durationMinutes: 50);

        var rundown = await Rundown(scene);

        var items = Items(rundown);
        Assert.Equal([390, 390, 390, 390], items.Where(i => i.Kind == "speaker").Select(i => i.Seconds).ToArray());
        Assert.Equal(50 * 60 - 13 * 60 - 4 * 390, items.Single(i => i.Kind == "qa").Seconds);
        Assert.Equal(3000, rundown.Int("totalSeconds"));
    }

    [Fact]
    public async Task Only_the_panel_speaks_and_the_rundown_follows_it_until_the_start()
    {
        var scene = await gateway.SceneAsync(speakers: 3, panelSize: 2); // the third waits

        Assert.Equal([scene.Panel[0].Id, scene.Panel[1].Id], SpeakerIds(await Rundown(scene)));

        using (var withdrawn = await gateway.Client(scene.Panel[0].Token).WithdrawAsync(scene.Wg, scene.Sur, scene.Panel[0].Id))
            Assert.Equal(HttpStatusCode.NoContent, withdrawn.StatusCode);

        Assert.Equal([scene.Panel[1].Id, scene.Panel[2].Id], SpeakerIds(await Rundown(scene)));
        Assert.Equal(scene.Panel[1].Id, (await gateway.TimerNowAsync(scene)).Item("nextItem").OrganisationId);
    }

    private static string[] SpeakerIds(JsonElement rundown) =>
        [.. Items(rundown).Where(i => i.Kind == "speaker").Select(i => i.OrganisationId!)];

    [Fact]
    public async Task A_rundown_the_operator_sets_is_the_one_the_timer_runs()
    {
        var scene = await gateway.SceneAsync(speakers: 3);
        var (a, c) = (scene.Panel[0], scene.Panel[2]);

        using var put = await Put(scene, new
        {
            items = new object[]
            {
                new { kind = "opening", title = "  Welcome  ", allottedSeconds = 120 },
                new { kind = "speaker", title = "Jane Doe", organisationId = c.Id, allottedSeconds = 240 },
                new { kind = "speaker", organisationId = a.Id, allottedSeconds = 180 },
                new { kind = "qa", title = "Questions", organisationId = a.Id, allottedSeconds = 600 },
                new { kind = "closing", title = "Thanks", allottedSeconds = 60 },
            },
        });

        var set = await put.JsonAsync(HttpStatusCode.OK);
        (string, string, string?, int)[] expected =
        [
            ("opening", "Welcome", null, 120),
            Speaker(c, 240), // the organisation's name, not the title sent
            Speaker(a, 180),
            ("qa", "Questions", null, 600),
            ("closing", "Thanks", null, 60),
        ];
        Assert.False(set.GetProperty("derived").GetBoolean());
        Assert.Equal(expected, Items(set));
        Assert.Equal(1200, set.Int("totalSeconds"));
        var read = await Rundown(scene);
        Assert.False(read.GetProperty("derived").GetBoolean());
        Assert.Equal(expected, Items(read));

        var idle = await gateway.TimerNowAsync(scene);
        Assert.Equal((5, 120_000L), (idle.Int("itemCount"), idle.Long("remainingMs")));
        Assert.Equal(("opening", "Welcome", (string?)null, 120_000L), idle.Item());

        var started = await Operator.DoAsync(scene, "start");
        Assert.Equal((5, 120_000L), (started.Int("itemCount"), started.Long("remainingMs")));
        var first = await Operator.DoAsync(scene, "next");
        Assert.Equal(("speaker", c.Name, (string?)c.Id, 240_000L), first.Item());
        Assert.Equal(240_000, first.Long("remainingMs"));
        var second = await Operator.DoAsync(scene, "next");
        Assert.Equal(("speaker", a.Name, (string?)a.Id, 180_000L), second.Item());
        Assert.Equal(("qa", "Questions", (string?)null, 600_000L), second.Item("nextItem"));
    }

    [Fact]
    public async Task Delete_reverts_to_the_derived_rundown()
    {
        var scene = await gateway.SceneAsync(speakers: 2);
        var derived = Items(await Rundown(scene));
        using (var put = await Put(scene, new { items = new[] { new { kind = "qa", title = "Only questions", allottedSeconds = 3600 } } }))
            await put.JsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, (await gateway.TimerNowAsync(scene)).Int("itemCount"));

        using var deleted = await Operator.DeleteAsync($"{scene.Url}/rundown");

        var reverted = await deleted.JsonAsync(HttpStatusCode.OK);
        Assert.True(reverted.GetProperty("derived").GetBoolean());
        Assert.Equal(derived, Items(reverted));
        Assert.Equal(derived, Items(await Rundown(scene)));
        Assert.Equal(6, (await gateway.TimerNowAsync(scene)).Int("itemCount"));
    }

    [Fact]
    public async Task A_speaker_not_on_the_panel_is_409()
    {
        var scene = await gateway.SceneAsync(speakers: 3, panelSize: 2);
        var stranger = await gateway.RegisterAsync("cso");
        var waiting = scene.Panel[2];

        foreach (var org in new[] { stranger, waiting })
        {
            using var response = await Put(scene, new
            {
                items = new object[]
                {
                    new { kind = "speaker", organisationId = scene.Panel[0].Id, allottedSeconds = 300 },
                    new { kind = "speaker", organisationId = org.Id, allottedSeconds = 300 },
                },
            });
            await response.ProblemAsync(HttpStatusCode.Conflict);
        }
        Assert.True((await Rundown(scene)).GetProperty("derived").GetBoolean());
    }

    [Theory]
    [InlineData("{}", "items")]
    [InlineData("""{"items":null}""", "items")]
    [InlineData("""{"items":[]}""", "items")]
    [InlineData("""{"items":[null]}""", "items[0]")]
    [InlineData("""{"items":[{"title":"Opening","allottedSeconds":60}]}""", "items[0].kind")]
    [InlineData("""{"items":[{"kind":"keynote","title":"Opening","allottedSeconds":60}]}""", "items[0].kind")]
    [InlineData("""{"items":[{"kind":"Opening","title":"Opening","allottedSeconds":60}]}""", "items[0].kind")]
    [InlineData("""{"items":[{"kind":"opening","title":"Opening"}]}""", "items[0].allottedSeconds")]
    [InlineData("""{"items":[{"kind":"opening","title":"Opening","allottedSeconds":-1}]}""", "items[0].allottedSeconds")]
    [InlineData("""{"items":[{"kind":"opening","title":"Opening","allottedSeconds":14401}]}""", "items[0].allottedSeconds")]
    [InlineData("""{"items":[{"kind":"opening","title":"Opening","allottedSeconds":"60"}]}""", "items[0].allottedSeconds")]
    [InlineData("""{"items":[{"kind":"opening","allottedSeconds":60}]}""", "items[0].title")]
    [InlineData("""{"items":[{"kind":"opening","title":"  ","allottedSeconds":60}]}""", "items[0].title")]
    [InlineData("""{"items":[{"kind":"qa","title":"Q","allottedSeconds":60},{"kind":"closing","title":"LONG201","allottedSeconds":60}]}""", "items[1].title")]
    [InlineData("""{"items":[{"kind":"speaker","allottedSeconds":300}]}""", "items[0].organisationId")]
    [InlineData("""{"items":"opening"}""", "items")]
    public async Task A_malformed_rundown_is_400_naming_the_field(string json, string field)
    {
        var scene = await gateway.SceneAsync(speakers: 1);

        using var response = await Operator.PutAsync($"{scene.Url}/rundown", Http.Raw(json.Replace("LONG201", new string('t', 201))));

        await response.ValidationProblemAsync(field);
        Assert.True((await Rundown(scene)).GetProperty("derived").GetBoolean());
    }

    [Fact]
    public async Task More_than_40_items_is_400()
    {
        var scene = await gateway.SceneAsync();

        using var response = await Put(scene, new { items = Enumerable.Range(1, 41).Select(i => new { kind = "qa", title = $"Q {i}", allottedSeconds = 60 }).ToArray() });

        await response.ValidationProblemAsync("items");
    }

    [Fact]
    public async Task A_malformed_speaker_organisation_id_is_named_by_its_item()
    {
        var scene = await gateway.SceneAsync(speakers: 1);

        using var response = await Put(scene, new
        {
            items = new object[]
            {
                new { kind = "speaker", organisationId = scene.Panel[0].Id, allottedSeconds = 300 },
                new { kind = "speaker", organisationId = "nobody", allottedSeconds = 300 },
            },
        });

        await response.ValidationProblemAsync("items[1].organisationId");
    }

    [Fact]
    public async Task The_rundown_is_fixed_once_the_timer_starts()
    {
        var scene = await gateway.SceneAsync(speakers: 2);
        await Operator.DoAsync(scene, "start");

        using (var put = await Put(scene, new { items = new[] { new { kind = "qa", title = "Questions", allottedSeconds = 600 } } }))
            await put.ProblemAsync(HttpStatusCode.Conflict);
        using (var delete = await Operator.DeleteAsync($"{scene.Url}/rundown"))
            await delete.ProblemAsync(HttpStatusCode.Conflict);

        Assert.True((await Rundown(scene)).GetProperty("derived").GetBoolean());
        Assert.Equal(6, (await gateway.TimerNowAsync(scene)).Int("itemCount"));
    }

    [Fact]
    public async Task A_panel_change_after_the_start_does_not_shift_the_running_timer()
    {
        var scene = await gateway.SceneAsync(speakers: 3, panelSize: 2);
        var (a, b) = (scene.Panel[0], scene.Panel[1]);
        await Operator.DoAsync(scene, "start");

        using (var withdrawn = await gateway.Client(a.Token).WithdrawAsync(scene.Wg, scene.Sur, a.Id))
            Assert.Equal(HttpStatusCode.NoContent, withdrawn.StatusCode);

        var now = await gateway.TimerNowAsync(scene);
        Assert.Equal((0, 6), (now.Int("itemIndex"), now.Int("itemCount")));
        Assert.Equal(("speaker", a.Name, (string?)a.Id, 7 * Minute), now.Item("nextItem"));
        var first = await Operator.DoAsync(scene, "next");
        Assert.Equal(("speaker", a.Name, (string?)a.Id, 7 * Minute), first.Item());
        var second = await Operator.DoAsync(scene, "next");
        Assert.Equal(("speaker", b.Name, (string?)b.Id, 7 * Minute), second.Item());

        var report = await Operator.GetJsonAsync($"{scene.Url}/time-report");
        Assert.Equal([a.Id, b.Id], report.GetProperty("items").EnumerateArray()
            .Where(i => i.Str("kind") == "speaker").Select(i => i.Str("organisationId")).ToArray());
    }

    [Fact]
    public async Task The_rundown_read_after_the_start_is_the_one_the_timer_runs()
    {
        var scene = await gateway.SceneAsync(speakers: 3, panelSize: 2);
        var (a, b) = (scene.Panel[0], scene.Panel[1]);
        await Operator.DoAsync(scene, "start");

        using (var withdrawn = await gateway.Client(a.Token).WithdrawAsync(scene.Wg, scene.Sur, a.Id))
            Assert.Equal(HttpStatusCode.NoContent, withdrawn.StatusCode);

        // A console lists the rundown beside the timer: it must be the running order, not a new one from today's panel.
        Assert.Equal([a.Id, b.Id], SpeakerIds(await Rundown(scene)));
    }

    [Fact]
    public async Task The_rundown_of_an_unknown_pre_session_is_404_and_a_malformed_key_400()
    {
        var scene = await gateway.SceneAsync();
        var body = new { items = new[] { new { kind = "qa", title = "Questions", allottedSeconds = 600 } } };

        using (var get = await gateway.Client().GetAsync($"/api/wg-sessions/{scene.Wg}/pre-sessions/DEU/rundown"))
            await get.ProblemAsync(HttpStatusCode.NotFound);
        using (var put = await Operator.PutAsJsonAsync($"/api/wg-sessions/{scene.Wg}/pre-sessions/DEU/rundown", body))
            await put.ProblemAsync(HttpStatusCode.NotFound);
        using (var delete = await Operator.DeleteAsync($"/api/wg-sessions/{scene.Wg}/pre-sessions/DEU/rundown"))
            await delete.ProblemAsync(HttpStatusCode.NotFound);
        using (var malformed = await gateway.Client().GetAsync($"/api/wg-sessions/{scene.Wg}/pre-sessions/deu/rundown"))
            await malformed.ValidationProblemAsync("sur");
        using (var malformedPut = await Operator.PutAsJsonAsync($"/api/wg-sessions/0/pre-sessions/FRA/rundown", body))
            await malformedPut.ValidationProblemAsync("wg");
    }

    [Fact]
    public async Task Setting_the_rundown_needs_the_operator()
    {
        var scene = await gateway.SceneAsync(speakers: 1);
        var body = new { items = new[] { new { kind = "qa", title = "Questions", allottedSeconds = 600 } } };

        using (var anonymous = await gateway.Client().PutAsJsonAsync($"{scene.Url}/rundown", body))
            await anonymous.UnauthorizedAsync();
        using (var byOrganisation = await gateway.Client(scene.Panel[0].Token).PutAsJsonAsync($"{scene.Url}/rundown", body))
            await byOrganisation.ProblemAsync(HttpStatusCode.Forbidden);
        using (var deleteAnonymous = await gateway.Client().DeleteAsync($"{scene.Url}/rundown"))
            await deleteAnonymous.UnauthorizedAsync();
        Assert.True((await Rundown(scene)).GetProperty("derived").GetBoolean());
    }
}
