using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace PreSessions;

/// <summary>
/// The domain's meter, "PreSessions": commands' outcomes counted by <see cref="DomainCallFilter"/> where each is
/// decided, the timer's by the timer, seats observed from the pre-sessions active on this silo. Measurements
/// are tagged with the pre-session (wg, sur) and the outcome only, never with who applied or RSVPed. Replays of a
/// command (same Idempotency-Key, same PUT) change nothing, so they are not counted again.
/// Live SSE connections are counted by the gateway that holds them, on a meter of the same name.
/// </summary>
public sealed class PreSessionsMetrics
{
    public const string MeterName = DomainMeter.Name;

    public const string Applications = DomainCalls.Applications;
    public const string Withdrawals = DomainCalls.Withdrawals;
    public const string Rsvps = DomainCalls.Rsvps;
    public const string SeatsTaken = "presessions.seats.taken";
    public const string TimerCommands = "presessions.timer.commands";
    public const string Overruns = "presessions.timer.overruns";

    /// <summary>The commands' counters, by the instrument names <see cref="DomainCalls"/>' table gives its commands.</summary>
    private readonly Dictionary<string, Counter<long>> _commands;
    private readonly Counter<long> _timerCommands;
    private readonly Counter<long> _overruns;
    private readonly ConcurrentDictionary<PreSessionKey, Func<PreSessionState>> _active = new();

    public PreSessionsMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _commands = new()
        {
            [Applications] = meter.CreateCounter<long>(Applications, "{application}",
                "Applications to speak by outcome: panel, waitlist, pending, or the refusal (conflict, not_found)."),
            [Withdrawals] = meter.CreateCounter<long>(Withdrawals, "{application}", "Applications withdrawn."),
            [Rsvps] = meter.CreateCounter<long>(Rsvps, "{rsvp}",
                "Mission RSVPs by outcome: confirmed, waitlist, declined, or the refusal (conflict, not_found)."),
        };
        _timerCommands = meter.CreateCounter<long>(TimerCommands, "{command}",
            "Timer commands by command and outcome: accepted, or the refusal (conflict, forbidden, not_found).");
        _overruns = meter.CreateCounter<long>(Overruns, "{item}", "Rundown items that ran over their allotted time.");
        meter.CreateObservableUpDownCounter(SeatsTaken, ObserveSeatsTaken, "{seat}",
            "Seats held by confirmed RSVPs, per pre-session active on this silo.");
    }

    /// <summary>One outcome of a command of one pre-session, on the counter named <paramref name="counter"/>.</summary>
    public void Count(string counter, PreSessionKey key, string outcome) => _commands[counter].Add(1, Tags(key, outcome));

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
