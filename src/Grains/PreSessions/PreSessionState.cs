using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace PreSessions;

/// <summary>
/// A pre-session's durable state. Applications are one queue in arrival order: the first <c>PanelSize</c> are
/// the panel, the rest the waitlist. So a withdrawal promotes the head of the waitlist, a smaller panel moves its
/// last speakers to the head of the waitlist and a larger one promotes from it, all without moving anybody by hand.
/// RSVPs work the same way in delegates: the confirmed ones are the longest run from the front that fits the seats.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PreSessionState : IAuditedState<PreSessionState>, IStoredInParts<PreSessionState>
{
    [Id(0)] public PreSessionSchedule? Schedule { get; init; }
    [Id(1)] public ImmutableList<Application> Applications { get; init; } = [];
    [Id(2)] public ImmutableList<Withdrawal> Withdrawals { get; init; } = [];
    [Id(3)] public ImmutableList<Rsvp> Rsvps { get; init; } = [];
    [Id(4)] public ImmutableHashSet<string> DeclinedBy { get; init; } = [];
    /// <summary>The running order the operator set; null while it is derived from the panel.</summary>
    [Id(5)] public ImmutableList<RundownItem>? RundownSet { get; init; }
    /// <summary>The outbox: entries of this record's stored changes, written with them, that the audit log may not hold yet (see <see cref="AuditOutbox"/>).</summary>
    [Id(6)] public ImmutableList<AuditEntry> AuditLog { get; init; } = [];
    /// <summary>How many of this record's audit entries the audit log held when this state was written: the number of the outbox's first.</summary>
    [Id(20)] public long AuditAppended { get; init; }
    /// <summary>In review mode, the operator's selection: organisation ids, the panel's then the waitlist's, in order.</summary>
    [Id(7)] public ImmutableList<string> Selected { get; init; } = [];
    /// <summary>In review mode, the applications the operator declined, in the order given.</summary>
    [Id(8)] public ImmutableList<string> Declined { get; init; } = [];

    /// <summary>How long a withdrawn application is remembered for replays of its application or withdrawal.</summary>
    public static readonly TimeSpan WithdrawalMemory = TimeSpan.FromDays(30);

    public PreSessionState WithOutbox(ImmutableList<AuditEntry> outbox, long appended) => this with { AuditLog = outbox, AuditAppended = appended };

    // Stored in parts: the queues grow with the pre-session, so each application, withdrawal and RSVP is an item of its
    // own and a write stores only those that came, changed or went (IStoredInParts). So is each audit entry of the
    // outbox, numbered by its sequence: in a burst the outbox holds what the log has not taken yet, written once each.
    private const string ApplicationItems = "a", WithdrawalItems = "w", RsvpItems = "r", OutboxItems = "o";

    public PreSessionState Head() => this with { Applications = [], Withdrawals = [], Rsvps = [], AuditLog = [] };

    public IEnumerable<StoredList> Lists() =>
    [
        new(ApplicationItems, Applications, static (a, _) => ((Application)a).Applicant.OrganisationId),
        new(WithdrawalItems, Withdrawals, static (w, _) => WithdrawalKey((Withdrawal)w)),
        new(RsvpItems, Rsvps, static (r, _) => ((Rsvp)r).Mission.OrganisationId),
        // An outbox entry's number is its place after the first (Trim replaces the list whenever the first changes).
        new(OutboxItems, AuditLog, (_, i) => (AuditAppended + i).ToString(CultureInfo.InvariantCulture)),
    ];

    private static string WithdrawalKey(Withdrawal w) =>
        string.Create(CultureInfo.InvariantCulture, $"{w.OrganisationId}/{w.ApplicationKey}/{w.WithdrawnAt.UtcTicks}");

    public PreSessionState WithItems(IEnumerable<StoredItem> items)
    {
        var (applications, withdrawals, rsvps, outbox) = (Applications.ToBuilder(), Withdrawals.ToBuilder(), Rsvps.ToBuilder(), AuditLog.ToBuilder());
        foreach (var item in items)
        {
            switch (item.Value)
            {
                case Application application: applications.Add(application); break;
                case Withdrawal withdrawal: withdrawals.Add(withdrawal); break;
                case Rsvp rsvp: rsvps.Add(rsvp); break;
                case AuditEntry entry: outbox.Add(entry); break;
                default: throw new InvalidOperationException($"A pre-session stores no item of type {item.Value.GetType().Name} ({item.List}/{item.Key}).");
            }
        }
        return this with
        {
            Applications = applications.ToImmutable(), Withdrawals = withdrawals.ToImmutable(), Rsvps = rsvps.ToImmutable(), AuditLog = outbox.ToImmutable(),
        };
    }

    public int PanelSize => Schedule?.Plan.PanelSize ?? 0;

    public int Seats => Schedule?.Plan.Seats ?? 0;

    public ApplicationAnswer StandingAt(int index) => index < PanelSize
        ? new ApplicationAnswer(ApplicationStatus.Panel, index + 1)
        : new ApplicationAnswer(ApplicationStatus.Waitlist, index - PanelSize + 1);

    /// <summary>The organisation's application here, or null: a look-up, not a walk of the queue.</summary>
    public Application? ApplicationOf(string organisationId) => Applicants.GetValueOrDefault(organisationId);

    /// <summary>Where the organisation's application stands in the queue, or -1. The one just added costs no walk.</summary>
    public int IndexOfApplication(string organisationId)
    {
        if (ApplicationOf(organisationId) is not { } application)
            return -1;
        return ReferenceEquals(Applications[^1], application) ? Applications.Count - 1
            : Applications.FindIndex(a => ReferenceEquals(a, application));
    }

    /// <summary>With <paramref name="application"/> at the end of the queue (an organisation that has none here yet).</summary>
    public PreSessionState WithApplication(Application application)
    {
        var applications = Applications.Add(application);
        ApplicantsByList.AddOrUpdate(applications, Applicants.SetItem(application.Applicant.OrganisationId, application));
        return this with { Applications = applications };
    }

    // Every application asks who applied already, and a walk of the queue for that made a burst into one pre-session
    // quadratic (the silo's CPU per application grew with the queue). The index is derived, never stored: it belongs
    // to one queue (an immutable list), so it is kept by that list's identity and dropped with it; a queue this record
    // did not build itself (read from storage, a withdrawal, a selection) gets one built at its first look-up.
    private static readonly ConditionalWeakTable<ImmutableList<Application>, ImmutableDictionary<string, Application>> ApplicantsByList = new();

    private ImmutableDictionary<string, Application> Applicants => ApplicantsByList.GetValue(Applications, static queue =>
    {
        var index = ImmutableDictionary.CreateBuilder<string, Application>(StringComparer.Ordinal);
        foreach (var application in queue)
            index.TryAdd(application.Applicant.OrganisationId, application);
        return index.ToImmutable();
    });

    /// <summary>How many RSVPs, from the front, hold seats. Strictly in order: nobody overtakes the head of the waitlist.</summary>
    public int ConfirmedRsvps
    {
        get
        {
            var (count, delegates) = (0, 0);
            foreach (var rsvp in Rsvps)
            {
                if (delegates + rsvp.Delegates > Seats) break;
                delegates += rsvp.Delegates;
                count++;
            }
            return count;
        }
    }

    public int SeatsTaken => Rsvps.Take(ConfirmedRsvps).Sum(r => r.Delegates);

    public RsvpAnswer RsvpStandingAt(int index) => index < ConfirmedRsvps
        ? new RsvpAnswer(RsvpStatus.Confirmed, Rsvps[index].Delegates)
        : new RsvpAnswer(RsvpStatus.Waitlist, Rsvps[index].Delegates);

    /// <summary>Every RSVP in the queue's order (confirmed, then waitlist), then the missions that declined.</summary>
    public ImmutableArray<RsvpRecord> RsvpRecords()
    {
        var queue = Rsvps.Select((r, i) =>
        {
            var answer = RsvpStandingAt(i);
            return new RsvpRecord(r.Mission.OrganisationId, r.Mission.OrganisationName, answer.Status, answer.Delegates, r.RespondedAt);
        });
        var declined = DeclinedBy.Order(StringComparer.Ordinal).Select(id => new RsvpRecord(id, null, RsvpStatus.Declined, 0, null));
        return [.. queue, .. declined];
    }

    public static readonly RsvpAnswer Declining = new(RsvpStatus.Declined, 0);

    /// <summary>A mission's answer: its place in the queue, declined, or null when it never answered.</summary>
    public RsvpAnswer? RsvpOf(string organisationId) =>
        Rsvps.FindIndex(r => r.Mission.OrganisationId == organisationId) is var index and >= 0 ? RsvpStandingAt(index)
        : DeclinedBy.Contains(organisationId) ? Declining
        : null;

    /// <summary>
    /// Without the application at <paramref name="index"/> (nor the operator's choice of it), remembered as withdrawn
    /// for replays; withdrawals older than <see cref="WithdrawalMemory"/> are forgotten, so the list stays bounded.
    /// </summary>
    public PreSessionState Withdrawn(int index, string? withdrawalKey, DateTimeOffset now)
    {
        var application = Applications[index];
        var organisationId = application.Applicant.OrganisationId;
        var withdrawal = new Withdrawal(organisationId, application.IdempotencyKey, application.FirstAnswer, withdrawalKey, now);
        var applications = Applications.RemoveAt(index);
        ApplicantsByList.AddOrUpdate(applications, Applicants.Remove(organisationId));
        return this with
        {
            Applications = applications,
            Selected = Selected.Remove(organisationId),
            Declined = Declined.Remove(organisationId),
            Withdrawals = Withdrawals.RemoveAll(w => now - w.WithdrawnAt > WithdrawalMemory).Add(withdrawal),
        };
    }
}

/// <summary>An application on the panel or the waitlist, with the answer it got first (for idempotent replays).</summary>
[GenerateSerializer, Immutable]
public sealed record Application(
    [property: Id(0)] Applicant Applicant,
    [property: Id(1)] SpeakerApplication Request,
    [property: Id(2)] string IdempotencyKey,
    [property: Id(3)] ApplicationAnswer FirstAnswer,
    [property: Id(4)] DateTimeOffset AppliedAt);

/// <summary>
/// What remains of a withdrawn application: enough to answer a replayed application or withdrawal the same way.
/// Kept for <see cref="PreSessionState.WithdrawalMemory"/>, so the list stays bounded.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record Withdrawal(
    [property: Id(0)] string OrganisationId,
    [property: Id(1)] string ApplicationKey,
    [property: Id(2)] ApplicationAnswer FirstAnswer,
    [property: Id(3)] string? WithdrawalKey,
    [property: Id(4)] DateTimeOffset WithdrawnAt);

/// <summary>A mission attending with a number of delegates. Declining takes the RSVP out of the queue.</summary>
[GenerateSerializer, Immutable]
public sealed record Rsvp(
    [property: Id(0)] Applicant Mission,
    [property: Id(1)] int Delegates,
    [property: Id(2)] DateTimeOffset RespondedAt);
