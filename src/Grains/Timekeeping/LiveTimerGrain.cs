using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Storage;
using Orleans.Utilities;

namespace PreSessions;

/// <summary>
/// A pre-session's live timer, driven by its room's console. The rules of the clock are in <see cref="SpeakerTimer"/>;
/// here each command is decided in one turn, stored before it is answered, then pushed to the gateways that subscribed
/// and reported to the room, so the room's screens follow it.
/// It is a grain of its own so that a console's command never waits in the pre-session's turns behind a burst of
/// registrations: the timer has its own record and its own writes (the store's writer is still shared), and only reads
/// its pre-session (the room and the planned running order), which answers reads at once since it interleaves them.
/// Commands take turns (this grain does not interleave them), so no start slips between <see cref="SetRundown"/>'s
/// check and its change; reads interleave and show the committed timer. No call can deadlock: the timer calls its
/// pre-session and its room, and neither of them ever calls a timer.
/// </summary>
public sealed class LiveTimerGrain(
    [PersistentState(LiveTimerGrain.StateName, StorageNames.Grains)] IPersistentState<SpeakerTimer> storage,
    IOptions<TimekeepingOptions> timekeeping,
    TimeProvider clock,
    PreSessionsMetrics metrics,
    ILogger<LiveTimerGrain> logger) : AuditedGrain<SpeakerTimer>(storage), ILiveTimerGrain
{
    /// <summary>The record's name, here and where it was stored before this grain existed: under the pre-session's id.</summary>
    public const string StateName = "timer";

    private ObserverManager<ITimerObserver> _feeds = null!;

    private PreSessionKey Key => PreSessionKey.Parse(this.GetPrimaryKeyString());

    private IPreSessionGrain PreSession => GrainFactory.GetGrain<IPreSessionGrain>(this.GetPrimaryKeyString());

    protected override AuditSource AuditSource => new($"timer/{Key}", Key.Wg, Key.Sur);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        if (!RecordExists)
            await AdoptRecordOfPreSession(cancellationToken);
        _feeds = new ObserverManager<ITimerObserver>(FeedLease.Duration, logger) { GetDateTime = () => clock.GetUtcNow().UtcDateTime };
        // A timer that was live when its silo died resumes here from its record: tell the room it is still live.
        if (State.State is TimerState.Running or TimerState.Paused && await PreSession.GetTimerPlan() is { } plan)
            await ReportToRoom(plan.Room, live: true);
    }

    /// <summary>
    /// Stores written before this grain existed hold the timer under the pre-session's grain id: its record is read once
    /// and stored here, and this grain's own is used from then on (the old one stays, unread, like any other history).
    /// </summary>
    private async Task AdoptRecordOfPreSession(CancellationToken cancellationToken)
    {
        var old = new GrainState<SpeakerTimer>(new SpeakerTimer());
        await ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Grains)
            .ReadStateAsync(StateName, PreSession.GetGrainId(), old, cancellationToken);
        if (!old.RecordExists || old.State is not { } adopted)
            return;
        State = adopted;
        await Commit();
    }

    public async Task<TimerSnapshot?> GetTimer() =>
        await PreSession.GetTimerPlan() is { } plan ? SnapshotOf(Committed, plan) : null;

    public async Task<Outcome<TimerSnapshot>> Command(TimerCommand command, TimeSpan extension, string? consoleRoom, string? idempotencyKey)
    {
        var plan = await PreSession.GetTimerPlan();
        if (Refusal(plan, consoleRoom) is { } refusal)
            return Refused(Outcome<TimerSnapshot>.From(refusal));
        switch (idempotencyKey is null ? KeyUse.Unknown : State.Recall(idempotencyKey, command, extension))
        {
            case KeyUse.SameCommand:
                // A retry: the command was applied once; the answer is the timer as it is now.
                await Durable();
                return Outcome<TimerSnapshot>.Ok(SnapshotOf(Committed, plan!));
            case KeyUse.OtherCommand:
                return Refused(Outcome<TimerSnapshot>.Conflict(
                    $"This Idempotency-Key was used for another timer command; a \"{command.Name()}\" needs a key of its own."), command);
        }

        var now = clock.GetUtcNow();
        var (next, conflict) = State.Apply(command, extension, plan!.Rundown.Items, now);
        if (next is null)
            return Refused(Outcome<TimerSnapshot>.Conflict(conflict!), command);

        var overran = command is TimerCommand.Next or TimerCommand.Previous or TimerCommand.End && State.Overran(now);
        var wasLive = State.State is TimerState.Running or TimerState.Paused;
        State = next.Remember(idempotencyKey, command, extension);
        Audited($"timer.{command.Name()}", detail: command is TimerCommand.Extend ? $"{extension.TotalSeconds:+0;-0} s" : $"item {next.Index + 1} of {next.Items.Length}", at: now);
        await Commit();

        metrics.TimerCommand(Key, command, OutcomeNames.Accepted);
        if (overran)
            metrics.Overran(Key);
        var isLive = next.State is TimerState.Running or TimerState.Paused;
        if (isLive != wasLive)
            await ReportToRoom(plan.Room, isLive);
        return Outcome<TimerSnapshot>.Ok(await Published(plan));
    }

    public async Task<Outcome<TimerSnapshot>> SayToSpeaker(string? message, string? consoleRoom)
    {
        var plan = await PreSession.GetTimerPlan();
        if (Refusal(plan, consoleRoom) is { } refusal)
            return Refused(Outcome<TimerSnapshot>.From(refusal));
        var (next, conflict) = State.Say(message);
        if (next is null)
            return Outcome<TimerSnapshot>.Conflict(conflict!);
        if (next == State)
        {
            await Durable();
            return Outcome<TimerSnapshot>.Ok(SnapshotOf(Committed, plan!));
        }
        State = next;
        Audited(message is null ? "timer.message-cleared" : "timer.message", detail: message);
        await Commit();
        return Outcome<TimerSnapshot>.Ok(await Published(plan!));
    }

    public async Task<Rundown?> GetRundown() =>
        await PreSession.GetTimerPlan() is not { } plan ? null
        : Committed is { Started: true } timer ? plan.Rundown with { Items = timer.Items }
        : plan.Rundown;

    public async Task<Outcome<Rundown>> SetRundown(IReadOnlyList<RundownItem>? items)
    {
        if (State.Started)
            return Outcome<Rundown>.Conflict("The timer has started: the rundown is fixed; extend an item instead.");
        return await PreSession.SetRundown(items);
    }

    public async Task<Outcome<TimeReport>> GetTimeReport(string? consoleRoom)
    {
        var timer = Committed;
        // The operator's report of a timer that has started is its own record's: the WG session's totals read no pre-session.
        if (consoleRoom is null && timer.Started)
            return Outcome<TimeReport>.Ok(timer.Report(Key, timer.Items, clock.GetUtcNow()));
        var plan = await PreSession.GetTimerPlan();
        return Refusal(plan, consoleRoom) is { } refusal
            ? Outcome<TimeReport>.From(refusal)
            : Outcome<TimeReport>.Ok(timer.Report(Key, plan!.Rundown.Items, clock.GetUtcNow()));
    }

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

    /// <summary>Null when the caller may drive this timer: the operator, or a console of the pre-session's room.</summary>
    private Refusal? Refusal(TimerPlan? plan, string? consoleRoom) => plan switch
    {
        null => new Refusal(RefusalKind.NotFound, $"There is no pre-session {Key}."),
        _ when consoleRoom is not null && consoleRoom != plan.Room =>
            new Refusal(RefusalKind.Forbidden, $"This console is for the room \"{consoleRoom}\"; the pre-session {Key} is in another room."),
        _ => null,
    };

    /// <summary>
    /// A refused command, counted when it is a command the timer weighed. The timer counts its own commands: their
    /// counter has the command as a dimension, which the call filter's table (<see cref="DomainCalls"/>) does not model;
    /// their spans are tagged by the filter.
    /// </summary>
    private Outcome<TimerSnapshot> Refused(Outcome<TimerSnapshot> refusal, TimerCommand? weighed = null)
    {
        if (weighed is { } command)
            metrics.TimerCommand(Key, command, refusal.Refusal!.Kind.Name());
        return refusal;
    }

    /// <summary>The committed timer, pushed to every subscribed gateway (one-way: a slow gateway holds nobody up).</summary>
    private async Task<TimerSnapshot> Published(TimerPlan plan)
    {
        var snapshot = SnapshotOf(Committed, plan);
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

    private TimerSnapshot SnapshotOf(SpeakerTimer timer, TimerPlan plan) =>
        timer.Snapshot(Key, plan.Room, plan.Rundown.Items, timekeeping.Value.Warning, clock.GetUtcNow());
}
