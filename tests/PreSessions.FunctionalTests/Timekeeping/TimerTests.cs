using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static PreSessions.FunctionalTests.Timekeeping.Timekeeping;

namespace PreSessions.FunctionalTests.Timekeeping;

/// <summary>
/// GET and POST .../timer/{command}: the lifecycle with the fake clock's exact numbers, the commands that do not fit,
/// the validation of extend, and a console's retried command.
/// </summary>
public sealed class TimerTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private HttpClient Operator => gateway.Operator();

    private DateTimeOffset Now => gateway.Clock.GetUtcNow();

    [Fact]
    public async Task Before_the_start_the_timer_shows_the_first_item_at_full_time()
    {
        var scene = await gateway.SceneAsync(speakers: 2);

        var idle = await gateway.TimerNowAsync(scene);

        Assert.Equal((scene.Wg, "FRA", scene.Room, "idle"), (idle.Int("wg"), idle.Str("sur"), idle.Str("room"), idle.Str("state")));
        Assert.Equal(("opening", "Opening by France", (string?)null, 5 * Minute), idle.Item());
        Assert.Equal(("speaker", scene.Panel[0].Name, (string?)scene.Panel[0].Id, 7 * Minute), idle.Item("nextItem"));
        Assert.Equal((0, 6), (idle.Int("itemIndex"), idle.Int("itemCount")));
        Assert.Equal(5 * Minute, idle.Long("remainingMs"));
        Assert.True(idle.IsNull("deadline"));
        Assert.True(idle.IsNull("message"));
        Assert.Equal(0, idle.Long("version"));
        Assert.Equal(60_000, idle.Long("warningMs"));
        Assert.Equal(Now, idle.Time("serverTime"));
    }

    [Fact]
    public async Task The_whole_lifecycle_counts_exactly_by_the_clock()
    {
        var scene = await gateway.SceneAsync(speakers: 2);
        var t0 = Now;

        var started = await Operator.DoAsync(scene, "start");
        Assert.Equal(("running", 0, 5 * Minute, 1L), (started.Str("state"), started.Int("itemIndex"), started.Long("remainingMs"), started.Long("version")));
        Assert.Equal(t0 + TimeSpan.FromMinutes(5), started.Time("deadline"));
        Assert.Equal(t0, started.Time("serverTime"));

        gateway.Advance(90);
        var running = await gateway.TimerNowAsync(scene);
        Assert.Equal(210_000, running.Long("remainingMs"));
        Assert.Equal(t0 + TimeSpan.FromMinutes(5), running.Time("deadline"));
        Assert.Equal(Now, running.Time("serverTime"));
        Assert.Equal(1, running.Long("version"));

        var paused = await Operator.DoAsync(scene, "pause");
        Assert.Equal(("paused", 210_000L, 2L), (paused.Str("state"), paused.Long("remainingMs"), paused.Long("version")));
        Assert.True(paused.IsNull("deadline"));
        gateway.Advance(120);
        Assert.Equal(210_000, (await gateway.TimerNowAsync(scene)).Long("remainingMs"));

        var t1 = Now;
        var resumed = await Operator.DoAsync(scene, "resume");
        Assert.Equal(("running", 210_000L, 3L), (resumed.Str("state"), resumed.Long("remainingMs"), resumed.Long("version")));
        Assert.Equal(t1 + TimeSpan.FromSeconds(210), resumed.Time("deadline"));

        gateway.Advance(30);
        var extended = await Operator.DoAsync(scene, "extend", 60);
        Assert.Equal((240_000L, 6 * Minute, 4L), (extended.Long("remainingMs"), extended.Item().AllottedMs, extended.Long("version")));
        Assert.Equal(t1 + TimeSpan.FromSeconds(270), extended.Time("deadline"));
        var shortened = await Operator.DoAsync(scene, "extend", -60);
        Assert.Equal((180_000L, 5 * Minute, 5L), (shortened.Long("remainingMs"), shortened.Item().AllottedMs, shortened.Long("version")));
        Assert.Equal(t1 + TimeSpan.FromSeconds(210), shortened.Time("deadline"));

        // The floor passes to the first speaker, with the full allotment.
        var speaker = await Operator.DoAsync(scene, "next");
        Assert.Equal(("running", 1, 7 * Minute, 6L), (speaker.Str("state"), speaker.Int("itemIndex"), speaker.Long("remainingMs"), speaker.Long("version")));
        Assert.Equal(("speaker", scene.Panel[0].Name, (string?)scene.Panel[0].Id, 7 * Minute), speaker.Item());
        Assert.Equal(("speaker", scene.Panel[1].Name, (string?)scene.Panel[1].Id, 7 * Minute), speaker.Item("nextItem"));
        Assert.Equal(Now + TimeSpan.FromMinutes(7), speaker.Time("deadline"));

        gateway.Advance(100);
        // Back to the opening: it kept the 120 s it had used (90 + 30).
        var back = await Operator.DoAsync(scene, "previous");
        Assert.Equal(("running", 0, 180_000L, 7L), (back.Str("state"), back.Int("itemIndex"), back.Long("remainingMs"), back.Long("version")));
        Assert.Equal(Now + TimeSpan.FromSeconds(180), back.Time("deadline"));
        gateway.Advance(20);
        Assert.Equal(160_000, (await gateway.TimerNowAsync(scene)).Long("remainingMs"));

        // And forward again: the speaker kept the 100 s used.
        var again = await Operator.DoAsync(scene, "next");
        Assert.Equal((1, 320_000L, 8L), (again.Int("itemIndex"), again.Long("remainingMs"), again.Long("version")));

        // Overrun: the time left goes negative, the deadline is in the past.
        gateway.Advance(400);
        var overrun = await gateway.TimerNowAsync(scene);
        Assert.Equal(-80_000, overrun.Long("remainingMs"));
        Assert.Equal(Now - TimeSpan.FromSeconds(80), overrun.Time("deadline"));

        var pausedInOverrun = await Operator.DoAsync(scene, "pause");
        Assert.Equal(("paused", -80_000L), (pausedInOverrun.Str("state"), pausedInOverrun.Long("remainingMs")));
        gateway.Advance(10);
        await Operator.DoAsync(scene, "resume");
        gateway.Advance(5);

        var ended = await Operator.DoAsync(scene, "end");
        Assert.Equal(("ended", 1, -85_000L, 11L), (ended.Str("state"), ended.Int("itemIndex"), ended.Long("remainingMs"), ended.Long("version")));
        Assert.True(ended.IsNull("deadline"));

        gateway.Advance(60);
        var after = await gateway.TimerNowAsync(scene);
        Assert.Equal(("ended", -85_000L, 11L), (after.Str("state"), after.Long("remainingMs"), after.Long("version")));
    }

    [Fact]
    public async Task A_paused_timer_moves_between_items_without_running()
    {
        var scene = await gateway.SceneAsync(speakers: 1);
        await Operator.DoAsync(scene, "start");
        gateway.Advance(50);
        await Operator.DoAsync(scene, "pause");

        var next = await Operator.DoAsync(scene, "next");
        Assert.Equal(("paused", 1, 7 * Minute), (next.Str("state"), next.Int("itemIndex"), next.Long("remainingMs")));
        Assert.True(next.IsNull("deadline"));
        gateway.Advance(30);
        Assert.Equal(7 * Minute, (await gateway.TimerNowAsync(scene)).Long("remainingMs"));

        var extended = await Operator.DoAsync(scene, "extend", 30);
        Assert.Equal(("paused", 450_000L), (extended.Str("state"), extended.Long("remainingMs")));

        var previous = await Operator.DoAsync(scene, "previous");
        Assert.Equal(("paused", 0, 250_000L), (previous.Str("state"), previous.Int("itemIndex"), previous.Long("remainingMs")));
    }

    [Fact]
    public async Task Every_command_that_does_not_fit_the_state_is_409()
    {
        var scene = await gateway.SceneAsync(speakers: 1); // opening, speaker, moderator, qa, closing

        foreach (var command in new[] { "pause", "resume", "next", "previous", "end" })
            await gateway.RefusedAsync(scene, command);
        await gateway.RefusedAsync(scene, "extend", 60);

        await Operator.DoAsync(scene, "start");
        await gateway.RefusedAsync(scene, "start");
        await gateway.RefusedAsync(scene, "resume");
        await gateway.RefusedAsync(scene, "previous"); // the first item
        await gateway.RefusedAsync(scene, "extend", -301); // the opening has 300 s
        await gateway.RefusedAsync(scene, "extend", -600);

        await Operator.DoAsync(scene, "pause");
        await gateway.RefusedAsync(scene, "start");
        await gateway.RefusedAsync(scene, "pause");
        await Operator.DoAsync(scene, "resume");

        for (var i = 1; i <= 4; i++)
            Assert.Equal(i, (await Operator.DoAsync(scene, "next")).Int("itemIndex"));
        await gateway.RefusedAsync(scene, "next"); // the last item

        await Operator.DoAsync(scene, "end");
        foreach (var command in new[] { "start", "pause", "resume", "next", "previous", "end" })
            await gateway.RefusedAsync(scene, command);
        await gateway.RefusedAsync(scene, "extend", 60);
        using var message = await Operator.PutAsJsonAsync($"{scene.Timer}/message", new { text = "Too late" });
        await message.ProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task An_item_may_be_shortened_to_nothing_but_not_below()
    {
        var scene = await gateway.SceneAsync();
        await Operator.DoAsync(scene, "start");

        var nothing = await Operator.DoAsync(scene, "extend", -300);
        Assert.Equal((0L, 0L), (nothing.Item().AllottedMs, nothing.Long("remainingMs")));
        await gateway.RefusedAsync(scene, "extend", -1);

        var most = await Operator.DoAsync(scene, "extend", 3600);
        Assert.Equal(3600_000L, most.Item().AllottedMs);
    }

    [Theory]
    [InlineData(null, "seconds")]
    [InlineData("{}", "seconds")]
    [InlineData("""{"seconds":null}""", "seconds")]
    [InlineData("""{"seconds":0}""", "seconds")]
    [InlineData("""{"seconds":3601}""", "seconds")]
    [InlineData("""{"seconds":-601}""", "seconds")]
    [InlineData("""{"seconds":2147483647}""", "seconds")]
    [InlineData("""{"seconds":-2147483648}""", "seconds")]
    [InlineData("""{"seconds":"60"}""", "seconds")]
    [InlineData("""{"seconds":1.5}""", "seconds")]
    [InlineData("""{"seconds":true}""", "seconds")]
    public async Task Extend_rejects_a_missing_or_malformed_number_of_seconds(string? json, string field)
    {
        var scene = await gateway.SceneAsync();
        await Operator.DoAsync(scene, "start");

        using var response = await Operator.PostAsync($"{scene.Timer}/extend", json is null ? null : Http.Raw(json));

        await response.ValidationProblemAsync(field);
        var timer = await gateway.TimerNowAsync(scene);
        Assert.Equal((1L, 5 * Minute), (timer.Long("version"), timer.Item().AllottedMs));
    }

    [Theory]
    [InlineData(3601)]
    [InlineData(-601)]
    public async Task Extend_out_of_range_tells_the_range_the_client_may_send(int seconds)
    {
        var scene = await gateway.SceneAsync();
        await Operator.DoAsync(scene, "start");

        using var response = await Operator.TimerAsync(scene, "extend", new { seconds });

        var problem = await response.ValidationProblemAsync("seconds");
        var message = problem.GetProperty("errors").GetProperty("seconds")[0].GetString()!;
        Assert.Contains("-600", message);
        Assert.Contains("3600", message);
    }

    [Theory]
    [InlineData("restart")]
    [InlineData("stop")]
    [InlineData("message")]
    public async Task An_unknown_command_is_404(string command)
    {
        var scene = await gateway.SceneAsync();

        using var response = await Operator.TimerAsync(scene, command);

        await response.ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0, (await gateway.TimerNowAsync(scene)).Long("version"));
    }

    [Fact]
    public async Task The_timer_of_an_unknown_pre_session_is_404()
    {
        var scene = await gateway.SceneAsync();
        var unknownWg = gateway.NextWg(); // never created

        foreach (var url in new[] { $"/api/wg-sessions/{scene.Wg}/pre-sessions/DEU/timer", $"/api/wg-sessions/{unknownWg}/pre-sessions/FRA/timer" })
        {
            using var get = await gateway.Client().GetAsync(url);
            await get.ProblemAsync(HttpStatusCode.NotFound);
            using var start = await Operator.PostAsync($"{url}/start", null);
            await start.ProblemAsync(HttpStatusCode.NotFound);
            using var extend = await Operator.PostAsJsonAsync($"{url}/extend", new { seconds = 60 });
            await extend.ProblemAsync(HttpStatusCode.NotFound);
            using var message = await Operator.PutAsJsonAsync($"{url}/message", new { text = "Hello" });
            await message.ProblemAsync(HttpStatusCode.NotFound);
        }
    }

    [Theory]
    [MemberData(nameof(MalformedKeys.PreSessionAddresses), MemberType = typeof(MalformedKeys))]
    public async Task A_malformed_wg_or_sur_is_400(string wg, string sur, string field)
    {
        var url = $"/api/wg-sessions/{wg}/pre-sessions/{sur}/timer";

        using var get = await gateway.Client().GetAsync(url);
        await get.ValidationProblemAsync(field);
        using var start = await Operator.PostAsync($"{url}/start", null);
        await start.ValidationProblemAsync(field);
        using var message = await Operator.PutAsJsonAsync($"{url}/message", new { text = "Hello" });
        await message.ValidationProblemAsync(field);
    }

    [Fact]
    public async Task A_replayed_next_does_not_move_the_floor_twice()
    {
        var scene = await gateway.SceneAsync(speakers: 2);
        await Operator.DoAsync(scene, "start");
        var key = "console-next-" + Guid.NewGuid();

        var first = await Operator.DoAsync(scene, "next", idempotencyKey: key);
        var replay = await Operator.DoAsync(scene, "next", idempotencyKey: key);

        Assert.Equal((1, 2L), (first.Int("itemIndex"), first.Long("version")));
        Assert.Equal((1, 2L), (replay.Int("itemIndex"), replay.Long("version")));
        Assert.Equal(1, (await gateway.TimerNowAsync(scene)).Int("itemIndex"));

        // Another key is another command; the replay of an old key answers the timer as it is now.
        var second = await Operator.DoAsync(scene, "next", idempotencyKey: "console-next-" + Guid.NewGuid());
        Assert.Equal((2, 3L), (second.Int("itemIndex"), second.Long("version")));
        gateway.Advance(5);
        var late = await Operator.DoAsync(scene, "next", idempotencyKey: key);
        Assert.Equal((2, 3L, 7 * Minute - 5_000), (late.Int("itemIndex"), late.Long("version"), late.Long("remainingMs")));

        // A key on a refused command is not spent: the same key works once the command fits.
        var pauseKey = "console-pause-" + Guid.NewGuid();
        await Operator.DoAsync(scene, "pause", idempotencyKey: pauseKey);
        await Operator.DoAsync(scene, "resume", idempotencyKey: "resume-" + pauseKey);
        using var pauseAgain = await Operator.TimerAsync(scene, "pause", idempotencyKey: pauseKey);
        Assert.Equal("running", (await pauseAgain.JsonAsync(HttpStatusCode.OK)).Str("state"));
    }

    [Fact]
    public async Task A_refused_command_does_not_spend_its_idempotency_key()
    {
        var scene = await gateway.SceneAsync(speakers: 1);
        var key = "console-pause-" + Guid.NewGuid();

        using var early = await Operator.TimerAsync(scene, "pause", idempotencyKey: key); // idle: refused
        await early.ProblemAsync(HttpStatusCode.Conflict);
        await Operator.DoAsync(scene, "start");

        var paused = await Operator.DoAsync(scene, "pause", idempotencyKey: key);
        Assert.Equal("paused", paused.Str("state"));
    }

    [Fact]
    public async Task A_key_used_for_another_command_is_409_and_changes_nothing()
    {
        var scene = await gateway.SceneAsync(speakers: 2);
        var key = "console-" + Guid.NewGuid();
        var started = await Operator.DoAsync(scene, "start", idempotencyKey: key);

        foreach (var (command, seconds) in new (string, int?)[] { ("pause", null), ("next", null), ("extend", 60), ("end", null) })
        {
            var before = await AuditAsync(scene);
            using var reused = await Operator.TimerAsync(scene, command, seconds is null ? null : new { seconds }, key);
            var problem = await reused.ProblemAsync(HttpStatusCode.Conflict);
            Assert.Contains("Idempotency-Key", problem.Str("detail"));
            var now = await gateway.TimerNowAsync(scene);
            Assert.Equal(("running", 0, started.Long("version")), (now.Str("state"), now.Int("itemIndex"), now.Long("version")));
            Assert.Equal(before, await AuditAsync(scene));
        }

        // The same command with the same key is still a replay, answered with the timer as it is now.
        var replay = await Operator.DoAsync(scene, "start", idempotencyKey: key);
        Assert.Equal(("running", started.Long("version")), (replay.Str("state"), replay.Long("version")));
    }

    [Fact]
    public async Task An_extension_replayed_with_another_number_of_seconds_is_409()
    {
        var scene = await gateway.SceneAsync(speakers: 1);
        await Operator.DoAsync(scene, "start");
        var key = "extend-" + Guid.NewGuid();
        var extended = await Operator.DoAsync(scene, "extend", seconds: 60, idempotencyKey: key);

        using var other = await Operator.TimerAsync(scene, "extend", new { seconds = 30 }, key);
        await other.ProblemAsync(HttpStatusCode.Conflict);
        var same = await Operator.DoAsync(scene, "extend", seconds: 60, idempotencyKey: key);

        Assert.Equal(extended.Item().AllottedMs, same.Item().AllottedMs);
        Assert.Equal(extended.Long("version"), (await gateway.TimerNowAsync(scene)).Long("version"));
    }

    [Fact]
    public async Task The_operator_and_the_rooms_console_share_a_timers_keys()
    {
        var scene = await gateway.SceneAsync(speakers: 2);
        var console = gateway.Client(await gateway.ConsoleTokenAsync(scene.Room));
        var key = "shared-" + Guid.NewGuid();
        await console.DoAsync(scene, "start", idempotencyKey: key);

        using var byOperator = await Operator.TimerAsync(scene, "next", idempotencyKey: key);
        await byOperator.ProblemAsync(HttpStatusCode.Conflict);
        var replayByOperator = await Operator.DoAsync(scene, "start", idempotencyKey: key);

        Assert.Equal((0, 1L), (replayByOperator.Int("itemIndex"), replayByOperator.Long("version")));
    }

    private async Task<string> AuditAsync(Scene scene) =>
        (await Operator.GetJsonAsync($"/api/audit?wg={scene.Wg}&sur={scene.Sur}")).GetRawText();

    [Fact]
    public async Task An_idempotency_key_over_200_characters_is_400()
    {
        var scene = await gateway.SceneAsync();

        using var response = await Operator.TimerAsync(scene, "start", idempotencyKey: new string('k', 201));

        await response.ValidationProblemAsync("Idempotency-Key");
        Assert.Equal("idle", (await gateway.TimerNowAsync(scene)).Str("state"));
    }

    [Fact]
    public async Task A_message_to_the_speaker_shows_until_cleared_or_the_floor_passes()
    {
        var scene = await gateway.SceneAsync(speakers: 1);

        using var idle = await Operator.PutAsJsonAsync($"{scene.Timer}/message", new { text = "  Please be brief  " });
        var said = await idle.JsonAsync(HttpStatusCode.OK);
        Assert.Equal(("Please be brief", 1L, "idle"), (said.Str("message"), said.Long("version"), said.Str("state")));
        // The same message again changes nothing.
        using var same = await Operator.PutAsJsonAsync($"{scene.Timer}/message", new { text = "Please be brief" });
        Assert.Equal(1, (await same.JsonAsync(HttpStatusCode.OK)).Long("version"));

        await Operator.DoAsync(scene, "start");
        Assert.Equal("Please be brief", (await gateway.TimerNowAsync(scene)).Str("message"));
        var next = await Operator.DoAsync(scene, "next");
        Assert.True(next.IsNull("message"));

        using var again = await Operator.PutAsJsonAsync($"{scene.Timer}/message", new { text = "One minute" });
        Assert.Equal("One minute", (await again.JsonAsync(HttpStatusCode.OK)).Str("message"));
        using var cleared = await Operator.DeleteAsync($"{scene.Timer}/message");
        var clearedBody = await cleared.JsonAsync(HttpStatusCode.OK);
        Assert.True(clearedBody.IsNull("message"));
        Assert.Equal(next.Long("version") + 2, clearedBody.Long("version"));

        using var wrapUp = await Operator.PutAsJsonAsync($"{scene.Timer}/message", new { text = "Wrap up" });
        Assert.Equal("Wrap up", (await wrapUp.JsonAsync(HttpStatusCode.OK)).Str("message"));
        var ended = await Operator.DoAsync(scene, "end");
        Assert.True(ended.IsNull("message"));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"text":null}""")]
    [InlineData("""{"text":""}""")]
    [InlineData("""{"text":"   "}""")]
    [InlineData("""{"text":"LONG201"}""")]
    [InlineData("""{"text":"line\nbreak"}""")]
    [InlineData("""{"text":5}""")]
    public async Task A_malformed_message_is_400_naming_text(string json)
    {
        var scene = await gateway.SceneAsync();

        using var response = await Operator.PutAsync($"{scene.Timer}/message", Http.Raw(json.Replace("LONG201", new string('m', 201))));

        await response.ValidationProblemAsync("text");
        Assert.True((await gateway.TimerNowAsync(scene)).IsNull("message"));
    }
}
