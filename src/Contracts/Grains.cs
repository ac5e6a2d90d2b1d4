using System.Collections.Immutable;


namespace PreSessions;

// The actors of PreSessions and the calls between them. The call graph is a tree, so no call cycle can deadlock:
// the gateway calls any grain; a WG session calls its pre-sessions, States under Review and the WG session directory; an
// organisation calls the pre-sessions it applies or RSVPs to and notes itself in the organisation directory; a pre-session
// books its room; a pre-session's live timer reads and sets its pre-session's running order and tells the room when it
// is live (nobody but the gateway calls a timer); a pre-session's attendance ledger reads its pre-session and the
// mission it records (nobody but the gateway calls a ledger); a WG session's invitations read it and register and read
// the missions they invite, and the organisation directory (nobody calls the invitations but the gateway); a room, a State under Review and the directories call
// nobody. Grains push to gateways only through one-way observer calls.

/// <summary>A CSO, NHRI or Permanent Mission. Keyed by its server-made id.</summary>
public interface IOrganisationGrain : IGrainWithStringKey, IAuditedGrain
{
    /// <summary>Registers once; the same registration again (an idempotent replay) answers the same profile.</summary>
    Task<Outcome<OrganisationProfile>> Register(Registration registration);

    /// <summary>The profile when the token's hash is this organisation's valid one, compared in constant time.</summary>
    Task<OrganisationProfile?> Authenticate(byte[] tokenHash);

    /// <summary>The operator replaces the token (the old one is refused from now on); false: no such organisation.</summary>
    Task<bool> ReissueToken(byte[] tokenHash);

    /// <summary>The operator revokes the token: refused from now on, until one is reissued; false: no such organisation.</summary>
    Task<bool> RevokeToken();

    /// <summary>
    /// Null: no such organisation; true: it was registered for an invitation (with no token) and no token was handed
    /// out since, so redeeming an invitation hands it its first one (<see cref="AcceptInvitation"/>).
    /// </summary>
    Task<bool?> AwaitsInvitation();

    /// <summary>Hands the first token (its hash) to an organisation that awaits its invitation; conflict once it holds one.</summary>
    Task<Outcome<OrganisationProfile>> AcceptInvitation(byte[] tokenHash);

    Task<OrganisationView?> GetView();

    /// <summary>Who it is, as registered; null: no such organisation. Asks no pre-session, unlike <see cref="GetView"/>.</summary>
    Task<OrganisationProfile?> GetProfile();

    Task<Outcome<ApplicationAnswer>> Apply(PreSessionKey preSession, SpeakerApplication application, string? idempotencyKey);

    Task<Outcome<bool>> Withdraw(PreSessionKey preSession, string? idempotencyKey);

    Task<Outcome<RsvpAnswer>> Rsvp(PreSessionKey preSession, RsvpRequest rsvp);
}

/// <summary>
/// Every organisation, for the operator's list, with the names that read alike flagged: one grain, keyed
/// <see cref="Key"/>, that each organisation notes itself into once it is registered.
/// </summary>
public interface IOrganisationDirectoryGrain : IGrainWithIntegerKey
{
    public const long Key = 0;

    /// <summary>Lists an organisation, or lists it again (idempotent); completes once that is stored.</summary>
    Task Note(OrganisationProfile organisation);

    /// <summary>
    /// Up to <paramref name="size"/> organisations in name order whose name contains <paramref name="search"/> (case
    /// ignored), after the one whose id is <paramref name="after"/>; invalid when no listed organisation has that id.
    /// </summary>
    Task<Outcome<OrganisationPage>> Find(string? search, string? after, int size);

    /// <summary>Every listed Permanent Mission, as committed: the invitations reuse a State's mission when there is one.</summary>
    Task<ImmutableArray<OrganisationProfile>> Missions();
}

/// <summary>One pre-session, keyed "wg/SUR". The source of truth for its panel, waitlist, seats and RSVPs.</summary>
public interface IPreSessionGrain : IGrainWithStringKey, IAuditedGrain
{
    Task<PreSessionView?> GetView();

    /// <summary>Sets or changes the plan; true when the pre-session was created by this call.</summary>
    Task<bool> Schedule(PreSessionSchedule schedule);

    Task<Outcome<ApplicationReceipt>> Apply(Applicant applicant, SpeakerApplication application, string idempotencyKey);

    Task<Outcome<bool>> Withdraw(string organisationId, string? idempotencyKey);

    Task<Outcome<RsvpAnswer>> Rsvp(Applicant mission, RsvpRequest rsvp);

    Task<ApplicationStanding?> GetApplication(string organisationId);

    Task<RsvpStanding?> GetRsvp(string organisationId);

    /// <summary>The operator's read: every standing application in order (panel, then waitlist, pending, declined), as committed.</summary>
    Task<ImmutableArray<ApplicationRecord>> GetApplications();

    /// <summary>
    /// The operator's selection in review mode; answers every application's standing after it. Refused when the
    /// pre-session is first come, first served, names an organisation that did not apply, or breaks the panel's rules.
    /// </summary>
    Task<Outcome<ImmutableArray<ApplicationRecord>>> Select(SelectionDecision decision);

    /// <summary>The operator's read: every RSVP in the queue's order (confirmed, then waitlist), then the missions that declined.</summary>
    Task<ImmutableArray<RsvpRecord>> GetRsvps();

    /// <summary>
    /// The room and the running order (the operator's if set, else derived from the panel and the hour) for its live
    /// timer, as committed. Null: no pre-session.
    /// </summary>
    Task<TimerPlan?> GetTimerPlan();

    /// <summary>
    /// Sets the running order (speakers must be on the panel), or with null derives it again. Its live timer calls
    /// this (<see cref="ILiveTimerGrain.SetRundown"/>), which refuses once it has started.
    /// </summary>
    Task<Outcome<Rundown>> SetRundown(IReadOnlyList<RundownItem>? items);
}

/// <summary>
/// A meeting room of the venue, keyed by its name: its console tokens and which pre-session is live in it, so a
/// room's screens follow whatever is on there.
/// </summary>
public interface IRoomGrain : IGrainWithStringKey, IAuditedGrain
{
    /// <summary>Keeps the hash of a new console token (the token itself never reaches a grain); answers its id.</summary>
    Task<ConsoleTokenInfo> IssueConsoleToken(byte[] tokenHash);

    Task<ImmutableArray<ConsoleTokenInfo>> GetConsoleTokens();

    /// <summary>Revokes one console token: refused from now on. False when the room has no token of that id.</summary>
    Task<bool> RevokeConsoleToken(string tokenId);

    /// <summary>True when the token's hash is one of this room's, compared in constant time.</summary>
    Task<bool> Authenticate(byte[] tokenHash);

    /// <summary>A pre-session reports that it meets here (again, after a change of time); idempotent.</summary>
    Task Book(RoomBooking booking);

    /// <summary>A pre-session moved to another room.</summary>
    Task Unbook(PreSessionKey preSession);

    /// <summary>Null for a room nobody booked.</summary>
    Task<RoomView?> GetView();

    /// <summary>A pre-session's timer reports whether it is live (started and not ended) in this room.</summary>
    Task Report(PreSessionKey preSession, bool live);

    /// <summary>Subscribes (or renews) a gateway's feed for a lease; answers which pre-session is live, if any.</summary>
    Task<RoomLive> Subscribe(IRoomObserver observer);

    Task Unsubscribe(IRoomObserver observer);
}

/// <summary>A UPR Working Group session, keyed by its number: the week's details and schedule.</summary>
public interface IWgSessionGrain : IGrainWithIntegerKey, IAuditedGrain
{
    /// <summary>Sets or changes the details; true when the WG session was created by this call.</summary>
    Task<bool> Define(WgSessionDetails details);

    /// <summary>Sets or changes one pre-session of the week; the value is true when it was created.</summary>
    Task<Outcome<bool>> SchedulePreSession(string sur, PreSessionPlan plan);

    Task<WgSessionView?> GetView();

    /// <summary>Tells the WG session directory its stored listing, or that there is no such WG session.</summary>
    Task Announce();
}

/// <summary>A State under Review, keyed by its ISO 3166-1 alpha-3 code: its name and its pre-sessions.</summary>
public interface IStateUnderReviewGrain : IGrainWithStringKey
{
    Task RecordPreSession(int wg);

    /// <summary>Null when the code is not a UN member State's.</summary>
    Task<StateUnderReviewView?> GetView();
}
