namespace PreSessions.UnitTests.Domain;

/// <summary>Issue 16: a plan's bounds, and an end that never throws, whatever was stored.</summary>
public sealed class PreSessionPlanTests
{
    private static PreSessionPlan Plan(DateTimeOffset startsAt, int minutes) => new(startsAt, minutes, "XXIV", 5, 30);

    [Fact]
    public void A_plan_stored_before_the_bounds_ends_at_the_last_instant_instead_of_throwing()
    {
        var plan = Plan(new DateTimeOffset(9999, 12, 31, 23, 59, 0, TimeSpan.Zero), 240);

        Assert.Equal(DateTimeOffset.MaxValue, plan.EndsAt);
        Assert.NotNull(plan.Refusal);
    }

    [Fact]
    public void The_end_is_the_start_plus_the_duration_in_utc()
    {
        var plan = Plan(new DateTimeOffset(2017, 12, 12, 10, 0, 0, TimeSpan.FromHours(1)), 60);

        Assert.Equal(new DateTimeOffset(2017, 12, 12, 10, 0, 0, TimeSpan.Zero), plan.EndsAt);
        Assert.Equal(TimeSpan.Zero, plan.EndsAt.Offset);
        Assert.Null(plan.Refusal);
    }

    [Theory]
    [InlineData("1999-12-31T23:59:59Z", 60)]
    [InlineData("2100-01-01T00:00:00Z", 60)]
    [InlineData("2099-12-31T23:00:00Z", 61)]
    [InlineData("2017-12-12T10:00:00Z", 14)]
    [InlineData("2017-12-12T10:00:00Z", 241)]
    [InlineData("2017-12-12T10:00:00Z", -60)]
    public void Out_of_bounds_plans_are_refused(string startsAt, int minutes) =>
        Assert.NotNull(Plan(DateTimeOffset.Parse(startsAt), minutes).Refusal);

    [Theory]
    [InlineData("2000-01-01T00:00:00Z", 15)]
    [InlineData("2099-12-31T23:00:00Z", 60)]
    public void Plans_at_the_edges_pass(string startsAt, int minutes) =>
        Assert.Null(Plan(DateTimeOffset.Parse(startsAt), minutes).Refusal);

    [Fact]
    public void A_negative_duration_at_the_first_instant_does_not_throw() =>
        Assert.Equal(DateTimeOffset.MinValue, Plan(DateTimeOffset.MinValue, -60).EndsAt);
}
