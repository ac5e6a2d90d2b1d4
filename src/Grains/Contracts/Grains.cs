
namespace PreSessions;

// The actors of PreSessions and the calls between them. The call graph is a tree, so no call cycle can deadlock:
// the gateway calls any grain; a WG session calls its pre-sessions and States under Review; an organisation
// calls the pre-sessions it applies or RSVPs to; a pre-session and a State under Review call nobody.

/// <summary>A CSO, NHRI or Permanent Mission. Keyed by its server-made id.</summary>
public interface IOrganisationGrain : IGrainWithStringKey
{
    /// <summary>Registers once; the same registration again (an idempotent replay) answers the same profile.</summary>
    Task<Outcome<OrganisationProfile>> Register(Registration registration);

    /// <summary>The profile when the token's hash is this organisation's, compared in constant time.</summary>
    Task<OrganisationProfile?> Authenticate(byte[] tokenHash);

    Task<OrganisationView?> GetView();

    Task<Outcome<ApplicationAnswer>> Apply(PreSessionKey preSession, SpeakerApplication application, string? idempotencyKey);

    Task<Outcome<bool>> Withdraw(PreSessionKey preSession, string? idempotencyKey);

    Task<Outcome<RsvpAnswer>> Rsvp(PreSessionKey preSession, RsvpRequest rsvp);
}

/// <summary>One pre-session, keyed "wg/SUR". The source of truth for its panel, waitlist, seats and RSVPs.</summary>
public interface IPreSessionGrain : IGrainWithStringKey
{
    Task<PreSessionView?> GetView();

    /// <summary>Sets or changes the plan; true when the pre-session was created by this call.</summary>
    Task<bool> Schedule(PreSessionSchedule schedule);

    Task<Outcome<ApplicationReceipt>> Apply(Applicant applicant, SpeakerApplication application, string idempotencyKey);

    Task<Outcome<bool>> Withdraw(string organisationId, string? idempotencyKey);

    Task<Outcome<RsvpAnswer>> Rsvp(Applicant mission, RsvpRequest rsvp);

    Task<ApplicationStanding?> GetApplication(string organisationId);

    Task<RsvpStanding?> GetRsvp(string organisationId);
}

/// <summary>A UPR Working Group session, keyed by its number: the week's details and schedule.</summary>
public interface IWgSessionGrain : IGrainWithIntegerKey
{
    /// <summary>Sets or changes the details; true when the WG session was created by this call.</summary>
    Task<bool> Define(WgSessionDetails details);

    /// <summary>Sets or changes one pre-session of the week; the value is true when it was created.</summary>
    Task<Outcome<bool>> SchedulePreSession(string sur, PreSessionPlan plan);

    Task<WgSessionView?> GetView();
}

/// <summary>A State under Review, keyed by its ISO 3166-1 alpha-3 code: its name and its pre-sessions.</summary>
public interface IStateUnderReviewGrain : IGrainWithStringKey
{
    Task RecordPreSession(int wg);

    /// <summary>Null when the code is not a UN member State's.</summary>
    Task<StateUnderReviewView?> GetView();
}
