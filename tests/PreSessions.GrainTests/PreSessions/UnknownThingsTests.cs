using PreSessions.GrainTests.Cluster;

namespace PreSessions.GrainTests.PreSessions;

/// <summary>Commands about things that do not exist are refused as NotFound and leave no trace anywhere.</summary>
public sealed class UnknownThingsTests(OneSiloCluster fixture) : IClassFixture<OneSiloCluster>
{
    [Fact]
    public async Task Applying_or_rsvping_to_an_unscheduled_pre_session_is_not_found_and_leaves_nothing_behind()
    {
        var s = new Scenario(fixture);
        await s.Define();
        var key = new PreSessionKey(s.Wg, "BHS");
        var cso = (await s.Register("cso", 1))[0];
        var mission = (await s.Register("mission", 1, OrganisationKind.Mission))[0];

        (await s.Apply(cso, key, "k")).AssertRefused(RefusalKind.NotFound);
        (await s.Org(mission).Rsvp(key, new RsvpRequest(true, 2))).AssertRefused(RefusalKind.NotFound);
        (await s.Org(cso).Withdraw(key, null)).AssertRefused(RefusalKind.NotFound);

        Assert.Null(await s.PreSession(key).GetView());
        foreach (var org in new[] { cso, mission })
        {
            var view = (await s.Org(org).GetView())!;
            Assert.Empty(view.Applications);
            Assert.Empty(view.Rsvps);
        }

        // Once scheduled, the same command (same key) is a first application, not blocked by the refused attempt.
        await s.Schedule("BHS", panelSize: 2);
        Assert.Equal(new ApplicationAnswer(ApplicationStatus.Panel, 1), (await s.Apply(cso, key, "k")).Accepted());
        Assert.Equal(new RsvpAnswer(RsvpStatus.Confirmed, 2), (await s.Org(mission).Rsvp(key, new RsvpRequest(true, 2))).Accepted());
        await s.AssertOrganisationsAgree(key, [cso]);
        await s.AssertMissionsAgree(key, [mission]);
    }

    [Fact]
    public async Task Scheduling_in_an_undefined_wg_session_is_not_found()
    {
        var s = new Scenario(fixture);                     // its WG number is never defined

        (await s.WgSession.SchedulePreSession("FRA", Scenario.Plan(10, 40))).AssertRefused(RefusalKind.NotFound);

        Assert.Null(await s.WgSession.GetView());
        Assert.Null(await s.PreSession(new PreSessionKey(s.Wg, "FRA")).GetView());
    }

    [Fact]
    public async Task Scheduling_for_a_code_that_is_not_a_un_member_state_is_not_found()
    {
        var s = new Scenario(fixture);
        await s.Define();

        (await s.WgSession.SchedulePreSession("XYZ", Scenario.Plan(10, 40))).AssertRefused(RefusalKind.NotFound);
        (await s.WgSession.SchedulePreSession("fra", Scenario.Plan(10, 40))).AssertRefused(RefusalKind.NotFound);

        Assert.Empty((await s.WgSession.GetView())!.PreSessions);
        Assert.Null(await s.PreSession(new PreSessionKey(s.Wg, "XYZ")).GetView());
        Assert.Null(await s.PreSession(new PreSessionKey(s.Wg, "fra")).GetView());
    }

    [Fact]
    public async Task An_unregistered_organisation_cannot_apply_withdraw_or_rsvp()
    {
        var s = new Scenario(fixture);
        await s.Define();
        var key = await s.Schedule("FRA", panelSize: 2, seats: 10);
        var stranger = $"stranger-{s.Wg}";

        (await s.Apply(stranger, key, "k")).AssertRefused(RefusalKind.NotFound);
        (await s.Org(stranger).Withdraw(key, null)).AssertRefused(RefusalKind.NotFound);
        (await s.Org(stranger).Rsvp(key, new RsvpRequest(true, 1))).AssertRefused(RefusalKind.NotFound);

        Assert.Null(await s.Org(stranger).GetView());
        var view = await s.View(key);
        Assert.Equal((0, 0, 0), (view.Panel.Length, view.WaitlistCount, view.SeatsTaken));
    }
}
