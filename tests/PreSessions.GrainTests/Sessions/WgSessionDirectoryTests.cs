using PreSessions.GrainTests.Cluster;

namespace PreSessions.GrainTests.Sessions;

/// <summary>
/// The list of WG sessions agrees with the WG sessions themselves when a write is lost on the way: a WG session that
/// stored a change the directory never recorded is listed all the same, and one the directory refused to expect is
/// not stored at all. Faults stand in for the crash: the directory's call fails after or before the WG session's write.
/// </summary>
public sealed class WgSessionDirectoryTests(OneSiloCluster fixture) : IClassFixture<OneSiloCluster>, IAsyncLifetime
{
    private static int _nextWg = 700;

    private static WgSessionDetails Details(string title) => new(title, "Palais des Nations, Geneva", Provisional: true, ApplicationsClose: null);

    private IWgSessionDirectoryGrain Directory => fixture.Grains.GetGrain<IWgSessionDirectoryGrain>(WgSessionDirectory.Key);

    /// <summary>Every test starts from a directory that has been swept, so only the faults can leave a number unconfirmed.</summary>
    public async Task InitializeAsync()
    {
        await fixture.Grains.ListWgSessions();
        Assert.Empty((await Directory.GetView()).Unconfirmed);
    }

    public Task DisposeAsync()
    {
        fixture.Faults.Set(null);
        return Task.CompletedTask;
    }

    private void FailDirectoryCalls(string method) => fixture.Faults.Set(call =>
        call.Grain is IWgSessionDirectoryGrain && call.MethodName == method
            ? throw new InvalidOperationException($"The directory's {method} is lost, as in a crash.")
            : call.Invoke());

    [Fact]
    public async Task A_wg_session_stored_but_never_recorded_is_listed_once_the_directory_asks_it_again()
    {
        var wg = Interlocked.Increment(ref _nextWg);
        var session = fixture.Grains.GetGrain<IWgSessionGrain>(wg);
        FailDirectoryCalls(nameof(IWgSessionDirectoryGrain.Record));

        await Assert.ThrowsAsync<InvalidOperationException>(() => session.Define(Details("Stored, never recorded")));
        fixture.Faults.Set(null);

        Assert.Equal("Stored, never recorded", (await session.GetView())!.Details.Title);
        var view = await Directory.GetView();
        Assert.Equal([wg], view.Unconfirmed.ToArray());
        Assert.DoesNotContain(view.Listings, l => l.Wg == wg);

        var listing = Assert.Single(await fixture.Grains.ListWgSessions(), l => l.Wg == wg);
        Assert.Equal(new WgSessionListing(wg, "Stored, never recorded", "Palais des Nations, Geneva", true, null, null), listing);
        Assert.Empty((await Directory.GetView()).Unconfirmed);
    }

    [Fact]
    public async Task A_change_the_directory_did_not_expect_is_not_stored_and_not_listed()
    {
        var wg = Interlocked.Increment(ref _nextWg);
        var session = fixture.Grains.GetGrain<IWgSessionGrain>(wg);
        FailDirectoryCalls(nameof(IWgSessionDirectoryGrain.Expect));

        await Assert.ThrowsAsync<InvalidOperationException>(() => session.Define(Details("Never expected")));
        fixture.Faults.Set(null);

        Assert.Null(await session.GetView());
        Assert.DoesNotContain(await fixture.Grains.ListWgSessions(), l => l.Wg == wg);
    }

    [Fact]
    public async Task A_week_changed_but_never_recorded_shows_its_stored_days_once_asked_again()
    {
        var wg = Interlocked.Increment(ref _nextWg);
        var session = fixture.Grains.GetGrain<IWgSessionGrain>(wg);
        await session.Define(Details("A week"));
        var plan = new PreSessionPlan(new DateTimeOffset(2017, 12, 12, 10, 0, 0, TimeSpan.FromHours(1)), 60, "XXIV", 6, 40);
        Assert.True((await session.SchedulePreSession("FRA", plan)).Value);
        FailDirectoryCalls(nameof(IWgSessionDirectoryGrain.Record));

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            session.SchedulePreSession("TON", plan with { StartsAt = plan.StartsAt.AddDays(3) }));
        fixture.Faults.Set(null);

        var listing = Assert.Single(await fixture.Grains.ListWgSessions(), l => l.Wg == wg);
        Assert.Equal((new DateOnly(2017, 12, 12), new DateOnly(2017, 12, 15)), (listing.FirstDay, listing.LastDay));
    }
}
