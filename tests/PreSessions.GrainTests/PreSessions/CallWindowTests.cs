using PreSessions.GrainTests.Cluster;

namespace PreSessions.GrainTests.PreSessions;

/// <summary>
/// The call for applications on the cluster's fake clock: its edges to the tick, its defaults (closing when the
/// pre-session starts, statements two weeks before) and one pre-session's extension. This class moves the clock, so
/// it has a cluster of its own; each test sets its times from the clock's now, which only moves forward.
/// </summary>
public sealed class CallWindowTests(OneSiloCluster fixture) : IClassFixture<OneSiloCluster>
{
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    private async Task<PreSessionKey> Schedule(Scenario s, string sur, DateTimeOffset startsAt, DateTimeOffset? applicationsClose = null)
    {
        var plan = new PreSessionPlan(startsAt, 60, "XXIV", 6, 40) { ApplicationsClose = applicationsClose };
        Assert.True((await s.WgSession.SchedulePreSession(sur, plan)).Accepted());
        return new PreSessionKey(s.Wg, sur);
    }

    private static string Iso(DateTimeOffset instant) => instant.UtcDateTime.ToString("O");

    [Fact]
    public async Task Without_a_window_applications_close_when_the_pre_session_starts()
    {
        var s = new Scenario(fixture);
        await s.Define();
        var startsAt = fixture.Clock.GetUtcNow() + TimeSpan.FromHours(2);
        var key = await Schedule(s, "FRA", startsAt);
        var orgs = await s.Register("cso", 2);

        fixture.Clock.Advance(startsAt - fixture.Clock.GetUtcNow() - Tick);
        Assert.Equal(ApplicationStatus.Panel, (await s.Apply(orgs[0], key)).Accepted().Status);
        fixture.Clock.Advance(Tick);
        var refused = await s.Apply(orgs[1], key);

        refused.AssertRefused(RefusalKind.Conflict);
        Assert.Equal($"Applications to the pre-session {key} closed at {Iso(startsAt)}.", refused.Refusal!.Detail);
        Assert.Equal(new CallWindow(null, startsAt, startsAt - TimeSpan.FromDays(14)), (await s.View(key)).Window);
    }

    [Fact]
    public async Task Applications_are_taken_from_the_opening_instant_until_before_the_close_and_one_pre_session_may_extend_it()
    {
        var s = new Scenario(fixture);
        var now = fixture.Clock.GetUtcNow();
        var (opens, closes, extended, startsAt) = (now + TimeSpan.FromHours(1), now + TimeSpan.FromHours(3), now + TimeSpan.FromHours(5), now + TimeSpan.FromDays(30));
        await s.WgSession.Define(new WgSessionDetails($"WG {s.Wg}", "Palais des Nations", false, closes, opens));
        var fra = await Schedule(s, "FRA", startsAt);
        var deu = await Schedule(s, "DEU", startsAt, applicationsClose: extended);
        var orgs = await s.Register("cso", 6);

        fixture.Clock.Advance(opens - now - Tick);
        var early = await s.Apply(orgs[0], fra);
        early.AssertRefused(RefusalKind.Conflict);
        Assert.Equal($"Applications to the pre-session {fra} open at {Iso(opens)} and close at {Iso(closes)}.", early.Refusal!.Detail);

        fixture.Clock.Advance(Tick);
        Assert.Equal(ApplicationStatus.Panel, (await s.Apply(orgs[0], fra)).Accepted().Status);
        fixture.Clock.Advance(closes - opens - Tick);
        Assert.Equal(ApplicationStatus.Panel, (await s.Apply(orgs[1], fra)).Accepted().Status);
        fixture.Clock.Advance(Tick);
        (await s.Apply(orgs[2], fra)).AssertRefused(RefusalKind.Conflict);
        Assert.Equal(ApplicationStatus.Panel, (await s.Apply(orgs[3], deu)).Accepted().Status);   // the extension

        fixture.Clock.Advance(extended - closes - Tick);
        Assert.Equal(ApplicationStatus.Panel, (await s.Apply(orgs[4], deu)).Accepted().Status);
        fixture.Clock.Advance(Tick);
        var late = await s.Apply(orgs[5], deu);
        late.AssertRefused(RefusalKind.Conflict);
        Assert.Equal($"Applications to the pre-session {deu} closed at {Iso(extended)}.", late.Refusal!.Detail);
        Assert.Equal([orgs[0], orgs[1]], await s.Queue(fra, orgs));
        Assert.Equal([orgs[3], orgs[4]], await s.Queue(deu, orgs));
        await s.AssertOrganisationsAgree(fra, orgs);
    }

    [Fact]
    public async Task Statements_are_due_two_weeks_before_each_pre_session_unless_the_WG_session_says_when()
    {
        var s = new Scenario(fixture);
        await s.Define();
        var now = fixture.Clock.GetUtcNow();
        var (first, second) = (now + TimeSpan.FromDays(20), now + TimeSpan.FromDays(21));
        var (fra, deu) = (await Schedule(s, "FRA", first), await Schedule(s, "DEU", second));
        Assert.Equal(first - TimeSpan.FromDays(14), (await s.View(fra)).Window.StatementsDue);
        Assert.Equal(second - TimeSpan.FromDays(14), (await s.View(deu)).Window.StatementsDue);

        // A changed call reaches every pre-session already scheduled.
        var due = now + TimeSpan.FromDays(3);
        await s.WgSession.Define(new WgSessionDetails($"WG {s.Wg}", "Palais des Nations", false, null, StatementsDue: due));

        Assert.Equal(new CallWindow(null, first, due), (await s.View(fra)).Window);
        Assert.Equal(new CallWindow(null, second, due), (await s.View(deu)).Window);
    }
}
