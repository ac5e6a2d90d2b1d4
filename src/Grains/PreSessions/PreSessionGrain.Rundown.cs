using System.Collections.Immutable;

namespace PreSessions;

/// <summary>
/// The pre-session's running order: the operator's if set, else derived from the panel and the hour. Its live timer
/// (<see cref="LiveTimerGrain"/>) reads it with the room, and sets it while it has not started.
/// </summary>
public sealed partial class PreSessionGrain
{
    public Task<TimerPlan?> GetTimerPlan() => Task.FromResult(
        Committed.Schedule is { } schedule && RundownOf(Committed) is { } rundown
            ? new TimerPlan(schedule.Plan.Room, rundown)
            : null);

    public async Task<Outcome<Rundown>> SetRundown(IReadOnlyList<RundownItem>? items)
    {
        if (State.Schedule is null)
            return Outcome<Rundown>.NotFound($"There is no pre-session {Key}.");

        var panel = PanelSelection.PanelOf(State, Key.Sur);
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
        await Commit();
        return Outcome<Rundown>.Ok(RundownOf(Committed)!);
    }

    private Rundown? RundownOf(PreSessionState state) => state.Schedule switch
    {
        null => null,
        _ when state.RundownSet is { } set => new Rundown([.. set], Derived: false),
        { } schedule => new Rundown(timekeeping.Value.Derive(schedule.StateName, schedule.Plan.DurationMinutes, PanelSelection.PanelOf(state, Key.Sur)), Derived: true),
    };
}
