using System.Collections.Immutable;
using System.Security.Cryptography;

namespace PreSessions;

/// <summary>
/// A CSO, NHRI or Permanent Mission: who it is, and the way in for its applications and RSVPs.
/// </summary>
/// <remarks>
/// Why it writes nothing when it applies, withdraws or RSVPs: the pre-session's state is the only durable record
/// of an application or an RSVP, so a command costs exactly one storage write, the pre-session's group commit (many
/// applications per write), and a crash at any point can leave nothing for two records to disagree on. The
/// organisation's view is derived: it asks the pre-sessions it finds in the <see cref="IEngagementDirectory"/>
/// (which each pre-session fills before it stores an organisation's first command, in rounds shared by many
/// organisations) and those its state recorded before this design, and each answers "my application here".
/// Replays are the pre-session's: it recognises an application by organisation and Idempotency-Key, a withdrawal by
/// its key, an RSVP by the mission. A command that was not acknowledged may or may not be stored; either way both
/// views show the same, and the client's retry with the same key answers the stored answer.
/// </remarks>
public sealed class OrganisationGrain(
    [PersistentState("organisation", StorageNames.Grains)] IPersistentState<OrganisationState> storage,
    IEngagementDirectory directory,
    TimeProvider clock)
    : AuditedGrain<OrganisationState>(storage), IOrganisationGrain
{
    private string Id => this.GetPrimaryKeyString();

    protected override AuditSource AuditSource => new($"organisation/{Id}", OrganisationId: Id);

    private OrganisationProfile? Profile => State.Registration is { } r ? new(Id, r.Name, r.Kind, r.Country) : null;

    private Applicant Applicant => new(Id, State.Registration!.Name, State.Registration.Kind, State.Registration.Country);

    /// <remarks>
    /// The directory learns of an organisation after its registration is stored and before the registration is
    /// answered, so every acknowledged registration is listed. A crash between the two writes leaves a registered
    /// organisation unlisted; so does a record written before the directory existed. Both are healed here: an
    /// organisation not yet listed notes itself in the directory whenever it activates (a retried registration, its
    /// token used, the operator reading it). Noting first instead would list, after such a crash, an organisation
    /// that does not exist, with no way to tell.
    /// </remarks>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        if (State.Registration is not null && !State.Listed)
        {
            await List();
            await Commit();
        }
    }

    public async Task<Outcome<OrganisationProfile>> Register(Registration registration)
    {
        if (State.Registration is null)
        {
            var now = clock.GetUtcNow();
            State = State with { Registration = registration, RegisteredAt = now };
            Audited("organisation.registered", Id, at: now);
            await Commit();
            await List();
            return Outcome<OrganisationProfile>.Ok(Profile!);
        }
        if (!SameRegistration(State.Registration, registration))
            return Outcome<OrganisationProfile>.Conflict("This Idempotency-Key was used for a different registration.");
        // A mission registered for an invitation holds no token: registering it again (the invitations rerun after a
        // crash) hands nothing out, so there is no window to respect.
        if (State.AwaitsInvitation)
        {
            await Durable();
            if (!State.Listed)
                await List();
            return Outcome<OrganisationProfile>.Ok(Profile!);
        }
        if (State.ReissuedTokenHash is not null || State.TokenRevoked)
            return Outcome<OrganisationProfile>.Conflict(
                "This registration's token was revoked or reissued by the operator; ask the operator for the current one.");
        if (!MayReplayToken)
            return Outcome<OrganisationProfile>.Conflict(
                $"This registration was stored and its token handed out; a replay hands the token out again only within " +
                $"{RegistrationReplayWindow.TotalHours:0} hours and until the token is first used. Sign in with the token, or ask " +
                "the operator to reissue it.");
        await Durable();
        // A replay of a registration whose directory note failed lists it now.
        if (!State.Listed)
            await List();
        return Outcome<OrganisationProfile>.Ok(Profile!);
    }

    /// <summary>
    /// How long a keyed registration's replay hands out its token again (it is derived from the Idempotency-Key, so
    /// whoever repeats the request would get a working token): long enough for a client to retry a lost answer, and only
    /// until the token is first used, after which its owner evidently has it.
    /// </summary>
    public static readonly TimeSpan RegistrationReplayWindow = TimeSpan.FromHours(24);

    private bool MayReplayToken =>
        !State.TokenUsed && State.RegisteredAt is { } at && clock.GetUtcNow() - at <= RegistrationReplayWindow;

    public Task<OrganisationProfile?> Authenticate(byte[] tokenHash) => Task.FromResult(Check(tokenHash));

    private OrganisationProfile? Check(byte[] tokenHash)
    {
        if (State.ValidTokenHash is not { } valid || !CryptographicOperations.FixedTimeEquals(valid, tokenHash))
            return null;
        // The registration's own token, used for the first time, ends its replay window. Stored with the next write or
        // when the grain is deactivated, not with a write of its own: the first use is usually the organisation's first
        // application, whose hot path must not wait for the organisation's storage. A crash before then leaves the
        // window's 24-hour bound.
        if (!State.TokenUsed && State.ReissuedTokenHash is null)
            State = State with { TokenUsed = true };
        return Profile;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (State.TokenUsed && !Committed.TokenUsed && reason.ReasonCode != DeactivationReasonCode.ApplicationError)
            await Commit();
    }

    public async Task<bool> ReissueToken(byte[] tokenHash)
    {
        if (Profile is null)
            return false;
        State = State with { ReissuedTokenHash = tokenHash, TokenRevoked = false };
        Audited("organisation.token-reissued", Id);
        await Commit();
        return true;
    }

    public async Task<bool> RevokeToken()
    {
        if (Profile is null)
            return false;
        if (!State.TokenRevoked)
        {
            State = State with { TokenRevoked = true };
            Audited("organisation.token-revoked", Id);
            await Commit();
        }
        else
            await Durable();
        return true;
    }

    public Task<bool?> AwaitsInvitation() => Task.FromResult(Profile is null ? null : (bool?)State.AwaitsInvitation);

    /// <remarks>
    /// The first token takes the place a reissued one takes, so everything that follows (sign-in, reissue, revocation)
    /// is the ordinary token's; once it is there the organisation no longer awaits, so a second invitation hands out nothing.
    /// </remarks>
    public async Task<Outcome<OrganisationProfile>> AcceptInvitation(byte[] tokenHash)
    {
        if (Profile is null)
            return Outcome<OrganisationProfile>.NotFound($"There is no organisation {Id}.");
        if (!State.AwaitsInvitation)
            return Outcome<OrganisationProfile>.Conflict("This mission already holds a token: sign in with it, or ask the operator to reissue it.");
        State = State with { ReissuedTokenHash = tokenHash };
        Audited("organisation.invitation-accepted", Id);
        await Commit();
        return Outcome<OrganisationProfile>.Ok(Profile);
    }

    public Task<OrganisationProfile?> GetProfile() => Task.FromResult(Profile);

    public async Task<OrganisationView?> GetView()
    {
        if (Profile is not { } profile)
            return null;
        var preSessions = (await directory.PreSessionsOf(Id))
            .Select(k => k.GrainKey)
            .Concat(State.Applications.Keys)
            .Concat(State.Rsvps)
            .Distinct(StringComparer.Ordinal)
            .Select(k => GrainFactory.GetGrain<IPreSessionGrain>(k))
            .ToList();
        ImmutableArray<ApplicationStanding> applications = [];
        ImmutableArray<RsvpStanding> rsvps = [];
        if (profile.IsMission)
            rsvps = [.. (await Task.WhenAll(preSessions.Select(p => p.GetRsvp(Id)))).OfType<RsvpStanding>()
                .OrderBy(r => r.Wg).ThenBy(r => r.Sur, StringComparer.Ordinal)];
        else
            applications = [.. (await Task.WhenAll(preSessions.Select(p => p.GetApplication(Id)))).OfType<ApplicationStanding>()
                .OrderBy(a => a.Wg).ThenBy(a => a.Sur, StringComparer.Ordinal)];
        return new OrganisationView(profile, applications, rsvps);
    }

    public async Task<Outcome<ApplicationAnswer>> Apply(PreSessionKey preSession, SpeakerApplication application, string? idempotencyKey)
    {
        if (Profile is not { } profile)
            return Outcome<ApplicationAnswer>.NotFound($"There is no organisation {Id}.");
        if (!profile.SpeaksAtPreSessions)
            return Outcome<ApplicationAnswer>.Forbidden("Permanent Missions RSVP to pre-sessions; only CSOs and NHRIs apply to speak.");
        // Without a key the application cannot be replayed; a fresh one still lets the pre-session tell it from others.
        var receipt = await PreSession(preSession).Apply(Applicant, application, idempotencyKey ?? Guid.NewGuid().ToString("N"));
        return receipt.Refusal is { } refusal
            ? Outcome<ApplicationAnswer>.From(refusal)
            : Outcome<ApplicationAnswer>.Ok(receipt.Value!.FirstAnswer);
    }

    public async Task<Outcome<bool>> Withdraw(PreSessionKey preSession, string? idempotencyKey) =>
        Profile is null
            ? Outcome<bool>.NotFound($"There is no organisation {Id}.")
            : await PreSession(preSession).Withdraw(Id, idempotencyKey);

    public async Task<Outcome<RsvpAnswer>> Rsvp(PreSessionKey preSession, RsvpRequest rsvp)
    {
        if (Profile is not { } profile)
            return Outcome<RsvpAnswer>.NotFound($"There is no organisation {Id}.");
        if (!profile.IsMission)
            return Outcome<RsvpAnswer>.Forbidden("Only Permanent Missions RSVP to pre-sessions.");
        return await PreSession(preSession).Rsvp(Applicant, rsvp);
    }

    private async Task List()
    {
        await GrainFactory.GetGrain<IOrganisationDirectoryGrain>(IOrganisationDirectoryGrain.Key).Note(Profile!);
        // Stored with the next write; until then a reactivation harmlessly notes it again.
        State = State with { Listed = true };
    }

    private IPreSessionGrain PreSession(PreSessionKey key) => GrainFactory.GetGrain<IPreSessionGrain>(key.GrainKey);

    private static bool SameRegistration(Registration a, Registration b) =>
        a.Name == b.Name && a.Kind == b.Kind && a.Country == b.Country && a.Email == b.Email &&
        CryptographicOperations.FixedTimeEquals(a.TokenHash, b.TokenHash);
}
