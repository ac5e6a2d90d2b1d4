using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PreSessions.IntegrationTests.Cluster;
using Xunit.Abstractions;

namespace PreSessions.IntegrationTests.Durability;

/// <summary>
/// Issue 10's write path through a crash: the one silo of a cluster SIGKILLed while applications, withdrawals and
/// RSVPs to six pre-sessions are in flight, a new silo started on the same PostgreSQL database, and every client
/// retrying with the same Idempotency-Key. The system is read twice: while the clients are held (nothing in flight),
/// to see exactly what the crash left, and once every client has its answer.
/// </summary>
[Collection(ClusterProcesses.Name)]
public sealed class PostgresSiloKillTests(ITestOutputHelper log) : ProcessCluster
{
    private const int PanelSize = 4, Seats = 6, Csos = 42, Missions = 12, InFlight = 16;
    private static readonly string[] Surs = ["FRA", "SRB", "MLI", "TON", "BHS", "LUX"];

    /// <summary>One withdrawal per pre-session: no standing can move up by more than one place.</summary>
    private const int WithdrawalsPerPreSession = 1;

    [Fact]
    public async Task A_silo_killed_mid_burst_loses_no_acknowledged_command_and_every_retry_answers_the_stored_answer()
    {
        var clock = Stopwatch.StartNew();
        var silo = Silo();
        var gateway = Gateway();
        ServiceProcess? replacement = null;
        var passed = false;
        try
        {
            await gateway.WaitUntilReadyAsync();
            var wg = await WgSession(gateway);
            foreach (var sur in Surs)
                await PreSession(gateway, wg, sur, PanelSize, Seats);
            var organisations = (await Register(gateway, "cso", Csos)).Concat(await Register(gateway, "mission", Missions)).ToArray();
            var clients = organisations.ToDictionary(o => o.Id, o => gateway.Client(o.Token));
            var (commands, clientsWork) = Commands(wg, organisations);
            log.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: cluster up, {commands.Count} commands ready from {organisations.Length} organisations.");

            // The kill comes from inside the burst, as a third of the commands leave: so it always strikes the burst in
            // the middle, with requests to many pre-sessions' grains on the wire.
            var burst = new Burst();
            var killAt = commands.Count / 3;
            var firstSends = 0;
            var inFlightAtKill = 0;
            var killedAt = TimeSpan.Zero;
            var killed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var running = burst.Run(clientsWork.Select(work => (Func<Task>)(async () =>
            {
                foreach (var command in work)
                    command.Answer = await burst.UntilAcknowledged(clients[command.By.Id], client =>
                    {
                        var sending = client.SendAsync(command.Method, command.Path, command.Body is null ? null : JsonContent.Create(command.Body), command.Key);
                        if (!command.Sent && Interlocked.Increment(ref firstSends) == killAt)
                        {
                            // Held only once it is dead: the other clients keep sending while the kill lands.
                            inFlightAtKill = burst.InFlight;
                            silo.Kill();
                            burst.Hold();
                            killedAt = clock.Elapsed;
                            killed.SetResult();
                        }
                        command.Sent = true;
                        return sending;
                    });
            })), InFlight);

            await Task.WhenAny(killed.Task, running).WaitAsync(TimeSpan.FromSeconds(120));
            if (running.IsFaulted)
                await running;
            Assert.True(killed.Task.IsCompleted, "The burst ended before the silo could be killed in the middle of it.");
            // A call the dead silo never answered ends only at Orleans' response timeout (30 s), in a 503.
            await Until(() => Task.FromResult(burst.InFlight == 0), "the requests in flight at the kill to be answered", seconds: 60);
            // Before the kill a client's command ends only acknowledged, and at most InFlight of them were under way.
            var answeredByTheFirstSilo = commands.Count(c => c.Answer is not null);
            Assert.InRange(answeredByTheFirstSilo, killAt - InFlight, commands.Count - 1);
            log.WriteLine($"{killedAt.TotalSeconds:0.0} s: silo {silo.ProcessId} SIGKILLed as command {killAt} left, with {inFlightAtKill} requests in flight.");
            log.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: all of them answered: {answeredByTheFirstSilo} commands acknowledged in all, " +
                $"{commands.Count(c => c.Sent && c.Answer is null)} cut by the kill.");

            // The same gateway process all along: its Orleans client finds the new silo in the membership table.
            replacement = Silo();
            await Read(gateway.Http, $"/api/wg-sessions/{wg}/pre-sessions/{Surs[0]}");
            Assert.False(gateway.HasExited, "The gateway exited when its only silo was killed.");
            log.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: new silo {replacement.ProcessId} answers through the same gateway; " +
                $"{burst.Unavailable} requests met the outage so far.");
            var before = await Picture(gateway, wg, organisations, clients);

            // What the crash left: everything acknowledged, nothing that never left its client; a command sent but not
            // answered may or may not have landed.
            foreach (var command in commands)
            {
                var standing = before.Standing(command);
                if (command.Kind == Kind.Apply)
                {
                    var withdrawal = commands.SingleOrDefault(c => c.Kind == Kind.Withdraw && c.By == command.By && c.Sur == command.Sur);
                    if (withdrawal?.Answer is not null)
                        Assert.True(standing is null, $"{command} was withdrawn (204) but still stands {standing}.");
                    else if (command.Answer is { } answer && withdrawal?.Sent != true)
                        AssertLaterStanding(command, Answered(answer), standing);
                }
                else if (command.Kind == Kind.Rsvp && command.Answer is { } rsvp)
                    Assert.Equal((rsvp.Str("status"), rsvp.Int("delegates")), standing);
                if (!command.Sent && command.Kind != Kind.Withdraw)
                    Assert.True(standing is null, $"{command} never left its client, yet stands {standing}.");
            }
            var landedUnanswered = commands.Count(c => c.Answer is null && c.Kind != Kind.Withdraw && before.Standing(c) is not null);
            log.WriteLine($"{landedUnanswered} commands landed before the kill without their answer reaching the client.");

            burst.Release();
            await running.WaitAsync(TimeSpan.FromSeconds(240));
            Assert.True(burst.ServerErrors.Count == 0, $"{burst.ServerErrors.Count} server errors:\n{string.Join("\n", burst.ServerErrors.Distinct())}");
            Assert.All(commands, c => Assert.True(c.Answer is not null, $"{c} was never acknowledged."));
            log.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: every client has its answer ({burst.Unavailable} requests met the outage).");

            // A replay with the same Idempotency-Key answers the stored answer and changes nothing: the picture after
            // the replays is the one the first answers allow, and no more.
            foreach (var command in commands)
            {
                using var replay = await clients[command.By.Id].SendAsync(command.Method, command.Path,
                    command.Body is null ? null : JsonContent.Create(command.Body), command.Key);
                switch (command.Kind)
                {
                    case Kind.Apply:
                        Assert.Equal(Answered(command.Answer!.Value), Answered(await replay.JsonAsync(HttpStatusCode.Created)));
                        break;
                    case Kind.Withdraw:
                        Assert.Equal(HttpStatusCode.NoContent, replay.StatusCode);
                        break;
                    case Kind.Rsvp:
                        var again = await replay.JsonAsync(HttpStatusCode.OK);
                        Assert.Equal((command.Answer!.Value.Str("status"), command.Answer.Value.Int("delegates")), (again.Str("status"), again.Int("delegates")));
                        break;
                }
            }

            var after = await Picture(gateway, wg, organisations, clients);
            foreach (var command in commands.Where(c => c.Kind == Kind.Apply))
            {
                var withdrawn = commands.Any(c => c.Kind == Kind.Withdraw && c.By == command.By && c.Sur == command.Sur);
                if (withdrawn)
                    Assert.True(after.Standing(command) is null, $"{command} was withdrawn but stands {after.Standing(command)}.");
                else
                    AssertLaterStanding(command, Answered(command.Answer!.Value), after.Standing(command));
                // One that landed unanswered: the answer its retry got is the stored one, of which the held picture was a later standing.
                if (before.Standing(command) is { } held)
                    AssertLaterStanding(command, Answered(command.Answer!.Value), held);
            }
            foreach (var command in commands.Where(c => c.Kind == Kind.Rsvp))
                Assert.Equal((command.Answer!.Value.Str("status"), command.Answer.Value.Int("delegates")), after.Standing(command));

            // Exact counts: 14 applications and one withdrawal per pre-session, so a full panel and 9 waiting each.
            var applies = commands.Count(c => c.Kind == Kind.Apply);
            var withdrawals = commands.Count(c => c.Kind == Kind.Withdraw);
            Assert.Equal((84, 6, 24), (applies, withdrawals, commands.Count(c => c.Kind == Kind.Rsvp)));
            Assert.Equal(applies - withdrawals, after.Applications.Count);
            Assert.All(Surs, sur => Assert.Equal((PanelSize, 13 - PanelSize),
                (after.PreSessions[sur].GetProperty("panel").GetArrayLength(), after.PreSessions[sur].Int("waitlistCount"))));
            Assert.Equal(Missions * 2, after.Rsvps.Count);
            log.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: {after.Applications.Count} applications, {after.Rsvps.Count} RSVPs, " +
                $"{Surs.Sum(s => after.PreSessions[s].Int("seatsTaken"))} seats taken, all consistent.");
            passed = true;
        }
        finally
        {
            if (!passed)
                foreach (var (name, process) in new[] { ("gateway", gateway), ("killed silo", silo), ("new silo", replacement) })
                    if (process is not null)
                        log.WriteLine($"--- {name} (pid {process.ProcessId}) ---\n{Failures(process.Output)}\n...\n{Tail(process.Output)}");
        }
    }

    private enum Kind { Apply, Withdraw, Rsvp }

    /// <summary>One command as its client saw it: whether it ever left, and the answer it was acknowledged with.</summary>
    private sealed record Command(Kind Kind, Registered By, string Sur, HttpMethod Method, string Path, object? Body, string? Key)
    {
        public volatile bool Sent;
        public JsonElement? Answer;

        public override string ToString() => $"{Kind} of {By.Name} ({By.Id}) to {Sur}";
    }

    /// <summary>
    /// Each CSO applies to two pre-sessions and six of them then withdraw their first application; each mission RSVPs
    /// for two. A client's commands go one after the other (a withdrawal needs its application), clients in a fixed
    /// shuffled order so the pre-sessions' grains are busy all at once.
    /// </summary>
    private static (List<Command> All, List<Command[]> ByClient) Commands(int wg, Registered[] organisations)
    {
        var work = new List<Command[]>();
        string Path(string sur) => $"/api/wg-sessions/{wg}/pre-sessions/{sur}";
        Command Apply(Registered cso, string sur) => new(Kind.Apply, cso, sur, HttpMethod.Post, $"{Path(sur)}/applications",
            new { speakerName = $"Speaker of {cso.Name}", themes = new[] { "Civic space" } }, Guid.NewGuid().ToString("N"));
        foreach (var (cso, i) in organisations.Where(o => o.Name.StartsWith("cso", StringComparison.Ordinal)).Select((o, i) => (o, i)))
        {
            var (first, second) = (Surs[i % Surs.Length], Surs[(i + 1) % Surs.Length]);
            work.Add(i < Surs.Length
                ? [Apply(cso, first), new(Kind.Withdraw, cso, first, HttpMethod.Delete, $"{Path(first)}/applications/{cso.Id}", null, Guid.NewGuid().ToString("N"))]
                : [Apply(cso, first)]);
            work.Add([Apply(cso, second)]);
        }
        foreach (var (mission, m) in organisations.Where(o => o.Name.StartsWith("mission", StringComparison.Ordinal)).Select((o, m) => (o, m)))
            foreach (var sur in new[] { Surs[m % Surs.Length], Surs[(m + 3) % Surs.Length] })
                work.Add([new(Kind.Rsvp, mission, sur, HttpMethod.Put, $"{Path(sur)}/rsvps/{mission.Id}", new { attending = true, delegates = 1 + m % 4 }, null)]);
        var shuffled = work.ToArray();
        new Random(10).Shuffle(shuffled);
        return ([.. shuffled.SelectMany(c => c)], [.. shuffled]);
    }

    /// <summary>Everything the organisations and the pre-sessions say, checked to be one picture.</summary>
    private sealed record Snapshot(
        Dictionary<(string Organisation, string Sur), (string Status, int Position)> Applications,
        Dictionary<(string Organisation, string Sur), (string Status, int Delegates)> Rsvps,
        Dictionary<string, JsonElement> PreSessions)
    {
        public object? Standing(Command command) => command.Kind switch
        {
            Kind.Rsvp => Rsvps.TryGetValue((command.By.Id, command.Sur), out var rsvp) ? rsvp : null,
            _ => Applications.TryGetValue((command.By.Id, command.Sur), out var application) ? application : null,
        };
    }

    private static async Task<Snapshot> Picture(ServiceProcess gateway, int wg, Registered[] organisations, Dictionary<string, HttpClient> clients)
    {
        // Organisations first: their views ask the pre-sessions, which are read afterwards, all with nothing in flight.
        var views = await Task.WhenAll(organisations.Select(o => Read(clients[o.Id], $"/api/organisations/{o.Id}")));
        var applications = new Dictionary<(string Organisation, string Sur), (string Status, int Position)>();
        var rsvps = new Dictionary<(string Organisation, string Sur), (string Status, int Delegates)>();
        foreach (var (organisation, view) in organisations.Zip(views))
        {
            foreach (var a in view.GetProperty("applications").EnumerateArray())
            {
                Assert.Equal(wg, a.Int("wg"));
                Assert.True(applications.TryAdd((organisation.Id, a.Str("sur")), (a.Str("status"), a.Int("position"))),
                    $"{organisation.Name} lists two applications to {a.Str("sur")}.");
            }
            foreach (var r in view.GetProperty("rsvps").EnumerateArray())
                Assert.True(rsvps.TryAdd((organisation.Id, r.Str("sur")), (r.Str("status"), r.Int("delegates"))),
                    $"{organisation.Name} lists two RSVPs for {r.Str("sur")}.");
        }
        var preSessions = new Dictionary<string, JsonElement>();
        foreach (var sur in Surs)
            preSessions[sur] = await Read(gateway.Http, $"/api/wg-sessions/{wg}/pre-sessions/{sur}");
        var summaries = (await Read(gateway.Http, $"/api/wg-sessions/{wg}")).GetProperty("preSessions").EnumerateArray().ToDictionary(p => p.Str("sur"));

        foreach (var sur in Surs)
        {
            var view = preSessions[sur];
            var panel = view.GetProperty("panel").EnumerateArray().Select(p => (p.Str("organisationId"), p.Int("position"))).ToArray();
            var mine = applications.Where(a => a.Key.Sur == sur).ToArray();
            Assert.All(mine, a => Assert.Contains(a.Value.Status, new[] { "panel", "waitlist" }));
            // Dense positions, the panel full before anyone waits, and the organisations' views the same picture.
            Assert.Equal(Enumerable.Range(1, panel.Length), panel.Select(p => p.Item2));
            Assert.Equal(Math.Min(PanelSize, mine.Length), panel.Length);
            Assert.Equal(mine.Length, panel.Length + view.Int("waitlistCount"));
            Assert.Equal(panel, mine.Where(a => a.Value.Status == "panel").OrderBy(a => a.Value.Position).Select(a => (a.Key.Organisation, a.Value.Position)));
            Assert.Equal(Enumerable.Range(1, view.Int("waitlistCount")), mine.Where(a => a.Value.Status == "waitlist").Select(a => a.Value.Position).Order());
            // Seats are never oversold, and the missions' confirmed delegates are exactly the seats taken.
            var confirmed = rsvps.Where(r => r.Key.Sur == sur && r.Value.Status == "confirmed").Sum(r => r.Value.Delegates);
            Assert.Equal(view.Int("seatsTaken"), confirmed);
            Assert.InRange(confirmed, 0, Seats);
            Assert.Equal((panel.Length, view.Int("waitlistCount"), confirmed),
                (summaries[sur].Int("panelCount"), summaries[sur].Int("waitlistCount"), summaries[sur].Int("seatsTaken")));
        }
        return new Snapshot(applications, rsvps, preSessions);
    }

    private static (string Status, int Position) Answered(JsonElement answer) => (answer.Str("status"), answer.Int("position"));

    /// <summary>
    /// A standing is what an answer may have become: the same, or up by at most the withdrawals ahead of it (a panel
    /// place is the rank; a waitlist place counts after the panel).
    /// </summary>
    private static void AssertLaterStanding(Command command, (string Status, int Position) answer, object? standing)
    {
        Assert.True(standing is ValueTuple<string, int>, $"{command} was answered {answer} but is not stored.");
        var later = ((string Status, int Position))standing!;
        static int Rank((string Status, int Position) s) => s.Status == "panel" ? s.Position : PanelSize + s.Position;
        Assert.True(Rank(later) <= Rank(answer) && Rank(answer) - Rank(later) <= WithdrawalsPerPreSession,
            $"{command} was answered {answer} but stands {later}.");
    }

    private static string Tail(string output) => string.Join('\n', output.Split('\n').TakeLast(30));
}
