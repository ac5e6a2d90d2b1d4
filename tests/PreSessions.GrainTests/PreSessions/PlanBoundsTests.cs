using PreSessions.GrainTests.Cluster;

namespace PreSessions.GrainTests.PreSessions;

/// <summary>Issue 16: the WG session refuses a plan the gateway would have refused, so no such plan is stored or handed down.</summary>
public sealed class PlanBoundsTests(OneSiloCluster fixture) : IClassFixture<OneSiloCluster>
{
    [Theory]
    [InlineData("9999-12-31T23:59:00+00:00", 240)]
    [InlineData("2099-12-31T23:00:00+00:00", 240)]
    [InlineData("1999-12-31T23:59:59+00:00", 60)]
    [InlineData("2017-12-12T10:00:00+01:00", 0)]
    public async Task A_plan_out_of_bounds_is_refused_as_invalid_and_stores_nothing(string startsAt, int minutes)
    {
        var s = new Scenario(fixture);
        await s.Define();

        var outcome = await s.WgSession.SchedulePreSession("AND", new PreSessionPlan(DateTimeOffset.Parse(startsAt), minutes, "RX", 5, 30));

        outcome.AssertRefused(RefusalKind.Invalid);
        Assert.Empty((await s.WgSession.GetView())!.PreSessions);
        Assert.Null(await s.PreSession(new PreSessionKey(s.Wg, "AND")).GetView());
    }
}
