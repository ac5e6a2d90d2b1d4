using PreSessions.GrainTests.Cluster;

namespace PreSessions.GrainTests.PreSessions;

/// <summary>
/// A client that retries makes delivery at-least-once; the idempotency key makes it exactly-once. A replay answers
/// the first answer and changes nothing; a different command under the same key, or a second application, is refused.
/// </summary>
public sealed class IdempotencyTests(OneSiloCluster fixture) : IClassFixture<OneSiloCluster>
{
    [Fact]
    public async Task The_same_application_replayed_concurrently_is_one_application_with_one_answer()
    {
        var s = new Scenario(fixture);
        await s.Define();
        var key = await s.Schedule("FRA", panelSize: 5);
        var others = await s.Register("other", 12);
        var replayer = (await s.Register("replayer", 1))[0];

        // Others apply at the same time, so the replayer's answer depends on when its first call got in.
        var otherCalls = others.Select(o => s.Apply(o, key)).ToList();
        var replays = Enumerable.Range(0, 40).Select(_ => s.Apply(replayer, key, "the-key")).ToList();
        Assert.All(await Task.WhenAll(otherCalls), o => o.Accepted());
        var answers = (await Task.WhenAll(replays)).Select(o => o.Accepted()).ToList();

        Assert.Single(answers.Distinct());
        var queue = await s.Queue(key, [.. others, replayer]);
        Assert.Equal(13, queue.Count);                        // one application, not forty
        Assert.Equal(Scenario.IndexOf(answers[0], 5), queue.IndexOf(replayer));
        await s.AssertOrganisationsAgree(key, [.. others, replayer]);
    }

    [Fact]
    public async Task The_pre_session_itself_dedupes_replays_that_interleave_in_it()
    {
        // The pre-session is [Reentrant]: replays of one command reach it interleaved, not one after another as
        // through an organisation, so its own idempotency check must hold while the first write is in flight.
        var s = new Scenario(fixture);
        await s.Define();
        var key = await s.Schedule("BHS", panelSize: 3);
        var others = await s.Register("other", 10);
        var direct = $"direct-{s.Wg}";
        var applicant = new Applicant(direct, Scenario.NameOf(direct));

        var otherCalls = others.Select(o => s.Apply(o, key)).ToList();
        var replays = Enumerable.Range(0, 40).Select(_ => s.PreSession(key).Apply(applicant, Scenario.Speech(direct), "direct-key")).ToList();
        Assert.All(await Task.WhenAll(otherCalls), o => o.Accepted());
        var answers = (await Task.WhenAll(replays)).Select(o => o.Accepted().FirstAnswer).ToList();

        Assert.Single(answers.Distinct());
        var queue = await s.Queue(key, [.. others, direct]);
        Assert.Equal(11, queue.Count);
        Assert.Equal(Scenario.IndexOf(answers[0], 3), queue.IndexOf(direct));
    }

    [Fact]
    public async Task The_same_key_with_a_different_application_is_a_conflict_and_changes_nothing()
    {
        var s = new Scenario(fixture);
        await s.Define();
        var key = await s.Schedule("LUX", panelSize: 2);
        var org = (await s.Register("cso", 1))[0];
        var first = (await s.Apply(org, key, "k1")).Accepted();

        (await s.Org(org).Apply(key, new SpeakerApplication("Someone else", ["theme"]), "k1")).AssertRefused(RefusalKind.Conflict);
        (await s.Org(org).Apply(key, new SpeakerApplication(Scenario.Speech(org).SpeakerName, ["another theme"]), "k1"))
            .AssertRefused(RefusalKind.Conflict);
        // A second application under another key is refused too: one application per organisation.
        (await s.Apply(org, key, "k2")).AssertRefused(RefusalKind.Conflict);

        // The stored application is the first one (Queue checks the panel's speaker name), and a true replay still works.
        Assert.Equal([org], await s.Queue(key, [org]));
        Assert.Equal(first, (await s.Apply(org, key, "k1")).Accepted());
        await s.AssertOrganisationsAgree(key, [org]);
    }

    [Fact]
    public async Task Applying_twice_without_a_key_is_a_conflict_the_second_time()
    {
        var s = new Scenario(fixture);
        await s.Define();
        var key = await s.Schedule("MLI", panelSize: 2);
        var orgs = await s.Register("cso", 2);
        Assert.Equal(new ApplicationAnswer(ApplicationStatus.Panel, 1), (await s.Apply(orgs[0], key)).Accepted());

        // Without a key the server cannot tell a retry from a second application, so it refuses it.
        (await s.Apply(orgs[0], key)).AssertRefused(RefusalKind.Conflict);
        Assert.Equal(new ApplicationAnswer(ApplicationStatus.Panel, 2), (await s.Apply(orgs[1], key)).Accepted());
        Assert.Equal(orgs, await s.Queue(key, orgs));
        await s.AssertOrganisationsAgree(key, orgs);
    }

    [Fact]
    public async Task A_replay_after_the_queue_moved_answers_the_first_answer_while_the_view_shows_the_current_standing()
    {
        var s = new Scenario(fixture);
        await s.Define();
        var key = await s.Schedule("MNE", panelSize: 2);
        var orgs = await s.Register("cso", 4);
        var answers = new List<ApplicationAnswer>();
        foreach (var org in orgs)
            answers.Add((await s.Apply(org, key, $"key-{org}")).Accepted());
        Assert.Equal([Scenario.AnswerAt(0, 2), Scenario.AnswerAt(1, 2), Scenario.AnswerAt(2, 2), Scenario.AnswerAt(3, 2)], answers);

        // The first speaker withdraws: everybody moves up one; the head of the waitlist joins the panel.
        Assert.True((await s.Org(orgs[0]).Withdraw(key, null)).Accepted());
        for (var i = 1; i < orgs.Length; i++)
        {
            Assert.Equal(answers[i], (await s.Apply(orgs[i], key, $"key-{orgs[i]}")).Accepted());
            var standing = Assert.Single((await s.Org(orgs[i]).GetView())!.Applications);
            Assert.Equal(Scenario.AnswerAt(i - 1, 2), new ApplicationAnswer(standing.Status, standing.Position));
        }
        Assert.Equal(orgs.Skip(1), await s.Queue(key, orgs));
        await s.AssertOrganisationsAgree(key, orgs);
    }

    [Fact]
    public async Task A_replay_of_a_withdrawn_application_answers_its_first_answer_without_bringing_it_back()
    {
        var s = new Scenario(fixture);
        await s.Define();
        var key = await s.Schedule("ROU", panelSize: 2);
        var orgs = await s.Register("cso", 2);
        var first = (await s.Apply(orgs[0], key, "k1")).Accepted();
        Assert.True((await s.Org(orgs[0]).Withdraw(key, null)).Accepted());

        // The pre-session remembers the withdrawn application's key, so a late retry gets the answer it missed...
        Assert.Equal(first, (await s.Apply(orgs[0], key, "k1")).Accepted());
        // ...and the organisation has no application, on either side.
        Assert.Empty(await s.Queue(key, orgs));
        await s.AssertOrganisationsAgree(key, orgs);
        // So there is nothing to withdraw any more (as for any second withdrawal without a key).
        (await s.Org(orgs[0]).Withdraw(key, null)).AssertRefused(RefusalKind.NotFound);
    }

    [Fact]
    public async Task After_a_replay_of_a_withdrawn_application_the_organisation_can_apply_again()
    {
        var s = new Scenario(fixture);
        await s.Define();
        var key = await s.Schedule("SRB", panelSize: 2);
        var orgs = await s.Register("cso", 2);
        Assert.Equal(Scenario.AnswerAt(0, 2), (await s.Apply(orgs[0], key, "k1")).Accepted());
        Assert.Equal(Scenario.AnswerAt(1, 2), (await s.Apply(orgs[1], key, "k1")).Accepted());
        Assert.True((await s.Org(orgs[0]).Withdraw(key, null)).Accepted());
        Assert.Equal(Scenario.AnswerAt(0, 2), (await s.Apply(orgs[0], key, "k1")).Accepted());   // a late retry

        // A new application (a new key) after a withdrawal is welcome at the back, as the pre-session allows.
        Assert.Equal(Scenario.AnswerAt(1, 2), (await s.Apply(orgs[0], key, "k2")).Accepted());
        Assert.Equal([orgs[1], orgs[0]], await s.Queue(key, orgs));
        await s.AssertOrganisationsAgree(key, orgs);
    }
}
