using PreSessions.GrainTests.Cluster;

namespace PreSessions.GrainTests.PreSessions;

/// <summary>
/// Applications close at the WG session's closing time, read from the cluster's fake clock. This class moves that
/// clock, so it has a cluster of its own; the clock only ever moves forward.
/// </summary>
public sealed class ApplicationsCloseTests(OneSiloCluster fixture) : IClassFixture<OneSiloCluster>
{
    [Fact]
    public async Task After_the_close_new_applications_are_refused_while_replays_keep_their_first_answer()
    {
        var s = new Scenario(fixture);
        var close = fixture.Clock.GetUtcNow() + TimeSpan.FromHours(1);
        await s.Define(close);
        var key = await s.Schedule("FRA", panelSize: 1);
        var orgs = await s.Register("cso", 4);

        Assert.Equal(new ApplicationAnswer(ApplicationStatus.Panel, 1), (await s.Apply(orgs[0], key, "k0")).Accepted());
        fixture.Clock.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(new ApplicationAnswer(ApplicationStatus.Waitlist, 1), (await s.Apply(orgs[1], key, "k1")).Accepted());

        // At the closing instant it is closed, and two hours after the definition all the more so.
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(close, fixture.Clock.GetUtcNow());
        (await s.Apply(orgs[2], key, "k2")).AssertRefused(RefusalKind.Conflict);
        fixture.Clock.Advance(TimeSpan.FromHours(1));
        (await s.Apply(orgs[3], key, "k3")).AssertRefused(RefusalKind.Conflict);
        (await s.Apply(orgs[2], key, "k2")).AssertRefused(RefusalKind.Conflict);    // a retry is no way around it

        // The early applicants' retries still get their first answers, even the one who now heads the panel.
        Assert.True((await s.Org(orgs[0]).Withdraw(key, null)).Accepted());
        Assert.Equal(new ApplicationAnswer(ApplicationStatus.Waitlist, 1), (await s.Apply(orgs[1], key, "k1")).Accepted());
        Assert.Equal(new ApplicationAnswer(ApplicationStatus.Panel, 1), (await s.Apply(orgs[0], key, "k0")).Accepted());
        // Nothing of the refused applications remains, on either side.
        Assert.Equal([orgs[1]], await s.Queue(key, orgs));
        await s.AssertOrganisationsAgree(key, orgs);

        // A later closing time set on the WG session reaches its pre-sessions: applications are open again.
        await s.Define(fixture.Clock.GetUtcNow() + TimeSpan.FromHours(1));
        Assert.Equal(new ApplicationAnswer(ApplicationStatus.Waitlist, 1), (await s.Apply(orgs[2], key, "k2")).Accepted());
        // A refused application left nothing in its organisation either: a new one under another key is welcome.
        Assert.Equal(new ApplicationAnswer(ApplicationStatus.Waitlist, 2), (await s.Apply(orgs[3], key, "k3-again")).Accepted());
        Assert.Equal([orgs[1], orgs[2], orgs[3]], await s.Queue(key, orgs));
        await s.AssertOrganisationsAgree(key, orgs);
    }
}
