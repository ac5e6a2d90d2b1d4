using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;

namespace PreSessions.IntegrationTests.Cluster;

/// <summary>
/// Two gateways in front of one cluster of two silos, all real processes on PostgreSQL. What one gateway changes, the
/// other sees at once: a token revoked through one is refused by the other on the next request, and a timer driven
/// through one reaches the displays of the other over its own feed, also after the silo holding the timer is killed.
/// </summary>
[Collection(ClusterProcesses.Name)]
public sealed class TwoGatewaysTests : ProcessCluster
{
    [Fact]
    public async Task What_one_gateway_changes_the_other_sees_at_once_also_across_a_silo_failure()
    {
        var silos = new[] { Silo(), Silo() };
        var (a, b) = (Gateway(), Gateway());
        await a.WaitUntilReadyAsync();
        await b.WaitUntilReadyAsync();

        // A token revoked through one gateway is refused by the other on its very next request.
        var registered = await (await a.Http.PostAsJsonAsync("/api/organisations", new { name = "Two-gateway CSO", kind = "cso" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var (id, token) = (registered.GetProperty("id").GetString()!, registered.GetProperty("token").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await b.Client(token).GetAsync($"/api/organisations/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await a.Client(OperatorToken).DeleteAsync($"/api/organisations/{id}/token")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await b.Client(token).GetAsync($"/api/organisations/{id}")).StatusCode);

        // A room's screens on gateway B follow the timer driven through gateway A.
        var op = a.Client(OperatorToken);
        var wg = Random.Shared.Next(100, 999);
        Assert.Equal(HttpStatusCode.Created, (await op.PutAsJsonAsync($"/api/wg-sessions/{wg}",
            new { title = $"WG {wg}", venue = "Palais des Nations", provisional = true })).StatusCode);
        var room = $"Room {wg}";
        Assert.Equal(HttpStatusCode.Created, (await op.PutAsJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/TON",
            new { startsAt = "2031-12-12T10:00:00+01:00", durationMinutes = 60, room, panelSize = 6, seats = 40 })).StatusCode);
        var console = (await (await op.PostAsync($"/api/rooms/{Uri.EscapeDataString(room)}/console-tokens", null))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        var timer = $"/api/wg-sessions/{wg}/pre-sessions/TON/timer";

        using var watching = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var screen = Watch(b, $"/api/rooms/{Uri.EscapeDataString(room)}/events", watching.Token);
        Assert.Equal("room", (await screen.ReadAsync(watching.Token)).Event);

        var started = await Command(a, console, $"{timer}/start");
        var shown = await NextTimer(screen, version: 1, watching.Token);
        Assert.Equal(started.GetProperty("deadline").GetDateTimeOffset(), shown.GetProperty("deadline").GetDateTimeOffset());

        // Kill a silo: if it held the timer, the timer comes back on the other one from its record, with the same
        // deadline, and gateway B's feed finds it again (its renewal re-subscribes), so the next command still shows.
        silos[0].Kill();
        var next = await Command(a, console, $"{timer}/next");
        Assert.Equal(2, next.GetProperty("version").GetInt64());
        var after = await NextTimer(screen, version: 2, watching.Token);
        Assert.Equal(1, after.GetProperty("itemIndex").GetInt32());
        Assert.Equal(next.GetProperty("deadline").GetDateTimeOffset(), after.GetProperty("deadline").GetDateTimeOffset());

        // Then the other original silo: one of the two kills took the silo that held the timer.
        Silo();
        await Until(async () => await ActiveSilos(a) == 2, "the replacement silo to join", seconds: 150);
        silos[1].Kill();
        var extended = await Command(a, console, $"{timer}/extend", new { seconds = 30 });
        Assert.Equal(3, extended.GetProperty("version").GetInt64());
        Assert.Equal(next.GetProperty("deadline").GetDateTimeOffset().AddSeconds(30), extended.GetProperty("deadline").GetDateTimeOffset());
        var last = await NextTimer(screen, version: 3, watching.Token);
        Assert.Equal(extended.GetProperty("deadline").GetDateTimeOffset(), last.GetProperty("deadline").GetDateTimeOffset());
        var read = await b.Http.GetFromJsonAsync<JsonElement>(timer);
        Assert.Equal(("running", 3L), (read.GetProperty("state").GetString(), read.GetProperty("version").GetInt64()));
        await watching.CancelAsync();
    }

    /// <summary>A console's command as a careful console sends it: again, with the same key, while the cluster recovers.</summary>
    private static async Task<JsonElement> Command(ServiceProcess gateway, string token, string path, object? body = null)
    {
        var key = Guid.NewGuid().ToString("N");
        JsonElement answer = default;
        await Eventually.Until(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = body is null ? null : JsonContent.Create(body) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            request.Headers.Add("Idempotency-Key", key);
            using var response = await gateway.Http.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                answer = await response.Content.ReadFromJsonAsync<JsonElement>();
                return true;
            }
            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable,
                $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            return false;
        }, TimeSpan.FromSeconds(150), $"{path} still unavailable", TimeSpan.FromMilliseconds(500));
        return answer;
    }

    /// <summary>Waits on the screen's feed for the timer at a version, passing over heartbeats and older versions.</summary>
    private static async Task<JsonElement> NextTimer(ChannelReader<(string Event, string Data)> screen, long version, CancellationToken cancel)
    {
        while (true)
        {
            var (kind, data) = await screen.ReadAsync(cancel);
            if (kind != "timer")
                continue;
            var snapshot = JsonDocument.Parse(data).RootElement.Clone();
            if (snapshot.GetProperty("version").GetInt64() >= version)
                return snapshot;
        }
    }

    /// <summary>An SSE reader, as a display is: reconnects when the stream breaks, and hands on each event.</summary>
    private static ChannelReader<(string Event, string Data)> Watch(ServiceProcess gateway, string path, CancellationToken cancel)
    {
        var events = Channel.CreateUnbounded<(string, string)>();
        _ = Task.Run(async () =>
        {
            while (!cancel.IsCancellationRequested)
            {
                try
                {
                    using var response = await gateway.Http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, cancel);
                    using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel));
                    string? kind = null;
                    while (await reader.ReadLineAsync(cancel) is { } line)
                    {
                        if (line.StartsWith("event: ", StringComparison.Ordinal))
                            kind = line["event: ".Length..];
                        else if (line.StartsWith("data: ", StringComparison.Ordinal) && kind is not null)
                            events.Writer.TryWrite((kind, line["data: ".Length..]));
                    }
                }
                catch (Exception e) when (e is HttpRequestException or IOException || (e is OperationCanceledException && !cancel.IsCancellationRequested)) { }
                catch (OperationCanceledException) { return; }
                await Task.Delay(500, CancellationToken.None);
            }
        }, CancellationToken.None);
        return events.Reader;
    }
}
