using System.Net;
using System.Text.Json;

namespace PreSessions.FunctionalTests.Timekeeping;

/// <summary>
/// GET .../timer/events and GET /api/rooms/{room}/events through the gateway, as a display reads them: the present at
/// once, then every change in version order, heartbeats when quiet, and the room following whichever timer is live.
/// </summary>
public sealed class LiveEventsTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private HttpClient Operator => gateway.Operator();

    private Task<EventStream> Follow(Scene scene) => EventStream.OpenAsync(gateway.Client(), $"{scene.Timer}/events");

    private Task<EventStream> FollowRoom(string room) => EventStream.OpenAsync(gateway.Client(), $"/api/rooms/{room}/events");

    /// <summary>A timer event: its id is its version, its data the snapshot GET .../timer answers.</summary>
    private static JsonElement AssertTimer(ServerEvent e)
    {
        Assert.True(e.Type == "timer", $"Expected a timer event, got {e}");
        var snapshot = e.Json;
        Timekeeping.AssertShape(snapshot);
        Assert.Equal(snapshot.Long("version").ToString(), e.Id);
        return snapshot;
    }

    private static void AssertSame(JsonElement expected, JsonElement actual)
    {
        foreach (var property in new[] { "wg", "sur", "room", "state", "itemIndex", "itemCount", "remainingMs", "version", "message" })
            Assert.Equal(expected.GetProperty(property).GetRawText(), actual.GetProperty(property).GetRawText());
        Assert.Equal(expected.GetProperty("item").GetRawText(), actual.GetProperty("item").GetRawText());
        Assert.Equal(expected.GetProperty("deadline").GetRawText(), actual.GetProperty("deadline").GetRawText());
    }

    /// <summary>
    /// Advances the fake clock by the heartbeat period until a heartbeat comes: the stream arms its wait only once it
    /// has written its last event, which the client may see first.
    /// </summary>
    private async Task<JsonElement> Heartbeat(EventStream stream)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            gateway.Advance(15);
            if (await stream.TryNextAsync(TimeSpan.FromSeconds(3)) is { } e)
            {
                Assert.True(e.Type == "heartbeat", $"Expected a heartbeat, got {e}");
                var beat = e.Json;
                Assert.Equal(["serverTime"], beat.Names());
                Assert.Equal(gateway.Clock.GetUtcNow(), beat.Time("serverTime"));
                return beat;
            }
        }
        throw new TimeoutException("No heartbeat after 5 heartbeat periods.");
    }

    [Fact]
    public async Task A_stream_begins_with_the_timer_now()
    {
        var scene = await gateway.SceneAsync(speakers: 1);

        await using var stream = await Follow(scene);

        Assert.True(stream.Response.Headers.CacheControl?.NoCache, "A stream is never cached");
        var first = AssertTimer(await stream.NextAsync());
        AssertSame(await gateway.TimerNowAsync(scene), first);
        Assert.Equal(("idle", 0L), (first.Str("state"), first.Long("version")));
    }

    [Fact]
    public async Task Every_change_arrives_in_version_order_and_none_is_missed()
    {
        var scene = await gateway.SceneAsync(speakers: 2);
        await using var stream = await Follow(scene);
        Assert.Equal(0, AssertTimer(await stream.NextAsync()).Long("version"));

        var answers = new List<JsonElement>
        {
            await Operator.DoAsync(scene, "start"),
            await Operator.DoAsync(scene, "pause"),
            await Operator.DoAsync(scene, "extend", 30),
            await Operator.DoAsync(scene, "resume"),
            await Operator.DoAsync(scene, "next"),
        };

        foreach (var answer in answers)
            AssertSame(answer, AssertTimer(await stream.NextNotHeartbeatAsync()));
        Assert.Equal([1L, 2L, 3L, 4L, 5L], answers.Select(a => a.Long("version")).ToArray());
        await stream.ExpectQuietAsync(TimeSpan.FromMilliseconds(500));
    }

    [Fact]
    public async Task Commands_in_quick_succession_all_arrive_in_order()
    {
        var scene = await gateway.SceneAsync(speakers: 3);
        await using var stream = await Follow(scene);
        AssertTimer(await stream.NextAsync());
        await Operator.DoAsync(scene, "start");
        Assert.Equal(1, AssertTimer(await stream.NextAsync()).Long("version"));

        for (var i = 0; i < 5; i++)
            await Operator.DoAsync(scene, "next");

        var versions = new List<long>();
        for (var i = 0; i < 5; i++)
            versions.Add(AssertTimer(await stream.NextNotHeartbeatAsync()).Long("version"));
        Assert.Equal([2L, 3L, 4L, 5L, 6L], versions);
    }

    [Fact]
    public async Task Messages_to_the_speaker_are_events_too()
    {
        var scene = await gateway.SceneAsync();
        await using var stream = await Follow(scene);
        AssertTimer(await stream.NextAsync());

        using var said = await Operator.PutAsync($"{scene.Timer}/message", Http.Raw("""{"text":"Slow down"}"""));
        said.EnsureSuccessStatusCode();

        var e = AssertTimer(await stream.NextNotHeartbeatAsync());
        Assert.Equal(("Slow down", 1L), (e.Str("message"), e.Long("version")));
    }

    [Fact]
    public async Task A_quiet_stream_sends_heartbeats_with_the_server_time()
    {
        var scene = await gateway.SceneAsync();
        await using var stream = await Follow(scene);
        AssertTimer(await stream.NextAsync());

        await Heartbeat(stream);
        await Heartbeat(stream);

        // And the timer events keep coming after heartbeats.
        var started = await Operator.DoAsync(scene, "start");
        AssertSame(started, AssertTimer(await stream.NextNotHeartbeatAsync()));
    }

    [Fact]
    public async Task A_display_that_reconnects_starts_from_the_latest_timer()
    {
        var scene = await gateway.SceneAsync(speakers: 1);
        await using (var first = await Follow(scene))
        {
            AssertTimer(await first.NextAsync());
            await Operator.DoAsync(scene, "start");
            Assert.Equal(1, AssertTimer(await first.NextAsync()).Long("version"));
        }

        gateway.Advance(42);
        await Operator.DoAsync(scene, "next");
        gateway.Advance(8);
        var latest = await Operator.DoAsync(scene, "extend", 60);

        await using var again = await Follow(scene);
        var now = AssertTimer(await again.NextAsync());
        Assert.Equal((3L, "3", 1, 480_000L - 8_000), (now.Long("version"), now.Long("version").ToString(), now.Int("itemIndex"), now.Long("remainingMs")));
        AssertSame(latest, now);
        await again.ExpectQuietAsync(TimeSpan.FromMilliseconds(500));
    }

    [Fact]
    public async Task Every_display_of_a_timer_gets_every_change()
    {
        var scene = await gateway.SceneAsync();
        await using var one = await Follow(scene);
        await using var two = await Follow(scene);
        AssertTimer(await one.NextAsync());
        AssertTimer(await two.NextAsync());

        var started = await Operator.DoAsync(scene, "start");
        var paused = await Operator.DoAsync(scene, "pause");

        foreach (var stream in new[] { one, two })
        {
            AssertSame(started, AssertTimer(await stream.NextNotHeartbeatAsync()));
            AssertSame(paused, AssertTimer(await stream.NextNotHeartbeatAsync()));
        }

        // One display leaves; the other still follows.
        await one.DisposeAsync();
        var resumed = await Operator.DoAsync(scene, "resume");
        AssertSame(resumed, AssertTimer(await two.NextNotHeartbeatAsync()));
    }

    [Fact]
    public async Task The_room_feed_follows_whichever_timer_is_live()
    {
        var scene = await gateway.SceneAsync(speakers: 1);
        await using var room = await FollowRoom(scene.Room);

        var idle = await room.ExpectAsync("room");
        Assert.Equal(["room", "live"], idle.Names());
        Assert.Equal(scene.Room, idle.Str("room"));
        Assert.True(idle.IsNull("live"));
        await room.ExpectQuietAsync(TimeSpan.FromMilliseconds(300));

        var started = await Operator.DoAsync(scene, "start");
        var live = await room.ExpectAsync("room");
        Assert.Equal(scene.Room, live.Str("room"));
        Assert.Equal(["wg", "sur"], live.GetProperty("live").Names());
        Assert.Equal((scene.Wg, "FRA"), (live.GetProperty("live").Int("wg"), live.GetProperty("live").Str("sur")));
        AssertSame(started, AssertTimer(await room.NextNotHeartbeatAsync()));

        var paused = await Operator.DoAsync(scene, "pause");
        AssertSame(paused, AssertTimer(await room.NextNotHeartbeatAsync()));
        var next = await Operator.DoAsync(scene, "next");
        AssertSame(next, AssertTimer(await room.NextNotHeartbeatAsync()));

        await Operator.DoAsync(scene, "end");
        // The ended timer may or may not show before the room says nothing is live any more.
        var after = await room.NextNotHeartbeatAsync();
        if (after.Type == "timer")
        {
            Assert.Equal("ended", AssertTimer(after).Str("state"));
            after = await room.NextNotHeartbeatAsync();
        }
        Assert.True(after.Type == "room", $"Expected a room event, got {after}");
        Assert.True(after.Json.IsNull("live"));
    }

    [Fact]
    public async Task A_room_feed_opened_while_a_timer_runs_begins_with_it()
    {
        var scene = await gateway.SceneAsync(speakers: 1);
        await Operator.DoAsync(scene, "start");
        gateway.Advance(30);
        var paused = await Operator.DoAsync(scene, "pause");

        await using var room = await FollowRoom(scene.Room);

        var live = await room.ExpectAsync("room");
        Assert.Equal((scene.Wg, "FRA"), (live.GetProperty("live").Int("wg"), live.GetProperty("live").Str("sur")));
        var timer = AssertTimer(await room.NextAsync());
        AssertSame(paused, timer);
        Assert.Equal(270_000, timer.Long("remainingMs"));
    }

    [Fact]
    public async Task The_room_passes_from_one_pre_session_to_the_next()
    {
        var wg = await gateway.CreateWgSessionAsync();
        var roomName = "Passing-" + Guid.NewGuid().ToString("N")[..8];
        await gateway.SchedulePreSessionAsync(wg, "FRA", room: roomName, startsAt: "2017-12-12T10:00:00+01:00");
        await gateway.SchedulePreSessionAsync(wg, "DEU", room: roomName, startsAt: "2017-12-12T11:15:00+01:00");
        var (fra, deu) = (new Scene(wg, "FRA", roomName, []), new Scene(wg, "DEU", roomName, []));
        await using var room = await FollowRoom(roomName);
        Assert.True((await room.ExpectAsync("room")).IsNull("live"));

        await Operator.DoAsync(fra, "start");
        Assert.Equal("FRA", (await room.ExpectAsync("room")).GetProperty("live").Str("sur"));
        Assert.Equal("FRA", AssertTimer(await room.NextNotHeartbeatAsync()).Str("sur"));
        await Operator.DoAsync(fra, "end");
        var cleared = await room.NextNotHeartbeatAsync();
        if (cleared.Type == "timer")
            cleared = await room.NextNotHeartbeatAsync();
        Assert.True(cleared.Json.IsNull("live"), $"Expected the room to be clear, got {cleared}");

        var started = await Operator.DoAsync(deu, "start");
        Assert.Equal("DEU", (await room.ExpectAsync("room")).GetProperty("live").Str("sur"));
        AssertSame(started, AssertTimer(await room.NextNotHeartbeatAsync()));
        // The ended FRA timer says nothing more on this feed.
        var deuNext = await Operator.DoAsync(deu, "pause");
        AssertSame(deuNext, AssertTimer(await room.NextNotHeartbeatAsync()));
    }

    [Fact]
    public async Task A_quiet_room_feed_sends_heartbeats()
    {
        var scene = await gateway.SceneAsync();
        await using var room = await FollowRoom(scene.Room);
        await room.ExpectAsync("room");

        await Heartbeat(room);
    }

    [Fact]
    public async Task A_room_shows_its_bookings_and_what_is_live()
    {
        var scene = await gateway.SceneAsync();

        var before = await gateway.Client().GetJsonAsync($"/api/rooms/{scene.Room}");
        Assert.Equal(["room", "live", "preSessions"], before.Names());
        Assert.True(before.IsNull("live"));
        var booking = Assert.Single(before.GetProperty("preSessions").EnumerateArray());
        Assert.Equal(["wg", "sur", "stateName", "startsAt", "endsAt"], booking.Names());
        Assert.Equal((scene.Wg, "FRA", "France"), (booking.Int("wg"), booking.Str("sur"), booking.Str("stateName")));
        Assert.Equal(new DateTimeOffset(2017, 12, 12, 9, 0, 0, TimeSpan.Zero), booking.Time("startsAt"));
        Assert.Equal(new DateTimeOffset(2017, 12, 12, 10, 0, 0, TimeSpan.Zero), booking.Time("endsAt"));

        await Operator.DoAsync(scene, "start");
        var live = (await gateway.Client().GetJsonAsync($"/api/rooms/{scene.Room}")).GetProperty("live");
        Assert.Equal((scene.Wg, "FRA"), (live.Int("wg"), live.Str("sur")));

        await Operator.DoAsync(scene, "end");
        Assert.True((await gateway.Client().GetJsonAsync($"/api/rooms/{scene.Room}")).IsNull("live"));
    }

    [Fact]
    public async Task Events_of_an_unknown_pre_session_or_an_unbooked_room_are_404()
    {
        var scene = await gateway.SceneAsync();

        foreach (var url in new[]
        {
            $"/api/wg-sessions/{scene.Wg}/pre-sessions/DEU/timer/events",
            $"/api/wg-sessions/{gateway.NextWg()}/pre-sessions/FRA/timer/events",
            $"/api/rooms/Unbooked-{Guid.NewGuid():N}/events",
            $"/api/rooms/Unbooked-{Guid.NewGuid():N}",
        })
        {
            using var timeout = new CancellationTokenSource(EventStream.Patience);
            using var response = await gateway.Client().GetAsync(url, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode); // before reading: a stream's body never ends
            await response.ProblemAsync(HttpStatusCode.NotFound);
        }
        using (var malformed = await gateway.Client().GetAsync($"/api/wg-sessions/{scene.Wg}/pre-sessions/fr/timer/events", HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
            await malformed.ValidationProblemAsync("sur");
        }
    }

    [Fact]
    public async Task A_room_with_a_console_token_but_no_booking_is_404()
    {
        var room = "Tokened-" + Guid.NewGuid().ToString("N")[..8];
        await gateway.ConsoleTokenAsync(room);

        using var response = await gateway.Client().GetAsync($"/api/rooms/{room}");
        await response.ProblemAsync(HttpStatusCode.NotFound);
        using var events = await gateway.Client().GetAsync($"/api/rooms/{room}/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.NotFound, events.StatusCode); // before reading: a stream's body never ends
        await events.ProblemAsync(HttpStatusCode.NotFound);
    }
}
