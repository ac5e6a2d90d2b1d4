using System.Collections.Immutable;

namespace PreSessions;

/// <summary>
/// A pre-session's timer: which rundown item has the floor, and how much time each item has used. It keeps instants,
/// never ticks: while an item runs, its time is up at <c>RunningSince + Allotted - Used</c>, computed when asked, so a
/// silo that restarts from the stored record resumes with exactly the time left. Every method is pure: it takes the
/// time and returns the next timer, or the reason the command does not fit the state.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SpeakerTimer : IAuditedState<SpeakerTimer>
{
    /// <summary>Idempotency keys of the latest commands, so a console's retry is not a second "next".</summary>
    public const int RememberedCommands = 64;

    [Id(0)] public TimerState State { get; init; }
    /// <summary>The rundown as it was when the timer started: the live hour does not shift when the panel changes.</summary>
    [Id(1)] public ImmutableArray<RundownItem> Items { get; init; } = [];
    [Id(2)] public int Index { get; init; }
    [Id(3)] public ImmutableArray<ItemClock> Clocks { get; init; } = [];
    /// <summary>When the current item last started or resumed running; null unless running.</summary>
    [Id(4)] public DateTimeOffset? RunningSince { get; init; }
    [Id(5)] public long Version { get; init; }
    /// <summary>A message from the console to the speaker's screen, shown until cleared or the floor passes on.</summary>
    [Id(6)] public string? Message { get; init; }
    /// <summary>Keys remembered without their command, in records written before <see cref="RecentCommands"/>: replays as before.</summary>
    [Id(7)] public ImmutableList<string> RecentKeys { get; init; } = [];
    /// <summary>The outbox: entries of this record's stored changes, written with them, that the audit log may not hold yet (see <see cref="AuditOutbox"/>).</summary>
    [Id(8)] public ImmutableList<AuditEntry> AuditLog { get; init; } = [];
    /// <summary>
    /// The latest commands by idempotency key, so a console's retry is not a second "next", and a key already used for
    /// another command (whoever used it: operator and consoles share the keys of a timer) is told apart from a retry.
    /// </summary>
    [Id(9)] public ImmutableList<RememberedCommand> RecentCommands { get; init; } = [];
    /// <summary>How many of this record's audit entries the audit log held when this state was written: the number of the outbox's first.</summary>
    [Id(20)] public long AuditAppended { get; init; }

    public SpeakerTimer WithOutbox(ImmutableList<AuditEntry> outbox, long appended) => this with { AuditLog = outbox, AuditAppended = appended };

    public bool Started => State is not TimerState.Idle;

    /// <summary>The time the current item has run, the running stretch included.</summary>
    public TimeSpan UsedAt(int index, DateTimeOffset now) =>
        Clocks[index].Used + (index == Index && RunningSince is { } since ? now - since : TimeSpan.Zero);

    /// <summary>Whether this key came with this very command (extension included) before, with another one, or never.</summary>
    public KeyUse Recall(string idempotencyKey, TimerCommand command, TimeSpan extension) =>
        RecentCommands.Find(r => r.Key == idempotencyKey) is { } remembered
            ? remembered.Command == command && remembered.Extension == extension ? KeyUse.SameCommand : KeyUse.OtherCommand
            : RecentKeys.Contains(idempotencyKey) ? KeyUse.SameCommand : KeyUse.Unknown;

    /// <summary>Applies a console's command; a refusal says why it does not fit.</summary>
    public (SpeakerTimer? Next, string? Refusal) Apply(
        TimerCommand command, TimeSpan extension, ImmutableArray<RundownItem> rundown, DateTimeOffset now) => (command, State) switch
    {
        (TimerCommand.Start, TimerState.Idle) when rundown.IsEmpty => (null, "The rundown is empty: there is nothing to time."),
        (TimerCommand.Start, TimerState.Idle) => (Changed() with
        {
            State = TimerState.Running,
            Items = rundown,
            Clocks = [.. rundown.Select(i => new ItemClock(i.Allotted, TimeSpan.Zero))],
            Index = 0,
            RunningSince = now,
        }, null),
        (TimerCommand.Pause, TimerState.Running) => (Stopped(now) with { State = TimerState.Paused }, null),
        (TimerCommand.Resume, TimerState.Paused) => (Changed() with { State = TimerState.Running, RunningSince = now }, null),
        (TimerCommand.Next, TimerState.Running or TimerState.Paused) when Index == Items.Length - 1 =>
            (null, "This is the last item of the rundown; end the timer instead."),
        (TimerCommand.Next, TimerState.Running or TimerState.Paused) => (MovedTo(Index + 1, now), null),
        (TimerCommand.Previous, TimerState.Running or TimerState.Paused) when Index == 0 =>
            (null, "This is the first item of the rundown."),
        (TimerCommand.Previous, TimerState.Running or TimerState.Paused) => (MovedTo(Index - 1, now), null),
        (TimerCommand.Extend, TimerState.Running or TimerState.Paused) when Clocks[Index].Allotted + extension < TimeSpan.Zero =>
            (null, $"The item has {Clocks[Index].Allotted.TotalSeconds:0} s allotted; it cannot be shortened by more."),
        (TimerCommand.Extend, TimerState.Running or TimerState.Paused) => (Changed() with
        {
            Clocks = Clocks.SetItem(Index, Clocks[Index] with { Allotted = Clocks[Index].Allotted + extension }),
        }, null),
        (TimerCommand.End, TimerState.Running or TimerState.Paused) => (Stopped(now) with { State = TimerState.Ended, Message = null }, null),
        _ => (null, $"The timer is {State.ToString().ToLowerInvariant()}: \"{command.ToString().ToLowerInvariant()}\" does not fit."),
    };

    public (SpeakerTimer? Next, string? Refusal) Say(string? message) => State is TimerState.Ended
        ? (null, "The timer has ended.")
        : message == Message ? (this, null)
        : (Changed() with { Message = message }, null);

    /// <summary>Remembers the command by its key, forgetting the oldest beyond <see cref="RememberedCommands"/>.</summary>
    public SpeakerTimer Remember(string? idempotencyKey, TimerCommand command, TimeSpan extension)
    {
        if (idempotencyKey is null)
            return this;
        var recent = RecentCommands.Add(new RememberedCommand(idempotencyKey, command, extension));
        return this with { RecentCommands = recent.Count > RememberedCommands ? recent.RemoveAt(0) : recent };
    }

    /// <summary>
    /// The timer as displays see it. Before it starts it shows the rundown's first item at full time; after, the item
    /// it is on, with the time left going negative in overrun.
    /// </summary>
    public TimerSnapshot Snapshot(PreSessionKey key, string room, ImmutableArray<RundownItem> rundown, TimeSpan warning, DateTimeOffset now)
    {
        var items = Started ? Items : rundown;
        var item = items.IsEmpty ? null : items[Index];
        var next = Index + 1 < items.Length ? items[Index + 1] : null;
        var remaining = !Started ? item?.Allotted ?? TimeSpan.Zero : Clocks[Index].Allotted - UsedAt(Index, now);
        DateTimeOffset? deadline = RunningSince is { } since ? since + Clocks[Index].Allotted - Clocks[Index].Used : null;
        var shown = item is not null && Started ? item with { Allotted = Clocks[Index].Allotted } : item;
        return new TimerSnapshot(key, room, State, shown, Index, items.Length, next, remaining, deadline, now, Version, warning, Message);
    }

    /// <summary>Allotted, used and overrun time per item; before the timer starts, the rundown with nothing used.</summary>
    public TimeReport Report(PreSessionKey key, ImmutableArray<RundownItem> rundown, DateTimeOffset now) => new(key, State, Started
        ? [.. Items.Select((item, i) => new ItemTime(i, item, Clocks[i].Allotted, UsedAt(i, now)))]
        : [.. rundown.Select((item, i) => new ItemTime(i, item, item.Allotted, TimeSpan.Zero))]);

    /// <summary>Whether leaving the current item now leaves it in overrun.</summary>
    public bool Overran(DateTimeOffset now) => Started && UsedAt(Index, now) > Clocks[Index].Allotted;

    private SpeakerTimer Changed() => this with { Version = Version + 1 };

    /// <summary>Closes the running stretch into the item's used time.</summary>
    private SpeakerTimer Stopped(DateTimeOffset now) => Changed() with
    {
        Clocks = Clocks.SetItem(Index, Clocks[Index] with { Used = UsedAt(Index, now) }),
        RunningSince = null,
    };

    /// <summary>The floor passes to another item, which keeps running if the timer was, from the time it had used.</summary>
    private SpeakerTimer MovedTo(int index, DateTimeOffset now) => Stopped(now) with
    {
        Index = index,
        RunningSince = State is TimerState.Running ? now : null,
        Message = null,
    };
}

/// <summary>One item's time: its allotment with any extensions, and the time it has run (closed stretches only).</summary>
[GenerateSerializer, Immutable]
public sealed record ItemClock([property: Id(0)] TimeSpan Allotted, [property: Id(1)] TimeSpan Used);

/// <summary>A timer command as its idempotency key remembers it.</summary>
[GenerateSerializer, Immutable]
public sealed record RememberedCommand(
    [property: Id(0)] string Key, [property: Id(1)] TimerCommand Command, [property: Id(2)] TimeSpan Extension);

public enum KeyUse { Unknown, SameCommand, OtherCommand }
