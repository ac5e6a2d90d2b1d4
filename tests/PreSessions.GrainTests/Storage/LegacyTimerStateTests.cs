using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using PreSessions.GrainTests.Cluster;
using PreSessions.GrainTests.PreSessions;

namespace PreSessions.GrainTests.Storage;

/// <summary>
/// A store written while the live timer was part of the pre-session grain: the timer's record ("timer") is stored
/// under the pre-session's grain id. The timer grain reads it once, keeps it under its own id, and goes on from it:
/// the time report of a past pre-session survives, and a timer that was running when the silo stopped resumes, with
/// its room told it is live again.
/// </summary>
public sealed class LegacyTimerStateTests(OneSiloCluster fixture) : IClassFixture<OneSiloCluster>
{
    [Fact]
    public async Task The_time_report_of_a_past_pre_session_stored_under_the_pre_session_survives()
    {
        var (key, items) = await PreSessionWithRundown("ISL");
        var started = fixture.Clock.GetUtcNow() - TimeSpan.FromHours(2);
        var opening = items[0].Allotted + TimeSpan.FromMinutes(1);
        var ended = new SpeakerTimer()
            .Apply(TimerCommand.Start, TimeSpan.Zero, items, started).Next!
            .Apply(TimerCommand.Next, TimeSpan.Zero, items, started + opening).Next!
            .Apply(TimerCommand.End, TimeSpan.Zero, items, started + opening + TimeSpan.FromMinutes(2)).Next!;
        await StoreAsThePreSessionDid(key, ended);

        var timer = fixture.Grains.GetGrain<ILiveTimerGrain>(key.GrainKey);
        var report = (await timer.GetTimeReport(consoleRoom: null)).Value!;
        Assert.Equal(TimerState.Ended, report.State);
        Assert.Equal(items.Length, report.Items.Length);
        Assert.Equal(TimeSpan.FromMinutes(1), report.Items[0].Overrun);
        Assert.Equal(TimeSpan.FromMinutes(2), report.Items[1].Used);
        Assert.Equal(opening + TimeSpan.FromMinutes(2), report.Used);
        var snapshot = (await timer.GetTimer())!;
        Assert.Equal((TimerState.Ended, 1, ended.Version), (snapshot.State, snapshot.ItemIndex, snapshot.Version));

        var own = new GrainState<SpeakerTimer>(new SpeakerTimer());
        await Storage().ReadStateAsync(LiveTimerGrain.StateName, timer.GetGrainId(), own);
        Assert.True(own.RecordExists, "The timer grain stores the adopted record under its own id.");
        Assert.Equal((TimerState.Ended, ended.Version), (own.State.State, own.State.Version));
    }

    [Fact]
    public async Task A_timer_running_when_stored_under_the_pre_session_resumes_and_its_room_is_live_again()
    {
        var (key, items) = await PreSessionWithRundown("NOR");
        var since = fixture.Clock.GetUtcNow() - TimeSpan.FromMinutes(2);
        var running = new SpeakerTimer().Apply(TimerCommand.Start, TimeSpan.Zero, items, since).Next!
            .Remember("legacy-start", TimerCommand.Start, TimeSpan.Zero);
        await StoreAsThePreSessionDid(key, running);

        var timer = fixture.Grains.GetGrain<ILiveTimerGrain>(key.GrainKey);
        var snapshot = (await timer.GetTimer())!;
        Assert.Equal(TimerState.Running, snapshot.State);
        Assert.Equal(since + items[0].Allotted, snapshot.Deadline);
        Assert.Equal(key, (await fixture.Grains.GetGrain<IRoomGrain>(Scenario.Plan(1, 1).Room).GetView())!.Live.PreSession);

        // The idempotency keys came along: a console's retry of the stored start is not a second start.
        Assert.Equal(running.Version, (await timer.Command(TimerCommand.Start, TimeSpan.Zero, null, "legacy-start")).Value!.Version);
        var next = (await timer.Command(TimerCommand.Next, TimeSpan.Zero, null, "after-adoption")).Value!;
        Assert.Equal((1, running.Version + 1), (next.ItemIndex, next.Version));
    }

    private async Task<(PreSessionKey Key, System.Collections.Immutable.ImmutableArray<RundownItem> Items)> PreSessionWithRundown(string sur)
    {
        var s = new Scenario(fixture);
        await s.Define();
        var key = await s.Schedule(sur, panelSize: 2);
        return (key, (await s.PreSession(key).GetTimerPlan())!.Rundown.Items);
    }

    /// <summary>Writes the timer's record as the pre-session grain did, before the timer grain ever activates.</summary>
    private Task StoreAsThePreSessionDid(PreSessionKey key, SpeakerTimer timer) => Storage().WriteStateAsync(
        LiveTimerGrain.StateName, fixture.Grains.GetGrain<IPreSessionGrain>(key.GrainKey).GetGrainId(), new GrainState<SpeakerTimer>(timer));

    private IGrainStorage Storage() => fixture.Cluster.GetSiloServiceProvider(fixture.Cluster.Silos[0].SiloAddress)
        .GetRequiredKeyedService<IGrainStorage>(StorageNames.Grains);
}
