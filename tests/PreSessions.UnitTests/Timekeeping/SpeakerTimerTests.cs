using System.Collections.Immutable;
using Microsoft.Extensions.Time.Testing;

namespace PreSessions.UnitTests.Timekeeping;

/// <summary>The timer's rules with a clock the test drives: every command in every state, and the time it keeps.</summary>
public sealed class SpeakerTimerTests
{
    private static readonly PreSessionKey Key = new(29, "FRA");
    private static readonly TimeSpan Warning = TimeSpan.FromSeconds(60);

    private static readonly ImmutableArray<RundownItem> Rundown =
    [
        new(RundownItemKind.Opening, "Opening by France", null, TimeSpan.FromMinutes(5)),
        new(RundownItemKind.Speaker, "Ligue des droits", "org-aaaaaaaaaaaaaaaa", TimeSpan.FromMinutes(6)),
        new(RundownItemKind.Speaker, "CNCDH", "org-bbbbbbbbbbbbbbbb", TimeSpan.FromMinutes(6)),
        new(RundownItemKind.Closing, "Closing", null, TimeSpan.FromMinutes(3)),
    ];

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2017, 12, 12, 9, 0, 0, TimeSpan.Zero));

    private SpeakerTimer _timer = new();

    private DateTimeOffset Now => _clock.GetUtcNow();

    private TimerSnapshot Snapshot => _timer.Snapshot(Key, "XXIV", Rundown, Warning, Now);

    private void Do(TimerCommand command, int seconds = 0)
    {
        var (next, refusal) = _timer.Apply(command, TimeSpan.FromSeconds(seconds), Rundown, Now);
        Assert.True(next is not null, $"{command} was refused: {refusal}");
        _timer = next;
    }

    private string Refused(TimerCommand command, int seconds = 0)
    {
        var (next, refusal) = _timer.Apply(command, TimeSpan.FromSeconds(seconds), Rundown, Now);
        Assert.Null(next);
        Assert.False(string.IsNullOrWhiteSpace(refusal));
        return refusal!;
    }

    /// <summary>Brings the timer to a state, on the second item so that both next and previous can fit.</summary>
    private void Reach(TimerState state)
    {
        if (state is TimerState.Idle)
            return;
        Do(TimerCommand.Start);
        Do(TimerCommand.Next);
        if (state is TimerState.Paused)
            Do(TimerCommand.Pause);
        if (state is TimerState.Ended)
            Do(TimerCommand.End);
    }

    public static TheoryData<TimerState, TimerCommand, TimerState?> EveryCommandInEveryState()
    {
        var fits = new Dictionary<(TimerState, TimerCommand), TimerState>
        {
            [(TimerState.Idle, TimerCommand.Start)] = TimerState.Running,
            [(TimerState.Running, TimerCommand.Pause)] = TimerState.Paused,
            [(TimerState.Running, TimerCommand.Next)] = TimerState.Running,
            [(TimerState.Running, TimerCommand.Previous)] = TimerState.Running,
            [(TimerState.Running, TimerCommand.Extend)] = TimerState.Running,
            [(TimerState.Running, TimerCommand.End)] = TimerState.Ended,
            [(TimerState.Paused, TimerCommand.Resume)] = TimerState.Running,
            [(TimerState.Paused, TimerCommand.Next)] = TimerState.Paused,
            [(TimerState.Paused, TimerCommand.Previous)] = TimerState.Paused,
            [(TimerState.Paused, TimerCommand.Extend)] = TimerState.Paused,
            [(TimerState.Paused, TimerCommand.End)] = TimerState.Ended,
        };
        var data = new TheoryData<TimerState, TimerCommand, TimerState?>();
        foreach (var state in Enum.GetValues<TimerState>())
            foreach (var command in Enum.GetValues<TimerCommand>())
                data.Add(state, command, fits.TryGetValue((state, command), out var after) ? after : null);
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryCommandInEveryState))]
    public void A_command_fits_its_states_only(TimerState state, TimerCommand command, TimerState? after)
    {
        Reach(state);
        var version = _timer.Version;
        if (after is null)
        {
            Assert.Contains("does not fit", Refused(command, 30));
            Assert.Equal(state, _timer.State);
            return;
        }
        Do(command, 30);
        Assert.Equal(after, _timer.State);
        Assert.Equal(version + 1, _timer.Version);
    }

    [Fact]
    public void Idle_shows_the_first_item_at_full_time_and_no_deadline()
    {
        var idle = Snapshot;
        Assert.Equal(TimerState.Idle, idle.State);
        Assert.Equal(Rundown[0], idle.Item);
        Assert.Equal(Rundown[1], idle.NextItem);
        Assert.Equal(TimeSpan.FromMinutes(5), idle.Remaining);
        Assert.Null(idle.Deadline);
        Assert.Equal(4, idle.ItemCount);
        Assert.Equal(0, idle.Version);
    }

    [Fact]
    public void Running_time_comes_from_the_deadline_not_from_ticks()
    {
        var started = Now;
        Do(TimerCommand.Start);
        _clock.Advance(TimeSpan.FromSeconds(90));

        var running = Snapshot;
        Assert.Equal(started + TimeSpan.FromMinutes(5), running.Deadline);
        Assert.Equal(TimeSpan.FromSeconds(210), running.Remaining);
        Assert.Equal(Now, running.ServerTime);
        Assert.Equal(running.Deadline!.Value - running.ServerTime, running.Remaining);
    }

    [Fact]
    public void Pause_freezes_the_time_left_and_resume_moves_the_deadline_by_the_pause()
    {
        var started = Now;
        Do(TimerCommand.Start);
        _clock.Advance(TimeSpan.FromSeconds(100));
        Do(TimerCommand.Pause);
        _clock.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(TimeSpan.FromSeconds(200), Snapshot.Remaining);
        Assert.Null(Snapshot.Deadline);

        Do(TimerCommand.Resume);
        Assert.Equal(started + TimeSpan.FromMinutes(15), Snapshot.Deadline);
        _clock.Advance(TimeSpan.FromSeconds(50));
        Assert.Equal(TimeSpan.FromSeconds(150), Snapshot.Remaining);
    }

    [Fact]
    public void Overrun_counts_up_below_zero_and_stays_on_the_item_in_the_report()
    {
        Do(TimerCommand.Start);
        Do(TimerCommand.Next);
        _clock.Advance(TimeSpan.FromMinutes(6) + TimeSpan.FromSeconds(45));

        Assert.Equal(TimeSpan.FromSeconds(-45), Snapshot.Remaining);
        Assert.True(_timer.Overran(Now));
        Do(TimerCommand.Next);
        Assert.Equal(TimeSpan.FromMinutes(6), Snapshot.Remaining);

        var speaker = _timer.Report(Key, Rundown, Now).Items[1];
        Assert.Equal(TimeSpan.FromMinutes(6), speaker.Allotted);
        Assert.Equal(TimeSpan.FromSeconds(405), speaker.Used);
        Assert.Equal(TimeSpan.FromSeconds(45), speaker.Overrun);
    }

    [Fact]
    public void Extend_adds_to_the_item_and_may_shorten_it_but_not_below_nothing()
    {
        var started = Now;
        Do(TimerCommand.Start);
        Do(TimerCommand.Extend, 60);
        Assert.Equal(started + TimeSpan.FromMinutes(6), Snapshot.Deadline);
        Assert.Equal(TimeSpan.FromMinutes(6), Snapshot.Item!.Allotted);

        Do(TimerCommand.Extend, -120);
        Assert.Equal(started + TimeSpan.FromMinutes(4), Snapshot.Deadline);

        Assert.Contains("cannot be shortened", Refused(TimerCommand.Extend, -241));
        Do(TimerCommand.Extend, -240);
        Assert.Equal(TimeSpan.Zero, Snapshot.Remaining);
    }

    [Fact]
    public void Moving_back_resumes_an_item_from_the_time_it_had_used()
    {
        Do(TimerCommand.Start);
        _clock.Advance(TimeSpan.FromSeconds(30));
        Do(TimerCommand.Next);
        _clock.Advance(TimeSpan.FromSeconds(100));
        Do(TimerCommand.Previous);

        Assert.Equal(0, Snapshot.ItemIndex);
        Assert.Equal(TimeSpan.FromSeconds(270), Snapshot.Remaining);
        Do(TimerCommand.Next);
        Assert.Equal(TimeSpan.FromSeconds(260), Snapshot.Remaining);
    }

    [Fact]
    public void Next_on_the_last_item_and_previous_on_the_first_do_not_fit()
    {
        Do(TimerCommand.Start);
        Assert.Contains("first item", Refused(TimerCommand.Previous));
        Do(TimerCommand.Next);
        Do(TimerCommand.Next);
        Do(TimerCommand.Next);
        Assert.Contains("last item", Refused(TimerCommand.Next));
        Do(TimerCommand.End);
    }

    [Fact]
    public void An_empty_rundown_cannot_start()
    {
        var (next, refusal) = new SpeakerTimer().Apply(TimerCommand.Start, TimeSpan.Zero, [], Now);
        Assert.Null(next);
        Assert.Contains("empty", refusal);
    }

    [Fact]
    public void The_running_hour_keeps_the_rundown_it_started_with()
    {
        Do(TimerCommand.Start);
        ImmutableArray<RundownItem> changed = [Rundown[0] with { Allotted = TimeSpan.FromMinutes(1) }];
        var snapshot = _timer.Snapshot(Key, "XXIV", changed, Warning, Now);
        Assert.Equal(4, snapshot.ItemCount);
        Assert.Equal(TimeSpan.FromMinutes(5), snapshot.Remaining);
    }

    [Fact]
    public void A_message_shows_until_cleared_or_the_floor_passes_on()
    {
        Do(TimerCommand.Start);
        var (said, _) = _timer.Say("Please conclude");
        _timer = said!;
        Assert.Equal("Please conclude", Snapshot.Message);
        Assert.Equal(2, Snapshot.Version);

        var (same, _) = _timer.Say("Please conclude");
        Assert.Same(_timer, same);

        Do(TimerCommand.Next);
        Assert.Null(Snapshot.Message);

        Do(TimerCommand.End);
        Assert.Null(_timer.Say("Too late").Next);
    }

    [Fact]
    public void The_report_accounts_every_item_of_a_session()
    {
        Do(TimerCommand.Start);
        _clock.Advance(TimeSpan.FromMinutes(4));                      // opening: 1 min under
        Do(TimerCommand.Next);
        Do(TimerCommand.Extend, 60);
        _clock.Advance(TimeSpan.FromMinutes(7) + TimeSpan.FromSeconds(20)); // speaker 1: 7 allotted, 20 s over
        Do(TimerCommand.Next);
        _clock.Advance(TimeSpan.FromMinutes(2));
        Do(TimerCommand.Pause);
        _clock.Advance(TimeSpan.FromMinutes(30));                     // a pause uses nobody's time
        Do(TimerCommand.Resume);
        _clock.Advance(TimeSpan.FromMinutes(3));                      // speaker 2: 5 of 6
        Do(TimerCommand.End);
        _clock.Advance(TimeSpan.FromHours(1));

        var report = _timer.Report(Key, Rundown, Now);
        Assert.Equal(TimerState.Ended, report.State);
        Assert.Equal([TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(7), TimeSpan.FromMinutes(6), TimeSpan.FromMinutes(3)],
            report.Items.Select(i => i.Allotted));
        Assert.Equal([TimeSpan.FromMinutes(4), TimeSpan.FromSeconds(440), TimeSpan.FromMinutes(5), TimeSpan.Zero],
            report.Items.Select(i => i.Used));
        Assert.Equal([TimeSpan.Zero, TimeSpan.FromSeconds(20), TimeSpan.Zero, TimeSpan.Zero], report.Items.Select(i => i.Overrun));
        Assert.Equal(TimeSpan.FromMinutes(21), report.Allotted);
        Assert.Equal(TimeSpan.FromSeconds(980), report.Used);
        Assert.Equal(TimeSpan.FromSeconds(20), report.Overrun);
    }

    [Fact]
    public void Before_it_starts_the_report_is_the_rundown_with_nothing_used()
    {
        var report = _timer.Report(Key, Rundown, Now);
        Assert.Equal(Rundown, report.Items.Select(i => i.Item));
        Assert.All(report.Items, i => Assert.Equal(TimeSpan.Zero, i.Used));
        Assert.Equal(TimeSpan.FromMinutes(20), report.Allotted);
    }

    [Fact]
    public void Remembered_command_keys_are_bounded_and_forget_the_oldest()
    {
        for (var i = 0; i < SpeakerTimer.RememberedCommands + 10; i++)
            _timer = _timer.Remember($"key-{i}", TimerCommand.Next, TimeSpan.Zero);
        Assert.Equal(SpeakerTimer.RememberedCommands, _timer.RecentCommands.Count);
        Assert.Equal(KeyUse.Unknown, _timer.Recall("key-9", TimerCommand.Next, TimeSpan.Zero));
        Assert.Equal(KeyUse.SameCommand, _timer.Recall("key-10", TimerCommand.Next, TimeSpan.Zero));
        Assert.Equal(KeyUse.SameCommand, _timer.Recall($"key-{SpeakerTimer.RememberedCommands + 9}", TimerCommand.Next, TimeSpan.Zero));
        Assert.Same(_timer, _timer.Remember(null, TimerCommand.Next, TimeSpan.Zero));
    }

    [Fact]
    public void A_key_recalls_its_command_and_tells_another_command_apart()
    {
        _timer = _timer.Remember("k", TimerCommand.Extend, TimeSpan.FromSeconds(60));

        Assert.Equal(KeyUse.SameCommand, _timer.Recall("k", TimerCommand.Extend, TimeSpan.FromSeconds(60)));
        Assert.Equal(KeyUse.OtherCommand, _timer.Recall("k", TimerCommand.Extend, TimeSpan.FromSeconds(30)));
        Assert.Equal(KeyUse.OtherCommand, _timer.Recall("k", TimerCommand.Pause, TimeSpan.Zero));
        Assert.Equal(KeyUse.Unknown, _timer.Recall("other", TimerCommand.Pause, TimeSpan.Zero));
    }

    [Fact]
    public void A_key_stored_without_its_command_by_an_earlier_version_still_replays()
    {
        _timer = _timer with { RecentKeys = ["old"] };

        Assert.Equal(KeyUse.SameCommand, _timer.Recall("old", TimerCommand.Next, TimeSpan.Zero));
    }
}
