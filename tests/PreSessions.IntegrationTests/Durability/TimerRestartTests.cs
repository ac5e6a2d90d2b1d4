using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit.Abstractions;

namespace PreSessions.IntegrationTests.Durability;

/// <summary>
/// A speaker's time runs while the process holding the timer dies (SIGKILL: nothing is flushed on the way out). The
/// process that starts again on the same store resumes the timer with the right time left: the same deadline, the
/// same item, the same version, and a paused timer with exactly the time it had.
/// </summary>
public sealed class TimerRestartTests(ITestOutputHelper log)
{
    private const int Wg = 34;

    [Fact]
    public async Task A_running_and_a_paused_timer_resume_with_the_right_time_left_after_SIGKILL()
    {
        using var data = new TempDataDirectory();
        var operatorToken = "timer-operator-" + Guid.NewGuid().ToString("N");
        JsonElement running, paused;
        string console;

        await using (var first = await ServiceProcess.StartReadyAsync(data.Path, seedDemo: false, operatorToken))
        {
            try
            {
                var op = first.Client(operatorToken);
                await (await op.PutAsJsonAsync($"/api/wg-sessions/{Wg}",
                    new { title = "Pre-sessions for WG 34", venue = "Palais des Nations, Geneva", provisional = false }))
                    .JsonAsync(HttpStatusCode.Created);
                foreach (var (sur, hour) in new[] { ("FRA", 10), ("MLI", 11) })
                    await (await op.PutAsJsonAsync($"/api/wg-sessions/{Wg}/pre-sessions/{sur}",
                        new { startsAt = $"2019-05-06T{hour}:00:00+02:00", durationMinutes = 60, room = "XXIV", panelSize = 6, seats = 40 }))
                        .JsonAsync(HttpStatusCode.Created);
                console = (await (await op.PostAsync("/api/rooms/XXIV/console-tokens", null)).JsonAsync(HttpStatusCode.Created)).Str("token");

                await Command(first, console, "FRA", "start");
                await Command(first, console, "FRA", "next");
                running = await Command(first, console, "FRA", "extend", new { seconds = 45 });

                await Command(first, console, "MLI", "start");
                paused = await Command(first, console, "MLI", "pause");

                // Right after the last acknowledgement: the timers must already be on disk.
                first.Kill();
            }
            finally
            {
                log.WriteLine(first.Output);
            }
        }

        // The speaker's time keeps running while nothing runs at all.
        await Task.Delay(TimeSpan.FromSeconds(1));
        await using var second = await ServiceProcess.StartReadyAsync(data.Path, seedDemo: false, operatorToken);
        try
        {
            var resumed = await second.Http.GetJsonAsync($"/api/wg-sessions/{Wg}/pre-sessions/FRA/timer");
            Assert.Equal("running", resumed.Str("state"));
            Assert.Equal(running.Int("itemIndex"), resumed.Int("itemIndex"));
            Assert.Equal(running.GetProperty("version").GetInt64(), resumed.GetProperty("version").GetInt64());
            Assert.Equal(running.GetProperty("item").GetProperty("allottedMs").GetInt64(), resumed.GetProperty("item").GetProperty("allottedMs").GetInt64());
            var deadline = resumed.GetProperty("deadline").GetDateTimeOffset();
            Assert.Equal(running.GetProperty("deadline").GetDateTimeOffset(), deadline);
            // The time left is the deadline less the server's time now, which the restart did not stop.
            var remaining = resumed.GetProperty("remainingMs").GetInt64();
            Assert.InRange(remaining, (long)(deadline - resumed.GetProperty("serverTime").GetDateTimeOffset()).TotalMilliseconds - 1,
                (long)(deadline - resumed.GetProperty("serverTime").GetDateTimeOffset()).TotalMilliseconds + 1);
            Assert.True(remaining < running.GetProperty("remainingMs").GetInt64() - 1000, "The time left did not run on across the restart.");

            var stillPaused = await second.Http.GetJsonAsync($"/api/wg-sessions/{Wg}/pre-sessions/MLI/timer");
            Assert.Equal("paused", stillPaused.Str("state"));
            Assert.Equal(paused.GetProperty("remainingMs").GetInt64(), stillPaused.GetProperty("remainingMs").GetInt64());
            Assert.Equal(JsonValueKind.Null, stillPaused.GetProperty("deadline").ValueKind);

            // The console token's hash survived with the room, and the room still knows which pre-session is live.
            var resumedMli = await Command(second, console, "MLI", "resume");
            Assert.Equal(paused.GetProperty("version").GetInt64() + 1, resumedMli.GetProperty("version").GetInt64());
            var room = await second.Http.GetJsonAsync("/api/rooms/XXIV");
            Assert.Equal("MLI", room.GetProperty("live").Str("sur"));
        }
        finally
        {
            log.WriteLine(second.Output);
        }
    }

    private static async Task<JsonElement> Command(ServiceProcess gateway, string token, string sur, string command, object? body = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/wg-sessions/{Wg}/pre-sessions/{sur}/timer/{command}")
        {
            Content = body is null ? null : JsonContent.Create(body),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await (await gateway.Http.SendAsync(request)).JsonAsync(HttpStatusCode.OK);
    }
}
