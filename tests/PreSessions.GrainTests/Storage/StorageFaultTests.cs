using PreSessions.GrainTests.Cluster;
using PreSessions.GrainTests.PreSessions;

namespace PreSessions.GrainTests.Storage;

/// <summary>
/// Storage faults injected in the middle of a burst of applications into one pre-session, into its state writes (group
/// commits carrying many applications) or into the engagement directory's rounds: a write that fails, and one that
/// lands but whose answer is lost (a timeout). Clients retry with their Idempotency-Key, as they should. Then every
/// acknowledged answer is what storage holds, the positions are dense, each organisation is stored once, replays
/// answer the stored answer, and each organisation's view agrees with the pre-session's.
/// </summary>
public sealed class StorageFaultTests(OneSiloCluster fixture) : IClassFixture<OneSiloCluster>
{
    private const int Applicants = 40;
    private const int PanelSize = 5;
    private const int FaultyWrites = 3;

    [Theory]
    [InlineData(StorageFault.Fails, false)]
    [InlineData(StorageFault.LandsThenTimesOut, false)]
    [InlineData(StorageFault.Fails, true)]
    [InlineData(StorageFault.LandsThenTimesOut, true)]
    public async Task Acknowledged_applications_are_stored_once_at_dense_positions_when_writes_fail_mid_burst(
        StorageFault fault, bool inTheDirectory)
    {
        var s = new Scenario(fixture);
        await s.Define();
        var key = await s.Schedule("NOR", PanelSize);
        var orgs = await s.Register("faulty", Applicants);
        var grainId = s.PreSession(key).GetGrainId();

        // The first writes after the schedule fail; a failure makes clients retry, so every one of them happens.
        var injected = 0;
        StorageFault Next() => Interlocked.Increment(ref injected) <= FaultyWrites ? fault : StorageFault.None;
        if (inTheDirectory)
            fixture.StorageFaults.OnDirectoryRounds(k => k == key ? Next() : StorageFault.None);
        else
            fixture.StorageFaults.OnStateWrites((name, id) => name == "preSession" && id == grainId ? Next() : StorageFault.None);
        Dictionary<string, ApplicationAnswer> acknowledged;
        int failures;
        try
        {
            var results = await Scenario.InFlight(Applicants, orgs.Select(org => (Func<Task<(string, ApplicationAnswer, int)>>)(async () =>
            {
                var (outcome, failed) = await Scenario.UntilAcknowledged(() => s.Apply(org, key, $"key-{org}"));
                return (org, outcome.Accepted(), failed);
            })));
            acknowledged = results.ToDictionary(r => r.Item1, r => r.Item2);
            failures = results.Sum(r => r.Item3);
        }
        finally
        {
            fixture.StorageFaults.OnDirectoryRounds(null);
            fixture.StorageFaults.OnStateWrites(null);
        }
        Assert.True(injected > FaultyWrites, $"Only {injected} writes were made; the faults did not all happen.");
        Assert.InRange(failures, FaultyWrites, Applicants * FaultyWrites);

        // What storage holds, read from the store itself: each organisation once, in the order of the answers given.
        var stored = await fixture.Stored<PreSessionState>("preSession", grainId);
        Assert.Equal(orgs.Order(StringComparer.Ordinal), stored.Applications.Select(a => a.Applicant.OrganisationId).Order(StringComparer.Ordinal));
        for (var index = 0; index < stored.Applications.Count; index++)
        {
            var application = stored.Applications[index];
            Assert.Equal(Scenario.AnswerAt(index, PanelSize), application.FirstAnswer);
            Assert.Equal(application.FirstAnswer, acknowledged[application.Applicant.OrganisationId]);
        }

        // The live grain shows the same queue, and replays answer the stored answer.
        Assert.Equal(stored.Applications.Select(a => a.Applicant.OrganisationId), await s.Queue(key, orgs));
        foreach (var org in orgs)
            Assert.Equal(acknowledged[org], (await s.Apply(org, key, $"key-{org}")).Accepted());
        await s.AssertOrganisationsAgree(key, orgs);
    }
}
