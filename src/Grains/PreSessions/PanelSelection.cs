using System.Collections.Immutable;

namespace PreSessions;

/// <summary>Every application's standing, derived from the state: the panel, the waitlist, then pending and declined.</summary>
public sealed record Arrangement(
    IReadOnlyList<Application> Panel, IReadOnlyList<Application> Waitlist, IReadOnlyList<Application> Pending, IReadOnlyList<Application> Declined)
{
    public IEnumerable<(Application Application, ApplicationAnswer Answer)> Standings =>
        Panel.Select((a, i) => (a, new ApplicationAnswer(ApplicationStatus.Panel, i + 1)))
            .Concat(Waitlist.Select((a, i) => (a, new ApplicationAnswer(ApplicationStatus.Waitlist, i + 1))))
            .Concat(Pending.Select((a, i) => (a, new ApplicationAnswer(ApplicationStatus.Pending, i + 1))))
            .Concat(Declined.Select((a, i) => (a, new ApplicationAnswer(ApplicationStatus.Declined, i + 1))));
}

/// <summary>
/// How a pre-session's applications become its panel, by its selection mode; derived from the state every time, so a
/// withdrawal or a new panel size needs no bookkeeping.
/// <list type="bullet">
/// <item>First come, first served: the queue is the applications in arrival order.</item>
/// <item>Review: applications are pending until the operator's selection; the queue is the selection (panel, then
/// waitlist); those the operator declined are declined; those it did not name, and every later one, stay pending.</item>
/// </list>
/// Either way the first <c>PanelSize</c> of the queue are the panel and the rest wait, so a withdrawal promotes the head
/// of the waitlist. With <see cref="PreSessionPlan.ReserveNhriPlace"/>, one panel place is kept for the NHRI of the State
/// under Review: the others fill at most <c>PanelSize - 1</c> places, and that NHRI, wherever it is in the queue, takes
/// the kept one (in first come, first served as soon as it applies; in review once the operator puts it in the selection).
/// While it has not applied (or is not selected) the place stays empty, even with a waitlist: the operator turns the
/// reservation off to give it away.
/// </summary>
public static class PanelSelection
{
    public static Arrangement Arrange(PreSessionState state, string sur)
    {
        var plan = state.Schedule?.Plan;
        var reserve = plan?.ReserveNhriPlace == true;
        if (plan?.Selection != SelectionMode.Review)
        {
            var (panel, waitlist) = Split(state.Applications, state.PanelSize, reserve, sur);
            return new(panel, waitlist, [], []);
        }
        var byId = state.Applications.ToDictionary(a => a.Applicant.OrganisationId);
        var decided = state.Selected.Concat(state.Declined).ToHashSet();
        var (selectedPanel, selectedWaitlist) = Split(Named(state.Selected, byId), state.PanelSize, reserve, sur);
        return new(selectedPanel, selectedWaitlist,
            [.. state.Applications.Where(a => !decided.Contains(a.Applicant.OrganisationId))], Named(state.Declined, byId));
    }

    /// <summary>The public view of the pre-session as arranged; null while it is not scheduled.</summary>
    public static PreSessionView? ViewOf(PreSessionState state, PreSessionKey key)
    {
        if (state.Schedule is not { } schedule)
            return null;
        var arrangement = Arrange(state, key.Sur);
        return new PreSessionView(key, schedule.StateName, schedule.Plan, PanelOf(arrangement),
            arrangement.Waitlist.Count, state.SeatsTaken, schedule.Window, arrangement.Pending.Count);
    }

    public static ImmutableArray<PanelSeat> PanelOf(PreSessionState state, string sur) => PanelOf(Arrange(state, sur));

    private static ImmutableArray<PanelSeat> PanelOf(Arrangement arrangement) => [.. arrangement.Panel
        .Select((a, i) => new PanelSeat(a.Applicant.OrganisationId, a.Applicant.OrganisationName, a.Request.SpeakerName, i + 1,
            a.Request.PublishSpeakerName))];

    /// <summary>One organisation's standing, or null when it has no application here.</summary>
    public static ApplicationAnswer? AnswerOf(PreSessionState state, string sur, string organisationId)
    {
        var plan = state.Schedule?.Plan;
        if (plan is { Selection: SelectionMode.FirstComeFirstServed, ReserveNhriPlace: false })
        {
            // The common case, without building the arrangement: the index in arrival order says it all.
            var index = state.IndexOfApplication(organisationId);
            return index < 0 ? null : state.StandingAt(index);
        }
        foreach (var (application, answer) in Arrange(state, sur).Standings)
            if (application.Applicant.OrganisationId == organisationId)
                return answer;
        return null;
    }

    /// <summary>The queue split into panel (kept in queue order) and waitlist, with the NHRI's place kept when reserved.</summary>
    public static (List<Application> Panel, List<Application> Waitlist) Split(IReadOnlyList<Application> queue, int panelSize, bool reserve, string sur)
    {
        if (!reserve || panelSize == 0)
            return ([.. queue.Take(panelSize)], [.. queue.Skip(panelSize)]);
        var nhri = queue.FirstOrDefault(a => a.Applicant.IsNhriOf(sur));
        var others = queue.Where(a => a != nhri).ToList();
        var seated = others.Take(panelSize - 1).Append(nhri).OfType<Application>().ToHashSet();
        return ([.. queue.Where(seated.Contains)], [.. others.Skip(panelSize - 1)]);
    }

    /// <summary>Why the operator's selection cannot stand, or null. Checked against the state it would change.</summary>
    public static string? Refusal(PreSessionState state, PreSessionKey key, SelectionDecision decision)
    {
        var plan = state.Schedule!.Plan;
        if (plan.Selection != SelectionMode.Review)
            return $"The pre-session {key} takes applications first come, first served: set its selection to review to choose the panel.";
        var applied = state.Applications.Select(a => a.Applicant.OrganisationId).ToHashSet();
        var named = decision.Panel.Concat(decision.Waitlist).Concat(decision.Declined).ToList();
        if (named.Distinct().Count() < named.Count)
            return "The selection names an organisation twice.";
        if (named.Where(id => !applied.Contains(id)).ToList() is [_, ..] strangers)
            return $"These organisations have no application to the pre-session {key}: {string.Join(", ", strangers)}.";
        if (decision.Panel.Length > plan.PanelSize)
            return $"The panel of the pre-session {key} has {plan.PanelSize} places; the selection puts {decision.Panel.Length} on it.";

        var byId = state.Applications.ToDictionary(a => a.Applicant.OrganisationId);
        var panel = Named(decision.Panel, byId);
        if (plan.ReserveNhriPlace && !panel.Any(a => a.Applicant.IsNhriOf(key.Sur)) && panel.Count >= plan.PanelSize)
            return $"The pre-session {key} keeps a panel place for the NHRI of {key.Sur}: without it, the panel has at most {plan.PanelSize - 1} speakers.";
        var (derived, _) = Split([.. panel, .. Named(decision.Waitlist, byId)], plan.PanelSize, plan.ReserveNhriPlace, key.Sur);
        if (!derived.Select(a => a.Applicant.OrganisationId).SequenceEqual(decision.Panel))
            return $"Nobody waits while the panel of the pre-session {key} has a place for them: with this waitlist, the panel is " +
                $"{string.Join(", ", derived.Select(a => a.Applicant.OrganisationId))}.";
        return null;
    }

    private static List<Application> Named(IEnumerable<string> ids, Dictionary<string, Application> byId) =>
        [.. ids.Where(byId.ContainsKey).Select(id => byId[id])];
}
