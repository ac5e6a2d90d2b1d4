using System.Collections.Concurrent;
using Orleans.Runtime;
using PreSessions.GrainTests.Cluster;
using PreSessions.GrainTests.PreSessions;
using PreSessions.Silo.Storage;
using Xunit.Abstractions;

namespace PreSessions.GrainTests.Storage;

/// <summary>
/// Storage faults injected into the silo's transactions that carry the writes of several pre-sessions at once (the
/// silo's one writer batches every grain's write in flight), in SQLite and in PostgreSQL: a commit that fails (nothing
/// stored) and one that lands but whose answer is lost. A burst of applications, withdrawals and RSVPs to six
/// pre-sessions, every client retrying with the same command (its Idempotency-Key). Then what storage holds is exactly
/// what was acknowledged, positions are dense, seats are never oversold, replays after reactivation answer the stored
/// answer, and the organisations' views agree with the pre-sessions'.
/// </summary>
public sealed class MidBatchFaultTests(OneSiloCluster sqlite, OneSiloPostgresCluster postgres, ITestOutputHelper log)
    : IClassFixture<OneSiloCluster>, IClassFixture<OneSiloPostgresCluster>
{
    private const int PanelSize = 4, Seats = 6, Csos = 36, Missions = 12, InFlight = 32;
    private const int FaultyCommits = 3;
    private static readonly string[] Surs = ["FRA", "SRB", "MLI", "TON", "BHS", "LUX"];

    /// <summary>The first CSOs withdraw their first application, one per pre-session: no standing moves up by more than one.</summary>
    private const int WithdrawalsPerPreSession = 1;

    [Theory]
    [InlineData(GrainStore.Sqlite, StorageFault.Fails)]
    [InlineData(GrainStore.Sqlite, StorageFault.LandsThenTimesOut)]
    [InlineData(GrainStore.Postgres, StorageFault.Fails)]
    [InlineData(GrainStore.Postgres, StorageFault.LandsThenTimesOut)]
    public async Task Faults_in_commits_shared_by_several_pre_sessions_lose_no_acknowledged_command_and_store_no_other(
        GrainStore store, StorageFault fault)
    {
        var fixture = store == GrainStore.Postgres ? (ClusterFixture)postgres : sqlite;
        var s = new Scenario(fixture);
        await s.Define();
        var keys = new Dictionary<string, PreSessionKey>();
        foreach (var sur in Surs)
            keys[sur] = await s.Schedule(sur, PanelSize, Seats);
        var csos = await s.Register("cso", Csos);
        var missions = await s.Register("mission", Missions, OrganisationKind.Mission);
        var work = Work(csos, missions);
        var commands = work.SelectMany(c => c).ToList();

        // Only commits that carry writes of two or more of these pre-sessions are faulted: that is what makes the fault
        // mid-batch, as one grain's failure then fails the others' writes with it. Commits take a few milliseconds, as
        // on a real disk (the test machine's is faster), so that the writes of several pre-sessions meet in them.
        var stateKeys = keys.Values.Select(k => BatchedGrainStorage.StateKey("preSession", s.PreSession(k).GetGrainId())).ToHashSet();
        var faulted = new ConcurrentQueue<int>();
        var carried = new ConcurrentQueue<int>();
        fixture.StorageFaults.CommitTime = TimeSpan.FromMilliseconds(5);
        fixture.StorageFaults.OnCommits(writes =>
        {
            var grains = writes.Select(w => w.StateKey).Where(stateKeys.Contains).Distinct().Count();
            carried.Enqueue(grains);
            lock (faulted)
            {
                if (grains < 2 || faulted.Count >= FaultyCommits)
                    return StorageFault.None;
                faulted.Enqueue(grains);
                return fault;
            }
        });
        var replays = CountReplays(fixture, keys.Values);
        List<PreSessionView> samples;
        try
        {
            var burst = Scenario.InFlight(InFlight, work.Select(client => (Func<Task<bool>>)(async () =>
            {
                foreach (var command in client)
                    await command.Send(s);
                return true;
            })));
            samples = await s.SampleWhile(burst, [.. keys.Values]);
            await burst;
        }
        finally
        {
            fixture.StorageFaults.OnCommits(null);
            fixture.StorageFaults.CommitTime = TimeSpan.Zero;
            fixture.Faults.Set(null);
        }
        log.WriteLine($"{carried.Count} commits, by pre-sessions carried: " +
            $"{string.Join(", ", carried.GroupBy(c => c).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}"))}; faulted: {string.Join(", ", faulted)}; " +
            $"{commands.Sum(c => c.Failed)} failed attempts, {replays.Count} replays.");

        // Every fault happened, each in a commit of several pre-sessions; each of their writes carried a command whose
        // client heard the failure and retried. A write that failed stored nothing, so no retry found it stored; one
        // that landed was found by the retry of each command it carried, which the pre-session answered as a replay.
        Assert.Equal(FaultyCommits, faulted.Count);
        Assert.All(faulted, grains => Assert.InRange(grains, 2, Surs.Length));
        Assert.InRange(commands.Sum(c => c.Failed), faulted.Sum(), commands.Count * 20);
        if (fault == StorageFault.Fails)
            Assert.Equal(0, replays.Count);
        else
            Assert.InRange(replays.Count, faulted.Sum(), commands.Count);
        Assert.All(samples, Scenario.AssertWellFormed);

        await AssertStoredAsAcknowledged(fixture, s, keys, commands);

        // A fresh activation of every grain reads what storage holds: replays answer as before and change nothing.
        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        replays = CountReplays(fixture, keys.Values);
        try
        {
            foreach (var command in commands)
                Assert.Equal(command.Outcome!.Value, (await command.Again(s)).Value);
        }
        finally
        {
            fixture.Faults.Set(null);
        }
        Assert.Equal(commands.Count, replays.Count);
        await AssertStoredAsAcknowledged(fixture, s, keys, commands);
        foreach (var key in keys.Values)
        {
            await s.AssertOrganisationsAgree(key, csos);
            await s.AssertMissionsAgree(key, missions);
        }
    }

    /// <summary>Replays as the pre-sessions decide them (an organisation answers an application's replay as any answer).</summary>
    private sealed class Replays
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Add() => Interlocked.Increment(ref _count);
    }

    /// <summary>Counts, until the fixture's call faults are set again, the replays these pre-sessions answer.</summary>
    private static Replays CountReplays(ClusterFixture fixture, IEnumerable<PreSessionKey> keys)
    {
        var replays = new Replays();
        var grainKeys = keys.Select(k => k.GrainKey).ToHashSet();
        // A rule takes the call in place of the grain, so it hands the call on itself, and reads the answer.
        fixture.Faults.Set(async call =>
        {
            await call.Invoke();
            if (call.Result is IOutcome { IsReplay: true } && grainKeys.Contains(call.TargetId.Key.ToString()!))
                replays.Add();
        });
        return replays;
    }

    /// <summary>
    /// What storage holds of each pre-session, read through the store, is exactly what the clients were acknowledged:
    /// every application that stands, with the answer it was given, at a dense position no further than the withdrawals
    /// could move it; every withdrawal, remembering the withdrawn application's answer; every RSVP, holding the place
    /// it was answered, with seats taken never above the seats. The live grain shows the same queue.
    /// </summary>
    private static async Task AssertStoredAsAcknowledged(ClusterFixture fixture, Scenario s, Dictionary<string, PreSessionKey> keys, List<Command> commands)
    {
        var totals = (Applications: 0, Withdrawals: 0, Rsvps: 0);
        foreach (var (sur, key) in keys)
        {
            var stored = await fixture.Stored<PreSessionState>("preSession", s.PreSession(key).GetGrainId());
            var mine = commands.Where(c => c.Sur == sur).ToList();
            var withdrawn = mine.Where(c => c.Kind == Kind.Withdraw).Select(c => c.By).ToHashSet();
            var applied = mine.Where(c => c.Kind == Kind.Apply).ToDictionary(c => c.By, c => (ApplicationAnswer)c.Outcome!.Value!);

            Assert.Equal(applied.Keys.Except(withdrawn).Order(StringComparer.Ordinal),
                stored.Applications.Select(a => a.Applicant.OrganisationId).Order(StringComparer.Ordinal));
            for (var index = 0; index < stored.Applications.Count; index++)
            {
                var application = stored.Applications[index];
                Assert.Equal(applied[application.Applicant.OrganisationId], application.FirstAnswer);
                Assert.InRange(Scenario.IndexOf(application.FirstAnswer, PanelSize), index, index + WithdrawalsPerPreSession);
            }
            Assert.Equal(stored.Applications.Select(a => a.Applicant.OrganisationId), await s.Queue(key, applied.Keys));

            Assert.Equal(withdrawn.Order(StringComparer.Ordinal), stored.Withdrawals.Select(w => w.OrganisationId).Order(StringComparer.Ordinal));
            Assert.All(stored.Withdrawals, w => Assert.Equal(
                (applied[w.OrganisationId], Command.KeyOf(Kind.Withdraw, w.OrganisationId, sur)), (w.FirstAnswer, w.WithdrawalKey)));

            var rsvps = mine.Where(c => c.Kind == Kind.Rsvp).ToDictionary(c => c.By, c => (RsvpAnswer)c.Outcome!.Value!);
            Assert.Equal(rsvps.Keys.Order(StringComparer.Ordinal), stored.Rsvps.Select(r => r.Mission.OrganisationId).Order(StringComparer.Ordinal));
            for (var index = 0; index < stored.Rsvps.Count; index++)
                Assert.Equal(rsvps[stored.Rsvps[index].Mission.OrganisationId], stored.RsvpStandingAt(index));
            var confirmed = rsvps.Values.Where(a => a.Status == RsvpStatus.Confirmed).Sum(a => a.Delegates);
            Assert.Equal(confirmed, stored.SeatsTaken);
            Assert.InRange(confirmed, 0, Seats);
            Assert.Equal(confirmed, (await s.View(key)).SeatsTaken);

            totals = (totals.Applications + stored.Applications.Count, totals.Withdrawals + stored.Withdrawals.Count, totals.Rsvps + stored.Rsvps.Count);
        }
        // Exact counts: each CSO applied to two pre-sessions, one per pre-session withdrew, each mission RSVPed twice.
        Assert.Equal((2 * Csos - Surs.Length * WithdrawalsPerPreSession, Surs.Length * WithdrawalsPerPreSession, 2 * Missions), totals);
    }

    private enum Kind { Apply, Withdraw, Rsvp }

    /// <summary>One client's command, as the client saw it: the outcome it was acknowledged with, after how many failures.</summary>
    private sealed record Command(Kind Kind, string By, string Sur, int Delegates = 0)
    {
        public IOutcome? Outcome { get; private set; }

        public int Failed { get; private set; }

        public static string KeyOf(Kind kind, string by, string sur) => $"{kind}-{by}-{sur}".ToLowerInvariant();

        public async Task Send(Scenario s)
        {
            (Outcome, Failed) = await Scenario.UntilAcknowledged(() => Again(s));
            Assert.True(Outcome.Refusal is null, $"{this} was refused: {Outcome.Refusal}");
        }

        /// <summary>The same command once more, with the same Idempotency-Key: a replay once it is stored.</summary>
        public async Task<IOutcome> Again(Scenario s)
        {
            var key = new PreSessionKey(s.Wg, Sur);
            return Kind switch
            {
                Kind.Apply => await s.Apply(By, key, KeyOf(Kind, By, Sur)),
                Kind.Withdraw => await s.Org(By).Withdraw(key, KeyOf(Kind, By, Sur)),
                _ => await s.Org(By).Rsvp(key, new RsvpRequest(true, Delegates)),
            };
        }
    }

    /// <summary>
    /// Each CSO applies to two pre-sessions and the first ones then withdraw their first application; each mission RSVPs
    /// for two. A client's commands go one after the other (a withdrawal needs its application); clients in a fixed
    /// shuffled order, so that all the pre-sessions are busy at once.
    /// </summary>
    private static List<Command[]> Work(string[] csos, string[] missions)
    {
        var work = new List<Command[]>();
        for (var i = 0; i < csos.Length; i++)
        {
            var (first, second) = (Surs[i % Surs.Length], Surs[(i + 1) % Surs.Length]);
            work.Add(i < Surs.Length * WithdrawalsPerPreSession
                ? [new(Kind.Apply, csos[i], first), new(Kind.Withdraw, csos[i], first)]
                : [new(Kind.Apply, csos[i], first)]);
            work.Add([new(Kind.Apply, csos[i], second)]);
        }
        for (var m = 0; m < missions.Length; m++)
            foreach (var sur in new[] { Surs[m % Surs.Length], Surs[(m + 2) % Surs.Length] })
                work.Add([new(Kind.Rsvp, missions[m], sur, Delegates: 1 + m % 3)]);
        var shuffled = work.ToArray();
        new Random(10).Shuffle(shuffled);
        return [.. shuffled];
    }
}
