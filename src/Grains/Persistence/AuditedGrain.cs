using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PreSessions;

/// <summary>A grain's stored record that carries its own audit outbox (see <see cref="AuditOutbox"/>).</summary>
public interface IAuditedState<out TSelf>
{
    /// <summary>The outbox: entries of this record's stored changes, written with them, that the audit log may not hold yet.</summary>
    ImmutableList<AuditEntry> AuditLog { get; }

    /// <summary>How many of this record's audit entries the audit log held when it was written: the number of the outbox's first.</summary>
    long AuditAppended { get; }

    /// <summary>The same record with another outbox.</summary>
    TSelf WithOutbox(ImmutableList<AuditEntry> outbox, long appended);
}

/// <summary>
/// A grain with one stored, audited record: its commands change <see cref="State"/> in one turn, note the change with
/// <see cref="Audited"/>, then await <see cref="Commit"/> (or <see cref="Durable"/> when they changed nothing); reads
/// show <see cref="Committed"/>. It owns the record's <see cref="GroupCommit{TState}"/> (many commands per write, a
/// failed write deactivates) and its <see cref="AuditOutbox"/> (each entry written with its change, appended to the log
/// after the write and before every read of the log), so a grain that derives from it reads as its rules only.
/// </summary>
/// <remarks>
/// The outbox's collaborators (the log, the clock, a logger) are the silo's singletons, taken from the grain's services
/// at activation, so a grain's constructor names only what its own rules use.
/// </remarks>
public abstract class AuditedGrain<TState>(IPersistentState<TState> storage) : Grain
    where TState : class, IAuditedState<TState>
{
    private AuditOutbox _audit = null!;
    private TimeProvider _clock = null!;

    /// <summary>The record's group commit.</summary>
    private GroupCommit<TState> GroupCommit { get; set; } = null!;

    /// <summary>The record as commands change it, ahead of storage until their commit lands.</summary>
    protected TState State
    {
        get => storage.State;
        set => storage.State = value;
    }

    /// <summary>Whether the record was ever stored (false until a grain's first write).</summary>
    protected bool RecordExists => storage.RecordExists;

    /// <summary>The record as of the last write that landed: what reads show.</summary>
    protected TState Committed => GroupCommit.Committed;

    /// <summary>Whose entries these are: a name unique to this grain's record, and what they are about.</summary>
    protected abstract AuditSource AuditSource { get; }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _clock = ServiceProvider.GetRequiredService<TimeProvider>();
        var logger = ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(GetType());
        _audit = new AuditOutbox(ServiceProvider.GetRequiredService<IAuditLog>(), AuditSource, logger);
        GroupCommit = new GroupCommit<TState>(storage, DeactivateOnIdle)
        {
            // After every write, its outbox goes to the log, off the path of the commands' answers.
            Written = () => _audit.FlushLater(FlushAudit),
        };
        return Task.CompletedTask;
    }

    /// <summary>Stores every change made so far; completes when the write that carries them lands.</summary>
    protected Task Commit() => GroupCommit.Commit();

    /// <summary>For a command that changed nothing: completes once every change made before it is stored.</summary>
    protected Task Durable() => GroupCommit.Durable();

    /// <summary>Records the change just made in the same write (the outbox), so the log never misses a change nor holds one that was lost.</summary>
    protected void Audited(string action, string? subject = null, string? detail = null, DateTimeOffset? at = null) =>
        State = State.WithOutbox(State.AuditLog.Add(Audit.Entry(at ?? _clock.GetUtcNow(), action, subject, detail)), State.AuditAppended);

    /// <summary>Appends the stored outbox to the log, then drops from the record what the log holds (stored with its next write).</summary>
    public async Task FlushAudit()
    {
        var through = await _audit.Flush(Committed.AuditLog, Committed.AuditAppended);
        var (outbox, first) = AuditOutbox.Trim(State.AuditLog, State.AuditAppended, through);
        State = State.WithOutbox(outbox, first);
    }
}
