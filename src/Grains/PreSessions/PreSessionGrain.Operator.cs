using System.Collections.Immutable;

namespace PreSessions;

/// <summary>The operator's selection (its rules are <see cref="PanelSelection"/>'s) and reads of every application and RSVP, as committed.</summary>
public sealed partial class PreSessionGrain
{
    public Task<ImmutableArray<ApplicationRecord>> GetApplications() => Task.FromResult(Records(Committed));

    private ImmutableArray<ApplicationRecord> Records(PreSessionState state) => [.. PanelSelection.Arrange(state, Key.Sur).Standings
        .Select(s => new ApplicationRecord(s.Application.Applicant, s.Application.Request, s.Answer.Status, s.Answer.Position, s.Application.AppliedAt))];

    /// <summary>Decides and changes the state in one turn, like every command, so applications arriving meanwhile stay pending.</summary>
    public async Task<Outcome<ImmutableArray<ApplicationRecord>>> Select(SelectionDecision decision)
    {
        if (State.Schedule is null)
            return Outcome<ImmutableArray<ApplicationRecord>>.NotFound($"There is no pre-session {Key}.");
        if (PanelSelection.Refusal(State, Key, decision) is { } refusal)
            return Outcome<ImmutableArray<ApplicationRecord>>.Conflict(refusal);

        ImmutableList<string> selected = [.. decision.Panel, .. decision.Waitlist], declined = [.. decision.Declined];
        if (selected.SequenceEqual(State.Selected) && declined.SequenceEqual(State.Declined))
            await Durable();
        else
        {
            State = State with { Selected = selected, Declined = declined };
            Audited("selection.made", detail: $"panel {decision.Panel.Length}, waitlist {decision.Waitlist.Length}, declined {decision.Declined.Length}");
            await Commit();
        }
        return Outcome<ImmutableArray<ApplicationRecord>>.Ok(Records(Committed));
    }

    public Task<ImmutableArray<RsvpRecord>> GetRsvps() => Task.FromResult(Committed.RsvpRecords());
}
