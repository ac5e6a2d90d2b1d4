using System.Collections.Immutable;
using PreSessions.GrainTests.Cluster;

namespace PreSessions.GrainTests.PreSessions;

/// <summary>Review mode and the NHRI's kept place (PanelSelection): what each organisation sees, under concurrency too.</summary>
public sealed class SelectionTests(OneSiloCluster fixture) : IClassFixture<OneSiloCluster>
{
    private static PreSessionPlan Plan(int panelSize, SelectionMode selection = SelectionMode.Review, bool reserve = false) =>
        Scenario.Plan(panelSize, seats: 40) with { Selection = selection, ReserveNhriPlace = reserve };

    private static async Task<PreSessionKey> Schedule(Scenario s, string sur, PreSessionPlan plan)
    {
        await s.WgSession.SchedulePreSession(sur, plan);
        return new PreSessionKey(s.Wg, sur);
    }

    private static SelectionDecision Decision(string[] panel, string[]? waitlist = null, string[]? declined = null) =>
        new([.. panel], [.. waitlist ?? []], [.. declined ?? []]);

    private static async Task<(ApplicationStatus, int)> Standing(Scenario s, PreSessionKey key, string org) =>
        (await s.PreSession(key).GetApplication(org)) is { } a ? (a.Status, a.Position) : throw new Xunit.Sdk.XunitException($"{org} has no application.");

    [Fact]
    public async Task In_review_applications_stay_pending_until_the_selection_and_those_arriving_meanwhile_after_it()
    {
        var s = new Scenario(fixture);
        await s.Define();
        var key = await Schedule(s, "FRA", Plan(panelSize: 3));
        var orgs = await s.Register("cso", 60);
        var early = orgs[..20];
        var answers = await Scenario.InFlight(16, early.Select(o => (Func<Task<Outcome<ApplicationAnswer>>>)(() => s.Apply(o, key))));
        Assert.All(answers, a => Assert.Equal(ApplicationStatus.Pending, a.Accepted().Status));
        Assert.Equal(Enumerable.Range(1, 20), answers.Select(a => a.Accepted().Position).Order());

        // The operator selects from what it read while forty more organisations keep applying.
        var read = await s.PreSession(key).GetApplications();
        var chosen = read.Select(r => r.Applicant.OrganisationId).ToArray();
        var late = Scenario.InFlight(16, orgs[20..].Select(o => (Func<Task<Outcome<ApplicationAnswer>>>)(() => s.Apply(o, key))));
        var selected = (await s.PreSession(key).Select(Decision(chosen[..3], chosen[3..5], chosen[5..7]))).Accepted();
        var lateAnswers = await late;

        Assert.All(lateAnswers, a => Assert.Equal(ApplicationStatus.Pending, a.Accepted().Status));
        Assert.Equal(chosen[..3], selected.Where(r => r.Status == ApplicationStatus.Panel).OrderBy(r => r.Position).Select(r => r.Applicant.OrganisationId));
        var standings = await Task.WhenAll(orgs.Select(o => Standing(s, key, o)));
        var byOrg = orgs.Zip(standings).ToDictionary(p => p.First, p => p.Second);
        Assert.Equal([(ApplicationStatus.Panel, 1), (ApplicationStatus.Panel, 2), (ApplicationStatus.Panel, 3)], chosen[..3].Select(o => byOrg[o]));
        Assert.Equal([(ApplicationStatus.Waitlist, 1), (ApplicationStatus.Waitlist, 2)], chosen[3..5].Select(o => byOrg[o]));
        Assert.Equal([(ApplicationStatus.Declined, 1), (ApplicationStatus.Declined, 2)], chosen[5..7].Select(o => byOrg[o]));
        var pending = orgs.Except(chosen[..7]).ToArray();
        Assert.All(pending, o => Assert.Equal(ApplicationStatus.Pending, byOrg[o].Item1));
        Assert.Equal(Enumerable.Range(1, pending.Length), pending.Select(o => byOrg[o].Item2).Order());
        var view = await s.View(key);
        Assert.Equal((3, 2, pending.Length), (view.Panel.Length, view.WaitlistCount, view.PendingCount));
        await s.AssertOrganisationsAgree(key, orgs);

        // A withdrawal from the panel promotes the head of the waitlist, as in first come, first served.
        Assert.True((await s.Org(chosen[1]).Withdraw(key, null)).Accepted());
        Assert.Equal([chosen[0], chosen[2], chosen[3]], (await s.View(key)).Panel.Select(p => p.OrganisationId));
        Assert.Equal((ApplicationStatus.Waitlist, 1), await Standing(s, key, chosen[4]));
    }

    [Fact]
    public async Task A_selection_is_refused_when_it_names_a_stranger_oversizes_the_panel_leaves_a_place_free_or_the_mode_is_first_come()
    {
        var s = new Scenario(fixture);
        await s.Define();
        var review = await Schedule(s, "FRA", Plan(panelSize: 2));
        var fcfs = await Schedule(s, "DEU", Plan(panelSize: 2, SelectionMode.FirstComeFirstServed));
        var orgs = await s.Register("cso", 4);
        foreach (var o in orgs[..3])
        {
            await s.Apply(o, review);
            await s.Apply(o, fcfs);
        }

        async Task Refused(PreSessionKey key, SelectionDecision decision, string saying)
        {
            var outcome = await s.PreSession(key).Select(decision);
            outcome.AssertRefused(RefusalKind.Conflict);
            Assert.Contains(saying, outcome.Refusal!.Detail);
        }
        await Refused(review, Decision([orgs[0], orgs[3]]), $"no application to the pre-session {review}: {orgs[3]}");
        await Refused(review, Decision([.. orgs[..3]]), "has 2 places; the selection puts 3 on it");
        await Refused(review, Decision([orgs[0]], [orgs[1]]), $"the panel is {orgs[0]}, {orgs[1]}");
        await Refused(fcfs, Decision([orgs[0]]), "first come, first served");

        // Nothing of a refused selection stays: everyone is still pending.
        Assert.All(await s.PreSession(review).GetApplications(), r => Assert.Equal(ApplicationStatus.Pending, r.Status));
    }

    [Fact]
    public async Task The_States_NHRI_keeps_a_reserved_place_first_come_first_served_and_in_review()
    {
        var s = new Scenario(fixture);
        await s.Define();
        var key = await Schedule(s, "FRA", Plan(panelSize: 2, SelectionMode.FirstComeFirstServed, reserve: true));
        var csos = await s.Register("cso", 3);
        var nhri = (await s.Register("nhri", 1, OrganisationKind.Nhri))[0];               // registered in FRA: the State's own
        var foreign = $"nhri-deu-{s.Wg}";
        Assert.True((await s.Org(foreign).Register(new Registration(Scenario.NameOf(foreign), OrganisationKind.Nhri, "DEU", null, new byte[32]))).Succeeded);

        Assert.Equal(new ApplicationAnswer(ApplicationStatus.Panel, 1), (await s.Apply(csos[0], key)).Accepted());
        Assert.Equal(new ApplicationAnswer(ApplicationStatus.Waitlist, 1), (await s.Apply(foreign, key)).Accepted()); // another State's NHRI is not kept a place
        Assert.Equal(new ApplicationAnswer(ApplicationStatus.Waitlist, 2), (await s.Apply(csos[1], key)).Accepted());
        Assert.Equal(new ApplicationAnswer(ApplicationStatus.Panel, 2), (await s.Apply(nhri, key)).Accepted());   // the kept place, though it came last
        Assert.Equal([csos[0], nhri], (await s.View(key)).Panel.Select(p => p.OrganisationId));

        // Without the reservation the queue is plain arrival order again: the NHRI waits behind those who came first.
        await s.WgSession.SchedulePreSession("FRA", Plan(panelSize: 2, SelectionMode.FirstComeFirstServed));
        Assert.Equal([csos[0], foreign], (await s.View(key)).Panel.Select(p => p.OrganisationId));
        Assert.Equal((ApplicationStatus.Waitlist, 2), await Standing(s, key, nhri));

        // In review, a panel without the State's NHRI leaves its place free; with it, the panel fills.
        await s.WgSession.SchedulePreSession("FRA", Plan(panelSize: 2, SelectionMode.Review, reserve: true));
        var withoutIt = await s.PreSession(key).Select(Decision([csos[0], csos[1]]));
        withoutIt.AssertRefused(RefusalKind.Conflict);
        Assert.Contains("keeps a panel place for the NHRI of FRA", withoutIt.Refusal!.Detail);
        (await s.PreSession(key).Select(Decision([csos[0]], [csos[1]]))).Accepted();      // one waits while the kept place is free
        Assert.Equal((ApplicationStatus.Waitlist, 1), await Standing(s, key, csos[1]));
        (await s.PreSession(key).Select(Decision([csos[0]], declined: [csos[1]]))).Accepted();
        Assert.Equal((1, 0, 2), ((await s.View(key)).Panel.Length, (await s.View(key)).WaitlistCount, (await s.View(key)).PendingCount));
        (await s.PreSession(key).Select(Decision([nhri, csos[0]], [csos[1]]))).Accepted();
        Assert.Equal([nhri, csos[0]], (await s.View(key)).Panel.Select(p => p.OrganisationId));
        Assert.Equal((ApplicationStatus.Waitlist, 1), await Standing(s, key, csos[1]));
        Assert.Equal((ApplicationStatus.Pending, 1), await Standing(s, key, foreign));
        await s.AssertOrganisationsAgree(key, [.. csos, nhri, foreign]);
    }
}
