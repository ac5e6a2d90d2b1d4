using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace PreSessions.IntegrationTests.Cluster;

/// <summary>Tests that kill silos or restart PostgreSQL run alone, after every other test of this project.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterProcesses
{
    public const string Name = "Cluster processes";
}

/// <summary>
/// The cluster as operators run it: the silos and the gateway as real processes on loopback, on a real PostgreSQL
/// database migrated by the silo's own `migrate`. Clients behave as the contract asks: on 503 or a lost connection
/// they retry with the same Idempotency-Key.
/// </summary>
[Collection(ClusterProcesses.Name)]
public sealed class ClusterProcessTests : ProcessCluster
{
    [Fact]
    public async Task The_gateway_starts_without_a_silo_answers_503_and_connects_when_one_appears()
    {
        var gateway = Gateway();
        await Until(async () => (await gateway.Http.GetAsync("/health/live")).StatusCode == HttpStatusCode.OK, "the gateway to be live");

        using var notReady = await gateway.Http.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        Assert.NotNull(notReady.Headers.RetryAfter);
        using var refused = await gateway.Http.PostAsJsonAsync("/api/organisations", new { name = "Early CSO", kind = "cso" });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);

        Silo();
        await gateway.WaitUntilReadyAsync();
        using var registered = await gateway.Http.PostAsJsonAsync("/api/organisations", new { name = "Later CSO", kind = "cso" });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
    }

    [Fact]
    public async Task A_silo_killed_during_a_burst_loses_no_acknowledged_write_and_oversells_nothing()
    {
        var silos = new[] { Silo(), Silo() };
        var gateway = Gateway();
        await gateway.WaitUntilReadyAsync();
        await Until(async () => await ActiveSilos(gateway) == 2, "both silos to be active");
        var (wg, pre) = await PreSession(gateway, panelSize: 10, seats: 30);
        var csos = await Register(gateway, "cso", 80);
        var missions = await Register(gateway, "mission", 20);

        var burst = new Burst();
        var commands = csos.Select(o => (Func<Task>)(() => burst.UntilAcknowledged(gateway.Client(o.Token), c =>
                c.SendAsync(Json(HttpMethod.Post, $"{pre}/applications", new { speakerName = o.Id, themes = new[] { "detention" } }, $"apply-{o.Id}")))))
            .Concat(missions.Select((m, i) => (Func<Task>)(() => burst.UntilAcknowledged(gateway.Client(m.Token), c =>
                c.SendAsync(Json(HttpMethod.Put, $"{pre}/rsvps/{m.Id}", new { attending = true, delegates = 1 + i % 3 }, null))))))
            .ToList();
        var running = burst.Run(commands, inFlight: 16);

        await Until(() => Task.FromResult(burst.Acknowledged >= commands.Count / 3 || running.IsCompleted), "a third of the burst");
        Assert.False(running.IsCompleted, "The burst ended before a silo could be killed in the middle of it.");
        silos[1].Kill();
        await running;

        Assert.Empty(burst.ServerErrors);
        var view = await Read(gateway.Http, pre);
        Assert.Equal(10, view.GetProperty("panel").GetArrayLength());
        Assert.Equal(70, view.GetProperty("waitlistCount").GetInt32());
        Assert.Equal(Enumerable.Range(1, 10), view.GetProperty("panel").EnumerateArray().Select(p => p.GetProperty("position").GetInt32()));
        Assert.Equal(10, view.GetProperty("panel").EnumerateArray().Select(p => p.GetProperty("organisationId").GetString()).Distinct().Count());

        // Every organisation's own view agrees with the pre-session's: one application each, the panel exactly as shown.
        var standings = await Task.WhenAll(csos.Select(async o =>
            (await Read(gateway.Client(o.Token), $"/api/organisations/{o.Id}")).GetProperty("applications").EnumerateArray()
                .Single(a => a.GetProperty("wg").GetInt32() == wg)));
        Assert.Equal(10, standings.Count(a => a.GetProperty("status").GetString() == "panel"));
        Assert.Equal(Enumerable.Range(1, 70), standings.Where(a => a.GetProperty("status").GetString() == "waitlist")
            .Select(a => a.GetProperty("position").GetInt32()).Order());
        var panelFromOrganisations = csos.Zip(standings).Where(p => p.Second.GetProperty("status").GetString() == "panel")
            .OrderBy(p => p.Second.GetProperty("position").GetInt32()).Select(p => p.First.Id);
        Assert.Equal(panelFromOrganisations, view.GetProperty("panel").EnumerateArray().Select(p => p.GetProperty("organisationId").GetString()));

        var rsvps = await Task.WhenAll(missions.Select(async m =>
            (await Read(gateway.Client(m.Token), $"/api/organisations/{m.Id}")).GetProperty("rsvps").EnumerateArray().Single()));
        var confirmed = rsvps.Where(r => r.GetProperty("status").GetString() == "confirmed").Sum(r => r.GetProperty("delegates").GetInt32());
        Assert.Equal(view.GetProperty("seatsTaken").GetInt32(), confirmed);
        Assert.InRange(confirmed, 1, 30);

        // The killed silo comes back and rejoins.
        Silo();
        await Until(async () => await ActiveSilos(gateway) == 2, "the restarted silo to rejoin");
    }

    [Fact]
    public async Task A_postgres_restart_during_a_burst_gives_503s_never_a_500_and_loses_nothing()
    {
        var silo = Silo();
        var gateway = Gateway();
        await gateway.WaitUntilReadyAsync();
        var (wg, pre) = await PreSession(gateway, panelSize: 5, seats: 10);
        var csos = await Register(gateway, "cso", 60);

        // The first half of the burst is sent before PostgreSQL stops, and is in flight while it stops; the second
        // half only once it is down. So the outage is met every time, by requests both in flight and arriving.
        var down = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var burst = new Burst();
        var running = burst.Run(csos.Select((o, i) => (Func<Task>)(async () =>
        {
            if (i >= csos.Length / 2)
                await down.Task;
            await burst.UntilAcknowledged(gateway.Client(o.Token), c =>
                c.SendAsync(Json(HttpMethod.Post, $"{pre}/applications", new { speakerName = o.Id, themes = Array.Empty<string>() }, $"apply-{o.Id}")));
        })).ToList(), inFlight: 8);
        await Until(() => Task.FromResult(burst.Acknowledged >= 10 || running.IsCompleted), "the burst to be under way");
        Assert.False(running.IsCompleted, "The burst ended before PostgreSQL could be restarted in the middle of it.");
        await Postgres("stop");
        try
        {
            down.SetResult();
            // Down until the clients have met it: the test cannot pass by missing the outage.
            await Until(() => Task.FromResult(burst.Unavailable >= 5 || running.IsCompleted), "requests to meet the outage");
        }
        finally
        {
            await Postgres("start");
        }
        await running;

        Assert.True(burst.ServerErrors.Count == 0, $"{burst.ServerErrors.Count} server errors: {string.Join("\n", burst.ServerErrors.Distinct())}\n" +
            $"Gateway:\n{Failures(gateway.Output)}\nSilo:\n{Failures(silo.Output)}");
        Assert.True(burst.Unavailable >= 5, $"Only {burst.Unavailable} requests met the outage.");
        Assert.Equal(csos.Length, burst.Acknowledged);
        await gateway.WaitUntilReadyAsync();
        var view = await Read(gateway.Http, pre);
        Assert.Equal(5, view.GetProperty("panel").GetArrayLength());
        Assert.Equal(55, view.GetProperty("waitlistCount").GetInt32());
        foreach (var o in csos)
        {
            var mine = (await Read(gateway.Client(o.Token), $"/api/organisations/{o.Id}")).GetProperty("applications");
            Assert.Equal(wg, mine.EnumerateArray().Single().GetProperty("wg").GetInt32());
        }
    }

    private async Task<(int Wg, string Path)> PreSession(ServiceProcess gateway, int panelSize, int seats)
    {
        var wg = await WgSession(gateway);
        return (wg, await PreSession(gateway, wg, "SRB", panelSize, seats));
    }

    /// <summary>Stops (fast: open sessions are cut, as in a crash or a failover) or starts the system PostgreSQL.</summary>
    private static async Task Postgres(string action)
    {
        var version = Directory.GetDirectories("/etc/postgresql").Select(Path.GetFileName).Order().Last()!;
        var arguments = action == "stop" ? new[] { version, "main", "stop", "-m", "fast" } : [version, "main", action];
        using var control = Process.Start(new ProcessStartInfo("pg_ctlcluster", arguments) { UseShellExecute = false })!;
        await control.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        Assert.Equal(0, control.ExitCode);
    }
}
