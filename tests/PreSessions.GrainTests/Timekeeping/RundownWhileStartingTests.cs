using PreSessions.GrainTests.Cluster;
using PreSessions.GrainTests.PreSessions;

namespace PreSessions.GrainTests.Timekeeping;

/// <summary>
/// The operator sets the running order while the room's console starts the timer: the timer decides both, one after
/// the other, so a rundown that was accepted is the one the timer runs, and one that came after the start is refused.
/// </summary>
public sealed class RundownWhileStartingTests(OneSiloCluster fixture) : IClassFixture<OneSiloCluster>
{
    private static readonly string[] Surs = ["FRA", "DEU", "ITA", "ESP", "PRT", "BEL", "NLD", "AUT"];

    [Fact]
    public async Task A_rundown_set_as_the_timer_starts_is_the_one_it_runs_or_refused()
    {
        var s = new Scenario(fixture);
        await s.Define();
        RundownItem[] set =
        [
            new(RundownItemKind.Opening, "Opening as set", null, TimeSpan.FromMinutes(10)),
            new(RundownItemKind.Closing, "Closing as set", null, TimeSpan.FromMinutes(5)),
        ];
        var outcomes = new List<bool>();
        foreach (var (sur, i) in Surs.Select((sur, i) => (sur, i)))
        {
            var key = await s.Schedule(sur, panelSize: 2);
            var timer = s.Grains.GetGrain<ILiveTimerGrain>(key.GrainKey);
            // Sent one after the other, alternately the start first, so that both orders are seen.
            Task<Outcome<TimerSnapshot>> start;
            Task<Outcome<Rundown>> setting;
            if (i % 2 == 0)
                (start, setting) = (timer.Command(TimerCommand.Start, TimeSpan.Zero, null, null), timer.SetRundown(set));
            else
            {
                setting = timer.SetRundown(set);
                start = timer.Command(TimerCommand.Start, TimeSpan.Zero, null, null);
            }
            await Task.WhenAll(start, setting);

            Assert.True((await start).Succeeded);
            var runs = (await timer.GetRundown())!.Items.Select(item => item.Title);
            var planned = (await s.PreSession(key).GetTimerPlan())!.Rundown.Items.Select(item => item.Title);
            var accepted = (await setting).Succeeded;
            if (accepted)
                Assert.Equal(set.Select(item => item.Title), runs);
            else
                Assert.Equal(RefusalKind.Conflict, (await setting).Refusal!.Kind);
            Assert.Equal(planned, runs);
            outcomes.Add(accepted);
        }
        Assert.Contains(true, outcomes);
        Assert.Contains(false, outcomes);
    }
}
