using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace PreSessions;

/// <summary>
/// The domain's meter, "PreSessions", recorded by the pre-session grain where each outcome is decided. Measurements
/// are tagged with the pre-session (wg, sur) and the outcome only, never with who applied or RSVPed. Replays of a
/// command (same Idempotency-Key, same PUT) change nothing, so they are not counted again.
/// Live SSE connections are counted by the gateway that holds them, on a meter of the same name.
/// </summary>
public sealed class PreSessionsMetrics
{
    public const string MeterName = DomainMeter.Name;

    public const string Applications = "presessions.applications";
    public const string Withdrawals = "presessions.withdrawals";
    public const string Rsvps = "presessions.rsvps";
    public const string SeatsTaken = "presessions.seats.taken";
    public const string TimerCommands = "presessions.timer.commands";
    public const string Overruns = "presessions.timer.overruns";

    private readonly Counter<long> _applications;
    private readonly Counter<long> _withdrawals;
    private readonly Counter<long> _rsvps;
    private readonly Counter<long> _timerCommands;
    private readonly Counter<long> _overruns;
    private readonly ConcurrentDictionary<PreSessionKey, Func<PreSessionState>> _active = new();

    public PreSessionsMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _applications = meter.CreateCounter<long>(Applications, "{application}",
            "Applications to speak by outcome: panel, waitlist, or the refusal (conflict, not_found).");
        _withdrawals = meter.CreateCounter<long>(Withdrawals, "{application}", "Applications withdrawn.");
        _rsvps = meter.CreateCounter<long>(Rsvps, "{rsvp}",
            "Mission RSVPs by outcome: confirmed, waitlist, declined, or the refusal (conflict, not_found).");
        _timerCommands = meter.CreateCounter<long>(TimerCommands, "{command}",
            "Timer commands by command and outcome: accepted, or the refusal (conflict, forbidden, not_found).");
        _overruns = meter.CreateCounter<long>(Overruns, "{item}", "Rundown items that ran over their allotted time.");
        meter.CreateObservableUpDownCounter(SeatsTaken, ObserveSeatsTaken, "{seat}",
            "Seats held by confirmed RSVPs, per pre-session active on this silo.");
    }

    public void Applied(PreSessionKey key, string outcome) => _applications.Add(1, Tags(key, outcome));

    public void Withdrew(PreSessionKey key) => _withdrawals.Add(1, Tags(key));

    public void Responded(PreSessionKey key, string outcome) => _rsvps.Add(1, Tags(key, outcome));

    public void TimerCommand(PreSessionKey key, TimerCommand command, string outcome) =>
        _timerCommands.Add(1, [new("wg", key.Wg), new("sur", key.Sur), new("command", command.Name()), new("outcome", outcome)]);

    public void Overran(PreSessionKey key) => _overruns.Add(1, Tags(key));

    /// <summary>
    /// A pre-session grain activated here: its seats are observed from its committed state, an immutable record the
    /// grain replaces on each write, so the meter's thread reads a consistent snapshot without entering the grain.
    /// </summary>
    public void Track(PreSessionKey key, Func<PreSessionState> committed) => _active[key] = committed;

    public void Untrack(PreSessionKey key) => _active.TryRemove(key, out _);

    private IEnumerable<Measurement<int>> ObserveSeatsTaken()
    {
        foreach (var (key, committed) in _active)
        {
            var state = committed();
            if (state.Schedule is not null)
                yield return new Measurement<int>(state.SeatsTaken, Tags(key));
        }
    }

    private static KeyValuePair<string, object?>[] Tags(PreSessionKey key) =>
        [new("wg", key.Wg), new("sur", key.Sur)];

    private static KeyValuePair<string, object?>[] Tags(PreSessionKey key, string outcome) =>
        [new("wg", key.Wg), new("sur", key.Sur), new("outcome", outcome)];
}
