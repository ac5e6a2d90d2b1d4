using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace PreSessions;

/// <summary>
/// The pre-session's live timer, driven by its room's console. The rules of the clock are in <see cref="SpeakerTimer"/>;
/// here each command is decided in one turn, stored (its own record, its own group commit) before it is answered, then
/// pushed to the gateways that subscribed and reported to the room, so the room's screens follow it.
/// </summary>
public sealed partial class PreSessionGrain
{
    /// <summary>A gateway's subscription lapses unless renewed within this; a feed renews well inside it.</summary>
    public static readonly TimeSpan FeedLease = TimeSpan.FromMinutes(1);

    private GroupCommit<SpeakerTimer> _timerCommit = null!;
    private ObserverManager<ITimerObserver> _feeds = null!;

    private SpeakerTimer Timer
    {
        get => timerStorage.State;
        set => timerStorage.State = value;
    }

    /// <summary>A timer that was live when its silo died resumes here from its record: tell the room it is still live.</summary>
    private async Task ActivateTimer()
    {
        _timerCommit = new GroupCommit<SpeakerTimer>(timerStorage, DeactivateOnIdle);
        _feeds = new ObserverManager<ITimerObserver>(FeedLease, logger) { GetDateTime = () => clock.GetUtcNow().UtcDateTime };
        if (Timer.State is TimerState.Running or TimerState.Paused && State.Schedule is { } schedule)
            await ReportToRoom(schedule.Plan.Room, live: true);
    }

    /// <summary>Once the timer has started, the running order it runs, whatever the panel has become since.</summary>
    public Task<Rundown?> GetRundown() => Task.FromResult(
        RundownOf(_commit.Committed) is { } rundown && _timerCommit.Committed is { Started: true } timer
            ? rundown with { Items = timer.Items }
            : RundownOf(_commit.Committed));

    public async Task<Outcome<Rundown>> SetRundown(IReadOnlyList<RundownItem>? items)
    {
        DomainSpan.PreSession(Key);
        if (State.Schedule is null)
            return Outcome<Rundown>.NotFound($"There is no pre-session {Key}.");
        if (Timer.Started)
            return Outcome<Rundown>.Conflict("The timer has started: the rundown is fixed; extend an item instead.");

        var panel = PanelOf(State);
        ImmutableList<RundownItem>? set = null;
        if (items is not null)
        {
            var builder = ImmutableList.CreateBuilder<RundownItem>();
            foreach (var item in items)
            {
                if (item.Kind is not RundownItemKind.Speaker)
                {
                    builder.Add(item with { OrganisationId = null });
                    continue;
                }
                if (panel.FirstOrDefault(seat => seat.OrganisationId == item.OrganisationId) is not { } seat)
                    return Outcome<Rundown>.Conflict($"The organisation {item.OrganisationId} is not on the panel of {Key}.");
                builder.Add(item with { Title = seat.OrganisationName });
            }
            set = builder.ToImmutable();
        }
        State = State with { RundownSet = set };
        Audited(set is null ? "rundown.derived" : "rundown.set", detail: set is null ? null : $"{set.Count} items");
        await _commit.Commit();
        return Outcome<Rundown>.Ok(RundownOf(_commit.Committed)!);
    }

    public Task<TimerSnapshot?> GetTimer() => Task.FromResult(SnapshotOf(_timerCommit.Committed));

    public async Task<Outcome<TimerSnapshot>> Command(TimerCommand command, TimeSpan extension, string? consoleRoom, string? idempotencyKey)
    {
        DomainSpan.PreSession(Key);
        DomainSpan.TimerCommand(command);
        if (Refusal(consoleRoom) is { } refusal)
            return Refused(Outcome<TimerSnapshot>.From(refusal), count: null);
        switch (idempotencyKey is null ? KeyUse.Unknown : Timer.Recall(idempotencyKey, command, extension))
        {
            case KeyUse.SameCommand:
                // A retry: the command was applied once; the answer is the timer as it is now.
                await _timerCommit.Durable();
                return Outcome<TimerSnapshot>.Ok(SnapshotOf(_timerCommit.Committed)!);
            case KeyUse.OtherCommand:
                return Refused(Outcome<TimerSnapshot>.Conflict(
                    $"This Idempotency-Key was used for another timer command; a \"{command.Name()}\" needs a key of its own."),
                    (key, outcome) => metrics.TimerCommand(key, command, outcome));
        }

        var now = clock.GetUtcNow();
        var rundown = RundownOf(State)!.Items;
        var (next, conflict) = Timer.Apply(command, extension, rundown, now);
        if (next is null)
            return Refused(Outcome<TimerSnapshot>.Conflict(conflict!), (key, outcome) => metrics.TimerCommand(key, command, outcome));

        var overran = command is TimerCommand.Next or TimerCommand.Previous or TimerCommand.End && Timer.Overran(now);
        var wasLive = Timer.State is TimerState.Running or TimerState.Paused;
        Timer = next.Remember(idempotencyKey, command, extension) with
        {
            AuditLog = next.AuditLog.Add(Audit.Entry(now, $"timer.{command.Name()}",
                detail: command is TimerCommand.Extend ? $"{extension.TotalSeconds:+0;-0} s" : $"item {next.Index + 1} of {next.Items.Length}")),
        };
        await _timerCommit.Commit();

        Decided(OutcomeNames.Accepted, (key, outcome) => metrics.TimerCommand(key, command, outcome));
        if (overran)
            metrics.Overran(Key);
        var isLive = next.State is TimerState.Running or TimerState.Paused;
        if (isLive != wasLive)
            await ReportToRoom(State.Schedule!.Plan.Room, isLive);
        return Outcome<TimerSnapshot>.Ok(await Published());
    }

    public async Task<Outcome<TimerSnapshot>> SayToSpeaker(string? message, string? consoleRoom)
    {
        DomainSpan.PreSession(Key);
        if (Refusal(consoleRoom) is { } refusal)
            return Refused(Outcome<TimerSnapshot>.From(refusal), count: null);
        var (next, conflict) = Timer.Say(message);
        if (next is null)
            return Outcome<TimerSnapshot>.Conflict(conflict!);
        if (next == Timer)
        {
            await _timerCommit.Durable();
            return Outcome<TimerSnapshot>.Ok(SnapshotOf(_timerCommit.Committed)!);
        }
        Timer = next with
        {
            AuditLog = next.AuditLog.Add(Audit.Entry(clock.GetUtcNow(), message is null ? "timer.message-cleared" : "timer.message", detail: message)),
        };
        await _timerCommit.Commit();
        return Outcome<TimerSnapshot>.Ok(await Published());
    }

    public Task<TimeReport?> GetTimeReport() => Task.FromResult(
        RundownOf(_commit.Committed) is { } rundown ? _timerCommit.Committed.Report(Key, rundown.Items, clock.GetUtcNow()) : null);

    public Task<TimerSnapshot?> Subscribe(ITimerObserver observer)
    {
        _feeds.Subscribe(observer, observer);
        return GetTimer();
    }

    public Task Unsubscribe(ITimerObserver observer)
    {
        _feeds.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    /// <summary>Null when the caller may drive this pre-session's timer: the operator, or a console of its room.</summary>
    private Refusal? Refusal(string? consoleRoom) => State.Schedule switch
    {
        null => new Refusal(RefusalKind.NotFound, $"There is no pre-session {Key}."),
        { } schedule when consoleRoom is not null && consoleRoom != schedule.Plan.Room =>
            new Refusal(RefusalKind.Forbidden, $"This console is for the room \"{consoleRoom}\"; the pre-session {Key} is in another room."),
        _ => null,
    };

    /// <summary>The committed timer, pushed to every subscribed gateway (one-way: a slow gateway holds nobody up).</summary>
    private async Task<TimerSnapshot> Published()
    {
        var snapshot = SnapshotOf(_timerCommit.Committed)!;
        await _feeds.Notify(feed => feed.Changed(snapshot));
        return snapshot;
    }

    /// <summary>
    /// Tells the room whether this timer is live. The command is stored already, so a failure here is logged, not
    /// returned: the room learns again at this grain's next activation or live change.
    /// </summary>
    private async Task ReportToRoom(string room, bool live)
    {
        try
        {
            await GrainFactory.GetGrain<IRoomGrain>(room).Report(Key, live);
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            logger.LogWarning(failure, "The room of {PreSession} was not told that its timer is {Live}.", Key, live ? "live" : "not live");
        }
    }

    private TimerSnapshot? SnapshotOf(SpeakerTimer timer) =>
        _commit.Committed.Schedule is { } schedule && RundownOf(_commit.Committed) is { } rundown
            ? timer.Snapshot(Key, schedule.Plan.Room, rundown.Items, timekeeping.Value.Warning, clock.GetUtcNow())
            : null;

    private Rundown? RundownOf(PreSessionState state) => state.Schedule switch
    {
        null => null,
        _ when state.RundownSet is { } set => new Rundown([.. set], Derived: false),
        { } schedule => new Rundown(timekeeping.Value.Derive(schedule.StateName, schedule.Plan.DurationMinutes, PanelOf(state)), Derived: true),
    };
}
