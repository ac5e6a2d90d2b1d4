using PreSessions.GrainTests.Cluster;

namespace PreSessions.GrainTests.PreSessions;

/// <summary>
/// Many organisations at once against [Reentrant] pre-sessions that acknowledge many commands per write, with the
/// grains spread over three silos: no application lost or doubled, nobody overtaken, no oversized panel.
/// </summary>
public sealed class ConcurrentApplicationTests(ThreeSiloCluster fixture) : IClassFixture<ThreeSiloCluster>
{
    [Fact]
    public async Task Hundreds_of_concurrent_applications_fill_each_panel_in_arrival_order()
    {
        var s = new Scenario(fixture);
        await s.Define();
        // A small, a medium and a large panel, and one larger than its applicants (no waitlist).
        var panelSizes = new Dictionary<string, int> { ["FRA"] = 10, ["BHS"] = 40, ["LUX"] = 150, ["MLI"] = 400 };
        var keys = new List<PreSessionKey>();
        foreach (var (sur, size) in panelSizes)
            keys.Add(await s.Schedule(sur, size));
        var orgs = await s.Register("cso", 400);
        var random = new Random(29);
        var choices = orgs.ToDictionary(o => o, _ => keys.OrderBy(_ => random.Next()).Take(random.Next(2, 4)).ToArray());

        // Every application started at once, 64 in flight (see InFlight), in rounds (each organisation's first
        // choice, then its second...) so that one organisation's calls do not queue behind each other in its grain.
        // The views are read throughout to catch a moment of inconsistency.
        var calls = Enumerable.Range(0, 3).SelectMany(round => orgs.Where(o => choices[o].Length > round).Select(org =>
            (Func<Task<(string Org, PreSessionKey Key, Outcome<ApplicationAnswer> Outcome)>>)(async () =>
                (org, choices[org][round], await s.Apply(org, choices[org][round], $"{org}->{choices[org][round]}")))));
        var storm = Scenario.InFlight(64, calls);
        var sampling = s.SampleWhile(storm, [.. keys]);
        var results = await storm;
        var samples = await sampling;

        var answers = results.ToDictionary(r => (r.Org, r.Key), r => r.Outcome.Accepted());
        var finalPanels = new Dictionary<PreSessionKey, string[]>();
        foreach (var key in keys)
        {
            var panelSize = panelSizes[key.Sur];
            var applicants = results.Where(r => r.Key == key).Select(r => r.Org).ToList();

            // The answers given at apply time are exactly panel 1..k then waitlist 1..m: no position given twice.
            var expected = Enumerable.Range(0, applicants.Count).Select(i => Scenario.AnswerAt(i, panelSize));
            Assert.Equal(expected, applicants.Select(o => answers[(o, key)]).OrderBy(a => a.Status).ThenBy(a => a.Position));

            // Everybody acknowledged is in the queue exactly once, and nobody else (all 400 are candidates).
            var queue = await s.Queue(key, orgs);
            Assert.Equal(applicants.Order(StringComparer.Ordinal), queue.Order(StringComparer.Ordinal));
            var view = await s.View(key);
            Assert.Equal(Math.Min(panelSize, applicants.Count), view.Panel.Length);

            // Without withdrawals the queue is the arrival order, so each applicant still stands where it was answered.
            Assert.All(applicants, o => Assert.Equal(Scenario.IndexOf(answers[(o, key)], panelSize), queue.IndexOf(o)));
            finalPanels[key] = [.. view.Panel.Select(p => p.OrganisationId)];
        }

        // Reads show committed state only, and applications only join at the back: every panel seen mid-storm is a
        // prefix of the final one (a reader never saw a speaker who was later not on the panel, or out of order).
        Assert.All(samples, Scenario.AssertWellFormed);
        Assert.All(samples, sample =>
        {
            var final = finalPanels[sample.Key];
            Assert.Equal(final.Take(sample.Panel.Length), sample.Panel.Select(p => p.OrganisationId));
        });

        // Each organisation's own view lists exactly its applications, standing where the pre-session says.
        await Task.WhenAll(orgs.Select(async org =>
        {
            var view = await s.Org(org).GetView();
            Assert.NotNull(view);
            var expected = choices[org]
                .OrderBy(k => k.Sur, StringComparer.Ordinal)
                .Select(k => new ApplicationStanding(k.Wg, k.Sur, answers[(org, k)].Status, answers[(org, k)].Position));
            Assert.Equal(expected, view.Applications);
        }));
    }

    [Fact]
    public async Task Concurrent_withdrawals_promote_the_next_in_arrival_order_while_new_applications_join_the_back()
    {
        const int panelSize = 8;
        var s = new Scenario(fixture);
        await s.Define();
        var key = await s.Schedule("FRA", panelSize);
        var first = await s.Register("first", 30);
        var late = await s.Register("late", 10);

        // One by one, so the arrival order is known: 8 on the panel, 22 waiting.
        for (var i = 0; i < first.Length; i++)
            Assert.Equal(Scenario.AnswerAt(i, panelSize), (await s.Apply(first[i], key)).Accepted());

        var random = new Random(7);
        var leaving = first.OrderBy(_ => random.Next()).Take(first.Length / 2).ToHashSet();
        Assert.Contains(first.Take(panelSize), leaving.Contains);       // some speakers leave the panel,
        Assert.Contains(first.Skip(panelSize), leaving.Contains);       // and some leave the waitlist.

        // Withdrawals and new applications interleaved, all started at once.
        var withdrawals = leaving.Select(o => s.Org(o).Withdraw(key, $"wd-{o}")).ToList();
        var arrivals = late.Select(async o => (Org: o, Answer: (await s.Apply(o, key)).Accepted())).ToList();
        Assert.All(await Task.WhenAll(withdrawals), w => Assert.True(w.Accepted()));
        var arrived = await Task.WhenAll(arrivals);

        var survivors = first.Where(o => !leaving.Contains(o)).ToList();
        var queue = await s.Queue(key, [.. first, .. late]);
        // The survivors keep their arrival order at the front; every newcomer is behind all of them.
        Assert.Equal(survivors, queue.Take(survivors.Count));
        Assert.Equal(late.Order(StringComparer.Ordinal), queue.Skip(survivors.Count).Order(StringComparer.Ordinal));
        // So the panel is the first eight survivors.
        Assert.Equal(survivors.Take(panelSize), (await s.View(key)).Panel.Select(p => p.OrganisationId));
        // A newcomer arrived behind 15..39 others, and since then people ahead only left: nobody moved back.
        Assert.All(arrived, a =>
        {
            var answeredAt = Scenario.IndexOf(a.Answer, panelSize);
            Assert.InRange(answeredAt, survivors.Count, first.Length + late.Length - 1);
            Assert.True(queue.IndexOf(a.Org) <= answeredAt, $"{a.Org} was answered at {answeredAt} and now stands at {queue.IndexOf(a.Org)}.");
        });
        await s.AssertOrganisationsAgree(key, [.. first, .. late]);

        // Withdrawing twice: refused without a key, the same answer again with the same key, refused with another key.
        var again = leaving.First();
        (await s.Org(again).Withdraw(key, null)).AssertRefused(RefusalKind.NotFound);
        Assert.True((await s.Org(again).Withdraw(key, $"wd-{again}")).Accepted());
        (await s.Org(again).Withdraw(key, "another-key")).AssertRefused(RefusalKind.NotFound);
        // An organisation that never applied has nothing to withdraw.
        (await s.Org(late[0]).Withdraw(new PreSessionKey(s.Wg, "BHS"), null)).AssertRefused(RefusalKind.NotFound);
        // None of these replays moved anybody.
        Assert.Equal(queue, await s.Queue(key, [.. first, .. late]));
    }
}
