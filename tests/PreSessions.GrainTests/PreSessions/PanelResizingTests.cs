using PreSessions.GrainTests.Cluster;

namespace PreSessions.GrainTests.PreSessions;

/// <summary>An organiser changes a pre-session's panel size through its WG session's plan.</summary>
public sealed class PanelResizingTests(OneSiloCluster fixture) : IClassFixture<OneSiloCluster>
{
    [Fact]
    public async Task Shrinking_moves_the_last_speakers_to_the_head_of_the_waitlist_and_growing_promotes_from_it()
    {
        var s = new Scenario(fixture);
        await s.Define();
        var key = await s.Schedule("FRA", panelSize: 6);
        var orgs = await s.Register("cso", 10);
        foreach (var org in orgs)
            (await s.Apply(org, key)).Accepted();
        Assert.Equal(orgs, await s.Queue(key, orgs));

        // Shrink to 4: speakers 5 and 6 become waitlist 1 and 2, ahead of those who were already waiting.
        await s.Replan(key, panelSize: 4);
        Assert.Equal(orgs, await s.Queue(key, orgs));
        await AssertStandings(s, key, orgs, panelSize: 4);
        Assert.Equal(new ApplicationStanding(s.Wg, "FRA", ApplicationStatus.Waitlist, 1), await s.PreSession(key).GetApplication(orgs[4]));
        Assert.Equal(new ApplicationStanding(s.Wg, "FRA", ApplicationStatus.Waitlist, 3), await s.PreSession(key).GetApplication(orgs[6]));
        await s.AssertOrganisationsAgree(key, orgs);

        // Grow to 8: the first four waiting are promoted in order.
        await s.Replan(key, panelSize: 8);
        Assert.Equal(orgs, await s.Queue(key, orgs));
        await AssertStandings(s, key, orgs, panelSize: 8);
        Assert.Equal(orgs.Take(8), (await s.View(key)).Panel.Select(p => p.OrganisationId));
        Assert.Equal(2, (await s.View(key)).WaitlistCount);
        await s.AssertOrganisationsAgree(key, orgs);

        // Larger than the applicants: everybody speaks, nobody waits.
        await s.Replan(key, panelSize: 15);
        await AssertStandings(s, key, orgs, panelSize: 15);
        Assert.Equal(0, (await s.View(key)).WaitlistCount);
        await s.AssertOrganisationsAgree(key, orgs);

        // A newcomer after the changes joins at the end of the panel.
        var late = (await s.Register("late", 1))[0];
        Assert.Equal(new ApplicationAnswer(ApplicationStatus.Panel, 11), (await s.Apply(late, key)).Accepted());
    }

    [Fact]
    public async Task Resizing_while_applications_arrive_never_puts_more_than_the_panel_size_on_the_panel()
    {
        int[] sizes = [10, 3, 15, 5, 8];
        var s = new Scenario(fixture);
        await s.Define();
        var key = await s.Schedule("BHS", panelSize: sizes[0]);
        var orgs = await s.Register("cso", 60);

        var applications = Task.WhenAll(orgs.Select(async o => (Org: o, Answer: (await s.Apply(o, key)).Accepted())));
        var resizing = Task.Run(async () =>
        {
            foreach (var size in sizes.Skip(1))
                await s.Replan(key, size);
        });
        var work = Task.WhenAll(applications, resizing);
        var samples = await s.SampleWhile(work, key);
        await work;
        var answers = await applications;

        // Every view ever read: panel dense, within its own plan's size, full while anybody waits.
        Assert.All(samples, Scenario.AssertWellFormed);
        Assert.Contains(samples, v => v.WaitlistCount > 0);

        var queue = await s.Queue(key, orgs);
        Assert.Equal(60, queue.Count);
        Assert.Equal(8, (await s.View(key)).Panel.Length);
        // No withdrawals, so the queue is the arrival order: each answer was right for the panel size of its moment,
        // i.e. a panel answer names the applicant's place, and a waitlist answer implies one of the sizes in force.
        Assert.All(answers, a =>
        {
            var index = queue.IndexOf(a.Org);
            if (a.Answer.Status == ApplicationStatus.Panel)
                Assert.Equal(index + 1, a.Answer.Position);
            else
                Assert.Contains(index - a.Answer.Position + 1, sizes);
        });
        await AssertStandings(s, key, [.. queue], panelSize: 8);
        await s.AssertOrganisationsAgree(key, orgs);
    }

    /// <summary>Each organisation stands where its place in the queue puts it for this panel size.</summary>
    private static async Task AssertStandings(Scenario s, PreSessionKey key, string[] queue, int panelSize)
    {
        for (var i = 0; i < queue.Length; i++)
        {
            var standing = await s.PreSession(key).GetApplication(queue[i]);
            Assert.NotNull(standing);
            Assert.Equal(Scenario.AnswerAt(i, panelSize), new ApplicationAnswer(standing.Status, standing.Position));
        }
    }
}
