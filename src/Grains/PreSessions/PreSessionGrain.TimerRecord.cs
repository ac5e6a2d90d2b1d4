using System.Collections.Immutable;

namespace PreSessions;

/// <summary>
/// What the live timer's partial (PreSessionGrain.Timer.cs) reads from the rest of the grain: its own record's audit
/// outbox, the pre-session record's commit by the name it knows, and its span tags and counts. All of it leaves with the
/// timer when the timer becomes a grain of its own (an <see cref="AuditedGrain{TState}"/> of its <see cref="SpeakerTimer"/>).
/// </summary>
public sealed partial class PreSessionGrain
{
    private AuditOutbox _timerAudit = null!;

    private GroupCommit<PreSessionState> _commit => GroupCommit;

    private ImmutableArray<PanelSeat> PanelOf(PreSessionState state) => PanelSelection.PanelOf(state, Key.Sur);

    /// <summary>After every write of the timer's record, its outbox goes to the log, as the pre-session record's does.</summary>
    private void ActivateTimerAudit()
    {
        _timerAudit = new AuditOutbox(auditLog, new AuditSource($"timer/{Key}", Key.Wg, Key.Sur), logger);
        _timerCommit.Written = () => _timerAudit.FlushLater(FlushAudit);
    }

    public override async Task FlushAudit()
    {
        await base.FlushAudit();
        var timer = _timerCommit.Committed;
        var through = await _timerAudit.Flush(timer.AuditLog, timer.AuditAppended);
        var (outbox, first) = AuditOutbox.Trim(Timer.AuditLog, Timer.AuditAppended, through);
        Timer = Timer.WithOutbox(outbox, first);
    }

    /// <summary>A timer command that changed the timer: its outcome counted and put on its span.</summary>
    private void Decided(string outcome, Action<PreSessionKey, string> count)
    {
        count(Key, outcome);
        DomainSpan.Decided(outcome);
    }

    /// <summary>A refused timer command: put on its span as its kind of refusal, and counted so where its meter counts refusals.</summary>
    private Outcome<T> Refused<T>(Outcome<T> refusal, Action<PreSessionKey, string>? count)
    {
        var outcome = refusal.Refusal!.Kind.Name();
        count?.Invoke(Key, outcome);
        DomainSpan.Decided(outcome);
        return refusal;
    }
}
