using System.Collections.Immutable;

namespace PreSessions;

/// <summary>
/// A UPR Working Group session: its details and its week of pre-sessions. It owns the plans and hands each one
/// down to its pre-session and State under Review; a hand-off is recorded as unsent before it starts and finished
/// on activation if a crash interrupted it (scheduling a pre-session is idempotent).
/// </summary>
public sealed class WgSessionGrain(
    [PersistentState("wgSession", StorageNames.Grains)] IPersistentState<WgSessionState> storage)
    : AuditedGrain<WgSessionState>(storage), IWgSessionGrain
{
    private int Wg => (int)this.GetPrimaryKeyLong();

    protected override AuditSource AuditSource => new($"wg-session/{Wg}", Wg);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        if (!State.Unsent.IsEmpty)
            await SendPlans();
    }

    public async Task<bool> Define(WgSessionDetails details)
    {
        var created = State.Details is null;
        if (details == State.Details)
        {
            await Durable();
            return created;
        }
        var callChanged = (details.ApplicationsOpen, details.ApplicationsClose, details.StatementsDue) !=
            (State.Details?.ApplicationsOpen, State.Details?.ApplicationsClose, State.Details?.StatementsDue);
        await Store(State with
        {
            Details = details,
            // Every pre-session checks the call itself, so a changed one is handed down to all of them.
            Unsent = callChanged ? [.. State.Plans.Keys] : State.Unsent,
        }, audited: () => Audited(created ? "wg-session.created" : "wg-session.changed",
            detail: $"{details.Title}; applications open {At(details.ApplicationsOpen, "at once")}, close {At(details.ApplicationsClose, "at each start")}, statements due {At(details.StatementsDue, "two weeks before")}"));
        await SendPlans();
        return created;
    }

    private static string At(DateTimeOffset? instant, string otherwise) => instant?.UtcDateTime.ToString("O") ?? otherwise;

    public async Task<Outcome<bool>> SchedulePreSession(string sur, PreSessionPlan plan)
    {
        if (State.Details is null)
            return Outcome<bool>.NotFound($"There is no WG session {Wg}.");
        if (!UnMemberStates.IsMember(sur))
            return Outcome<bool>.NotFound($"{sur} is not the code of a UN member State.");
        // The gateway refuses such a plan already; a stored one would be handed down and shown on every read.
        if (plan.Refusal is { } invalid)
            return Outcome<bool>.Invalid(invalid);

        var created = !State.Plans.ContainsKey(sur);
        if (State.Plans.GetValueOrDefault(sur) == plan && !State.Unsent.Contains(sur))
        {
            await Durable();
            return Outcome<bool>.Ok(created);
        }
        await Store(State with { Plans = State.Plans.SetItem(sur, plan), Unsent = State.Unsent.Add(sur) });
        await SendPlans();
        return Outcome<bool>.Ok(created);
    }

    public async Task<WgSessionView?> GetView()
    {
        if (State.Details is not { } details)
            return null;
        var views = await Task.WhenAll(State.Plans.Keys.Select(sur => PreSession(sur).GetView()));
        return new WgSessionView(Wg, details,
            [.. views.OfType<PreSessionView>().OrderBy(v => v.Plan.StartsAt).ThenBy(v => v.Key.Sur, StringComparer.Ordinal)]);
    }

    public async Task Announce()
    {
        await Directory.Record(Wg, Listing(Committed));
        // A sweep of the directory asks every number: an activation for a number that is no WG session need not stay.
        if (Committed.Details is null)
            DeactivateOnIdle();
    }

    /// <summary>
    /// Stores a change. When it changes the listing, the directory expects it first and records it after: a crash
    /// between leaves the number unconfirmed in the directory, which asks this WG session to announce itself again.
    /// </summary>
    private async Task Store(WgSessionState next, Action? audited = null)
    {
        var listing = Listing(next);
        var listingChanges = listing != Listing(State);
        if (listingChanges)
            await Directory.Expect(Wg); // before the change is in memory, so a failure here leaves nothing unstored
        State = next;
        audited?.Invoke();
        await Commit();
        if (listingChanges)
            await Directory.Record(Wg, listing);
    }

    private WgSessionListing? Listing(WgSessionState state) =>
        state.Details is { } details ? WgSessionListing.Of(Wg, details, state.Plans.Values) : null;

    private IWgSessionDirectoryGrain Directory => GrainFactory.GetGrain<IWgSessionDirectoryGrain>(WgSessionDirectory.Key);

    private async Task SendPlans()
    {
        foreach (var sur in State.Unsent)
        {
            UnMemberStates.TryGetName(sur, out var stateName);
            var details = State.Details!;
            var schedule = new PreSessionSchedule(State.Plans[sur], stateName, details.ApplicationsClose, details.ApplicationsOpen, details.StatementsDue);
            await PreSession(sur).Schedule(schedule);
            await GrainFactory.GetGrain<IStateUnderReviewGrain>(sur).RecordPreSession(Wg);
        }
        // Stored with the next write; until then a reactivation harmlessly sends the same plans again.
        State = State with { Unsent = [] };
    }

    private IPreSessionGrain PreSession(string sur) => GrainFactory.GetGrain<IPreSessionGrain>(new PreSessionKey(Wg, sur).GrainKey);
}
