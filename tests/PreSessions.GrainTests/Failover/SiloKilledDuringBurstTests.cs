using PreSessions.GrainTests.Cluster;
using PreSessions.GrainTests.PreSessions;

namespace PreSessions.GrainTests.Failover;

/// <summary>
/// A secondary silo is killed while applications and RSVPs pour in. Clients do what they should: retry a failed
/// command with its Idempotency-Key. Afterwards every command counts exactly once, nothing is oversold, and every
/// organisation's view agrees with its pre-session's.
/// </summary>
[Collection(SiloFailures.Name)]
public sealed class SiloKilledDuringBurstTests(ThreeSiloCluster fixture) : IClassFixture<ThreeSiloCluster>
{
    private int _acknowledged;

    private readonly TaskCompletionSource _killed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    [Fact]
    public async Task Every_command_counts_once_after_a_silo_dies_mid_burst()
    {
        var s = new Scenario(fixture);
        await s.Define();
        PreSessionKey[] keys = [await s.Schedule("SRB", panelSize: 5, seats: 20), await s.Schedule("TON", panelSize: 12, seats: 20)];
        var csos = await s.Register("cso", 120);
        var missions = await s.Register("mission", 30, OrganisationKind.Mission);

        var victim = fixture.Cluster.SecondarySilos[0];
        var commands = csos.SelectMany((org, i) => keys.Take(1 + i % 2).Select(key => (Func<Task<bool>>)(() =>
                UntilAcknowledged(() => s.Apply(org, key, $"{org}@{key}")))))
            .Concat(missions.Select((mission, i) => (Func<Task<bool>>)(() =>
                UntilAcknowledged(() => s.Org(mission).Rsvp(keys[i % 2], new RsvpRequest(true, 1 + i % 4))))))
            .ToList();

        var burst = Scenario.InFlight(24, commands);
        await WhenAcknowledged(() => Volatile.Read(ref _acknowledged) >= commands.Count / 3, burst);
        await fixture.KillSiloAsync(victim, whenKilled: () => _killed.SetResult());
        var retried = (await burst).Count(r => r);

        Assert.True(retried > 0, "The kill interrupted no command, so this run proved nothing about failover.");
        // The survivors may still route a first call to the dead silo from a stale cache; such a call fails and is
        // retried, as a client would. Assertion failures are never retried.
        await Settled(async () =>
        {
            for (var k = 0; k < keys.Length; k++)
            {
                var applicants = csos.Where((_, i) => k == 0 || i % 2 == 1).ToList();
                var queue = await s.Queue(keys[k], applicants);
                Assert.Equal(applicants.Order(), queue.Order());
                await s.AssertOrganisationsAgree(keys[k], applicants);

                var attending = missions.Where((_, i) => i % 2 == k).ToList();
                var view = await s.View(keys[k]);
                var standings = await Task.WhenAll(attending.Select(m => s.PreSession(keys[k]).GetRsvp(m)));
                Assert.All(standings, r => Assert.NotNull(r));
                Assert.InRange(view.SeatsTaken, 0, view.Plan.Seats);
                Assert.Equal(view.SeatsTaken, standings.Where(r => r!.Status == RsvpStatus.Confirmed).Sum(r => r!.Delegates));
                await s.AssertMissionsAgree(keys[k], attending);
            }
        });
    }

    private static async Task Settled(Func<Task> check)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await check();
                return;
            }
            catch (Exception transient) when (transient is TimeoutException or OrleansException && attempt < 10)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
    }

    /// <summary>
    /// Sends the command until it is acknowledged, as a client with an Idempotency-Key may. Once the silo is killed,
    /// calls fail until the survivors declare it dead (seconds to a minute on two loaded cores), so the budget is
    /// generous but bounded: at most 100 attempts, at most 2 s apart.
    /// </summary>
    private async Task<bool> UntilAcknowledged<T>(Func<Task<Outcome<T>>> command)
    {
        var retried = false;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var outcome = await command();
                Assert.True(outcome.Succeeded, outcome.Refusal?.Detail);
                Interlocked.Increment(ref _acknowledged);
                return retried;
            }
            catch (Exception failure) when (failure is not Xunit.Sdk.XunitException && attempt < 100)
            {
                retried = true;
                await Task.WhenAny(_killed.Task, Task.Delay(TimeSpan.FromSeconds(10)));
                await Task.Delay(TimeSpan.FromMilliseconds(250 * Math.Min(attempt, 8)));
            }
        }
    }

    private static async Task WhenAcknowledged(Func<bool> enough, Task burst)
    {
        var deadline = TimeSpan.FromSeconds(60);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!enough() && !burst.IsCompleted)
        {
            Assert.True(waited.Elapsed < deadline, "The burst made too little progress to kill a silo in the middle of it.");
            await Task.Delay(20);
        }
        Assert.False(burst.IsCompleted, "The burst ended before the silo could be killed in the middle of it.");
    }
}
