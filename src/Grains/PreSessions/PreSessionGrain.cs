using Microsoft.Extensions.Options;

namespace PreSessions;

/// <summary>
/// One pre-session: the source of truth for its panel, waitlist, seats and RSVPs, and the only durable record of an
/// application or an RSVP (an organisation finds them through <see cref="IEngagementDirectory"/>).
/// It interleaves calls so that many applications share one storage write (<see cref="GroupCommit{TState}"/>), and
/// it stays safe under interleaving because every command decides and changes the state in one turn, before its
/// only await. Reads show the committed state only. A replay answers <see cref="Outcome{T}.Replay"/>, so the call filter
/// (<see cref="DomainCallFilter"/>), which puts each command's outcome on its span and counts it, counts it once.
/// </summary>
/// <remarks>The running order is in PreSessionGrain.Rundown.cs (its live timer is <see cref="LiveTimerGrain"/>); the operator's selection and reads in PreSessionGrain.Operator.cs.</remarks>
[Orleans.Concurrency.Reentrant]
public sealed partial class PreSessionGrain(
    [PersistentState("preSession", StorageNames.Grains)] IPersistentState<PreSessionState> storage,
    IOptions<TimekeepingOptions> timekeeping,
    IEngagementDirectory directory,
    TimeProvider clock,
    PreSessionsMetrics metrics) : AuditedGrain<PreSessionState>(storage), IPreSessionGrain
{
    private Engagements _engagements = null!;

    private PreSessionKey Key => PreSessionKey.Parse(this.GetPrimaryKeyString());

    protected override AuditSource AuditSource => new($"pre-session/{Key}", Key.Wg, Key.Sur);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        _engagements = new Engagements(Key, directory);
        metrics.Track(Key, () => Committed);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        metrics.Untrack(Key);
        return Task.CompletedTask;
    }

    public Task<PreSessionView?> GetView() => Task.FromResult(PanelSelection.ViewOf(Committed, Key));

    public async Task<bool> Schedule(PreSessionSchedule schedule)
    {
        var previous = State.Schedule;
        if (schedule == previous)
            await Durable();
        else
        {
            State = State with { Schedule = schedule };
            var plan = schedule.Plan;
            Audited(previous is null ? "pre-session.created" : "pre-session.changed", detail: string.Create(
                System.Globalization.CultureInfo.InvariantCulture,
                $"{plan.StartsAt.UtcDateTime:O}, {plan.DurationMinutes} min, room {plan.Room}, panel {plan.PanelSize}, seats {plan.Seats}, " +
                $"{plan.Selection}, minimum {plan.MinimumApplicationsOrDefault}{(plan.ReserveNhriPlace ? ", NHRI place kept" : "")}, close {schedule.Window.Closes.UtcDateTime:O}"));
            await Commit();
        }
        // The room learns after the pre-session stored its plan; a failure here fails the call, and the organiser's
        // retry (the same PUT) books the room again.
        if (previous is not null && previous.Plan.Room != schedule.Plan.Room)
            await GrainFactory.GetGrain<IRoomGrain>(previous.Plan.Room).Unbook(Key);
        await GrainFactory.GetGrain<IRoomGrain>(schedule.Plan.Room)
            .Book(new RoomBooking(Key, schedule.StateName, schedule.Plan.StartsAt, schedule.Plan.EndsAt));
        return previous is null;
    }

    public Task<Outcome<ApplicationReceipt>> Apply(Applicant applicant, SpeakerApplication application, string idempotencyKey) =>
        Apply(applicant, application, idempotencyKey, recorded: false);

    /// <summary>
    /// This state is the only durable record of an application. An organisation new here is first recorded in the
    /// directory (by which the organisation finds it, <see cref="IEngagementDirectory"/>), then the command decides
    /// again, since other commands ran during that await, and changes the state in one turn.
    /// </summary>
    private async Task<Outcome<ApplicationReceipt>> Apply(Applicant applicant, SpeakerApplication application, string idempotencyKey, bool recorded)
    {
        if (State.Schedule is not { } schedule)
            return Outcome<ApplicationReceipt>.NotFound($"There is no pre-session {Key}.");

        var current = State.ApplicationOf(applicant.OrganisationId);
        if (current is not null)
        {
            if (current.IdempotencyKey != idempotencyKey)
                return Outcome<ApplicationReceipt>.Conflict($"This organisation has already applied to the pre-session {Key}.");
            if (!current.Request.SameAs(application))
                return Outcome<ApplicationReceipt>.Conflict("This Idempotency-Key was used for a different application.");
            await Durable();
            return Outcome<ApplicationReceipt>.Replay(new(current.FirstAnswer, Standing: true));
        }
        var withdrawn = State.Withdrawals.Find(w => w.ApplicationKey == idempotencyKey && w.OrganisationId == applicant.OrganisationId);
        if (withdrawn is not null)
        {
            await Durable();
            return Outcome<ApplicationReceipt>.Replay(new(withdrawn.FirstAnswer, Standing: false));
        }

        var now = clock.GetUtcNow();
        if (schedule.Window.Refusal(Key, now) is { } outside)
            return Outcome<ApplicationReceipt>.Conflict(outside);
        if (!recorded)
        {
            await _engagements.Recorded(applicant.OrganisationId);
            return await Apply(applicant, application, idempotencyKey, recorded: true);
        }

        // The answer is the standing once added: in review mode pending, else by the queue (and the NHRI's kept place).
        var added = new Application(applicant, application, idempotencyKey, new ApplicationAnswer(ApplicationStatus.Pending, 0), now);
        var answer = PanelSelection.AnswerOf(State.WithApplication(added), Key.Sur, applicant.OrganisationId)!;
        State = State.WithApplication(added with { FirstAnswer = answer });
        Audited($"application.{answer.Status.Name()}", applicant.OrganisationId, $"position {answer.Position}");
        await Commit();
        return Outcome<ApplicationReceipt>.Ok(new(answer, Standing: true));
    }

    public async Task<Outcome<bool>> Withdraw(string organisationId, string? idempotencyKey)
    {
        var index = State.IndexOfApplication(organisationId);
        if (index < 0)
        {
            var replayed = idempotencyKey is not null &&
                State.Withdrawals.Exists(w => w.OrganisationId == organisationId && w.WithdrawalKey == idempotencyKey);
            if (!replayed)
                return Outcome<bool>.NotFound($"This organisation has no application to the pre-session {Key}.");
            await Durable();
            return Outcome<bool>.Replay(true);
        }

        State = State.Withdrawn(index, idempotencyKey, clock.GetUtcNow());
        Audited("application.withdrawn", organisationId);
        await Commit();
        return Outcome<bool>.Ok(true);
    }

    public Task<Outcome<RsvpAnswer>> Rsvp(Applicant mission, RsvpRequest rsvp) => Rsvp(mission, rsvp, recorded: false);

    /// <summary>As an application: a mission new here is recorded in the directory before the state holds it.</summary>
    private async Task<Outcome<RsvpAnswer>> Rsvp(Applicant mission, RsvpRequest rsvp, bool recorded)
    {
        if (State.Schedule is null)
            return Outcome<RsvpAnswer>.NotFound($"There is no pre-session {Key}.");

        var id = mission.OrganisationId;
        var index = State.Rsvps.FindIndex(r => r.Mission.OrganisationId == id);
        if (!recorded && index < 0 && !State.DeclinedBy.Contains(id))
        {
            await _engagements.Recorded(id);
            return await Rsvp(mission, rsvp, recorded: true);
        }
        if (!rsvp.Attending)
        {
            if (index < 0 && State.DeclinedBy.Contains(id))
            {
                await Durable();
                return Outcome<RsvpAnswer>.Replay(PreSessionState.Declining);
            }
            State = State with
            {
                Rsvps = index < 0 ? State.Rsvps : State.Rsvps.RemoveAt(index),
                DeclinedBy = State.DeclinedBy.Add(id),
            };
            Audited("rsvp.declined", id);
            await Commit();
            return Outcome<RsvpAnswer>.Ok(PreSessionState.Declining);
        }

        if (index >= 0)
        {
            var current = State.Rsvps[index];
            if (current.Delegates == rsvp.Delegates)
            {
                var unchanged = State.RsvpStandingAt(index);
                await Durable();
                return Outcome<RsvpAnswer>.Replay(unchanged);
            }
            var confirmed = index < State.ConfirmedRsvps;
            var freeSeats = State.Seats - State.SeatsTaken;
            if (confirmed && rsvp.Delegates - current.Delegates > freeSeats)
                return Outcome<RsvpAnswer>.Conflict(
                    $"Only {freeSeats} more seat(s) are free; this RSVP keeps its {current.Delegates} confirmed seat(s).");
            // A mission that changes its number of delegates keeps its place in the queue.
            State = State with { Rsvps = State.Rsvps.SetItem(index, current with { Delegates = rsvp.Delegates }) };
        }
        else
        {
            State = State with
            {
                Rsvps = State.Rsvps.Add(new Rsvp(mission, rsvp.Delegates, clock.GetUtcNow())),
                DeclinedBy = State.DeclinedBy.Remove(id),
            };
            index = State.Rsvps.Count - 1;
        }
        var answer = State.RsvpStandingAt(index);
        Audited($"rsvp.{answer.Status.Name()}", id, $"{answer.Delegates} delegate(s)");
        await Commit();
        return Outcome<RsvpAnswer>.Ok(answer);
    }

    public Task<ApplicationStanding?> GetApplication(string organisationId)
    {
        var answer = PanelSelection.AnswerOf(Committed, Key.Sur, organisationId);
        return Task.FromResult(answer is null ? null : new ApplicationStanding(Key.Wg, Key.Sur, answer.Status, answer.Position));
    }

    public Task<RsvpStanding?> GetRsvp(string organisationId) => Task.FromResult(
        Committed.RsvpOf(organisationId) is { } answer ? new RsvpStanding(Key.Wg, Key.Sur, answer.Status, answer.Delegates) : null);
}
