namespace PreSessions;

/// <summary>The pre-session's audit entries, an outbox on its way to the log.</summary>
public sealed partial class PreSessionGrain
{
    private AuditOutbox _audit = null!;

    /// <summary>After every write, the outbox goes to the log, off the path of the commands' answers.</summary>
    private void ActivateAudit()
    {
        _audit = new AuditOutbox(auditLog, new AuditSource($"pre-session/{Key}", Key.Wg, Key.Sur), logger);
        _commit.Written = () => _audit.FlushLater(FlushAudit);
    }

    public async Task FlushAudit()
    {
        var committed = _commit.Committed;
        var through = await _audit.Flush(committed.AuditLog, committed.AuditAppended);
        var (outbox, first) = AuditOutbox.Trim(State.AuditLog, State.AuditAppended, through);
        State = State with { AuditLog = outbox, AuditAppended = first };
    }

    /// <summary>Records the change just made in the same write (the outbox), so the log never misses a change nor holds one that was lost.</summary>
    private void Audited(string action, string? subject = null, string? detail = null) =>
        State = State with { AuditLog = State.AuditLog.Add(Audit.Entry(clock.GetUtcNow(), action, subject, detail)) };
}
