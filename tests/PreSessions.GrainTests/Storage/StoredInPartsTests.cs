using Microsoft.Extensions.DependencyInjection;
using PreSessions.GrainTests.Cluster;
using PreSessions.GrainTests.PreSessions;
using PreSessions.Silo.Storage;

namespace PreSessions.GrainTests.Storage;

/// <summary>
/// A pre-session stores its applications one row each (<see cref="IStoredInParts{TSelf}"/>): what one more application
/// costs storage does not grow with the pre-session, and the record reads back whole, in its order, after any mix of
/// applications, withdrawals and RSVPs.
/// </summary>
public sealed class StoredInPartsTests(OneSiloCluster fixture) : IClassFixture<OneSiloCluster>
{
    private StateWriter Writer =>
        fixture.Cluster.GetSiloServiceProvider(fixture.Cluster.Silos[0].SiloAddress).GetRequiredService<StateWriter>();

    [Fact]
    public async Task One_more_application_writes_as_many_bytes_to_a_large_pre_session_as_to_a_small_one()
    {
        var s = new Scenario(fixture);
        await s.Define();
        var key = await s.Schedule("NZL", panelSize: 10);
        var orgs = await s.Register("parts", 301);

        // One at a time, so each write carries one application; the bytes of the first and of the 301st compared.
        async Task<long> BytesOfApplying(string org)
        {
            var before = Writer.Counts;
            (await s.Apply(org, key, $"key-{org}")).Accepted();
            await s.PreSession(key).GetView();
            return Writer.Counts.Bytes - before.Bytes;
        }

        var small = await BytesOfApplying(orgs[0]);
        for (var i = 1; i < 300; i++)
            (await s.Apply(orgs[i], key, $"key-{orgs[i]}")).Accepted();
        var large = await BytesOfApplying(orgs[300]);

        Assert.InRange(small, 1, 4_096);
        // The whole record at 300 applications weighs over 50 times the first write: a rewrite could not stay under 2x.
        Assert.InRange(large, 1, 2 * small);
        var view = await s.View(key);
        Assert.Equal(301, view.Panel.Length + view.WaitlistCount);
    }

    [Fact]
    public async Task The_record_reads_back_whole_and_in_order_after_applications_withdrawals_and_rsvps()
    {
        var s = new Scenario(fixture);
        await s.Define();
        var key = await s.Schedule("ISL", panelSize: 3, seats: 5);
        var orgs = await s.Register("order", 12);
        var missions = await s.Register("mission", 4, OrganisationKind.Mission);
        foreach (var org in orgs)
            (await s.Apply(org, key, $"key-{org}")).Accepted();
        // Withdrawals from the panel, the middle and the end of the queue; the queue closes up.
        foreach (var org in new[] { orgs[0], orgs[6], orgs[11] })
            (await s.PreSession(key).Withdraw(org, $"w-{org}")).Accepted();
        foreach (var mission in missions)
            (await s.PreSession(key).Rsvp(new Applicant(mission, Scenario.NameOf(mission)), new RsvpRequest(true, 2))).Accepted();
        var live = await s.Queue(key, orgs);

        var stored = await fixture.Stored<PreSessionState>("preSession", s.PreSession(key).GetGrainId());

        string[] expected = [.. orgs.Where((_, i) => i is not (0 or 6 or 11))];
        Assert.Equal(expected, stored.Applications.Select(a => a.Applicant.OrganisationId));
        Assert.Equal(expected, live);
        Assert.Equal([orgs[0], orgs[6], orgs[11]], stored.Withdrawals.Select(w => w.OrganisationId));
        Assert.Equal(missions, stored.Rsvps.Select(r => r.Mission.OrganisationId));
        Assert.Equal(2, stored.ConfirmedRsvps);
        // Replays answer what was stored first, read back from the items.
        for (var i = 1; i < 6; i++)
            Assert.Equal(stored.Applications[i - 1].FirstAnswer, (await s.Apply(orgs[i], key, $"key-{orgs[i]}")).Accepted());
    }
}
