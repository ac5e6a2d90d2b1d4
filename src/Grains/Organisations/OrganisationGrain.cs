using System.Collections.Immutable;
using System.Security.Cryptography;

namespace PreSessions;

/// <summary>
/// A CSO, NHRI or Permanent Mission: who it is, and the way in for its applications and RSVPs.
/// It records an intent before handing a command to the pre-session and finishes interrupted hand-offs when it
/// activates, so its view and the pre-sessions' views agree after any crash. The hand-offs are idempotent: the
/// pre-session recognises an application by its idempotency key, a withdrawal by the application's absence.
/// </summary>
public sealed class OrganisationGrain(
    [PersistentState("organisation", StorageNames.Grains)] IPersistentState<OrganisationState> storage,
    TimeProvider clock)
    : Grain, IOrganisationGrain
{
    private GroupCommit<OrganisationState> _commit = null!;

    private string Id => this.GetPrimaryKeyString();

    private OrganisationState State
    {
        get => storage.State;
        set => storage.State = value;
    }

    private OrganisationProfile? Profile => State.Registration is { } r ? new(Id, r.Name, r.Kind, r.Country) : null;

    private Applicant Applicant => new(Id, State.Registration!.Name);

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
        _commit = new GroupCommit<OrganisationState>(storage, DeactivateOnIdle);
        var unlisted = State.Registration is not null && !State.Listed;
        if (unlisted)
            await List();
        var interrupted = State.Applications.Values.Where(i => i.Stage != HandOff.Applied).ToList();
        foreach (var intent in interrupted)
            await Finish(intent);
        if (unlisted || interrupted.Count > 0)
            await _commit.Commit();
    }

    public async Task<Outcome<OrganisationProfile>> Register(Registration registration)
    {
        if (State.Registration is null)
        {
            State = State with { Registration = registration, AuditLog = State.AuditLog.Add(Audit.Entry(clock.GetUtcNow(), "organisation.registered", Id)) };
            await _commit.Commit();
            await List();
            return Outcome<OrganisationProfile>.Ok(Profile!);
        }
        if (!SameRegistration(State.Registration, registration))
            return Outcome<OrganisationProfile>.Conflict("This Idempotency-Key was used for a different registration.");
        if (State.ReissuedTokenHash is not null || State.TokenRevoked)
            return Outcome<OrganisationProfile>.Conflict(
                "This registration's token was revoked or reissued by the operator; ask the operator for the current one.");
        await _commit.Durable();
        // A replay of a registration whose directory note failed lists it now.
        if (!State.Listed)
            await List();
        return Outcome<OrganisationProfile>.Ok(Profile!);
    }

    public Task<OrganisationProfile?> Authenticate(byte[] tokenHash) =>
        Task.FromResult(State.ValidTokenHash is { } valid && CryptographicOperations.FixedTimeEquals(valid, tokenHash)
            ? Profile
            : null);

    public Task<ImmutableArray<AuditEntry>> GetAudit() => Task.FromResult(State.AuditLog.ToImmutableArray());

    public async Task<bool> ReissueToken(byte[] tokenHash)
    {
        if (Profile is null)
            return false;
        State = State with
        {
            ReissuedTokenHash = tokenHash,
            TokenRevoked = false,
            AuditLog = State.AuditLog.Add(Audit.Entry(clock.GetUtcNow(), "organisation.token-reissued", Id)),
        };
        await _commit.Commit();
        return true;
    }

    public async Task<bool> RevokeToken()
    {
        if (Profile is null)
            return false;
        if (!State.TokenRevoked)
        {
            State = State with
            {
                TokenRevoked = true,
                AuditLog = State.AuditLog.Add(Audit.Entry(clock.GetUtcNow(), "organisation.token-revoked", Id)),
            };
            await _commit.Commit();
        }
        else
            await _commit.Durable();
        return true;
    }

    public async Task<OrganisationView?> GetView()
    {
        if (Profile is not { } profile)
            return null;
        var applications = await Task.WhenAll(State.Applications.Values
            .Where(i => i.Stage != HandOff.Withdrawing)
            .Select(i => PreSession(i.PreSession).GetApplication(Id)));
        var rsvps = await Task.WhenAll(State.Rsvps.Select(k => GrainFactory.GetGrain<IPreSessionGrain>(k).GetRsvp(Id)));
        return new OrganisationView(
            profile,
            [.. applications.OfType<ApplicationStanding>().OrderBy(a => a.Wg).ThenBy(a => a.Sur, StringComparer.Ordinal)],
            [.. rsvps.OfType<RsvpStanding>().OrderBy(r => r.Wg).ThenBy(r => r.Sur, StringComparer.Ordinal)]);
    }

    public async Task<Outcome<ApplicationAnswer>> Apply(PreSessionKey preSession, SpeakerApplication application, string? idempotencyKey)
    {
        if (Profile is not { } profile)
            return Outcome<ApplicationAnswer>.NotFound($"There is no organisation {Id}.");
        if (!profile.SpeaksAtPreSessions)
            return Outcome<ApplicationAnswer>.Forbidden("Permanent Missions RSVP to pre-sessions; only CSOs and NHRIs apply to speak.");

        if (Intent(preSession) is { Stage: not HandOff.Applied } interrupted)
            await Finish(interrupted);
        if (Intent(preSession) is { } applied)
        {
            if (applied.IdempotencyKey != idempotencyKey)
                return Outcome<ApplicationAnswer>.Conflict($"This organisation has already applied to the pre-session {preSession}.");
            return Answer(await PreSession(preSession).Apply(Applicant, application, applied.IdempotencyKey));
        }

        var intent = new ApplicationIntent(preSession, application, idempotencyKey ?? Guid.NewGuid().ToString("N"), HandOff.Applying);
        Record(intent);
        await _commit.Commit();
        var outcome = await PreSession(preSession).Apply(Applicant, application, intent.IdempotencyKey);
        if (outcome.Value is { Standing: true })
        {
            // Stored with the next write; until then a reactivation harmlessly replays the idempotent hand-off.
            Record(intent with { Stage = HandOff.Applied });
            return Answer(outcome);
        }
        // Refused, or a late replay of an application since withdrawn: it answers as before and leaves no trace.
        Forget(preSession);
        await _commit.Commit();
        return Answer(outcome);
    }

    public async Task<Outcome<bool>> Withdraw(PreSessionKey preSession, string? idempotencyKey)
    {
        if (Profile is null)
            return Outcome<bool>.NotFound($"There is no organisation {Id}.");
        if (Intent(preSession) is { Stage: HandOff.Applying } interrupted)
            await Finish(interrupted);
        if (Intent(preSession) is not { } intent)
            return await PreSession(preSession).Withdraw(Id, idempotencyKey);

        Record(intent with { Stage = HandOff.Withdrawing, WithdrawalKey = idempotencyKey });
        await _commit.Commit();
        await Finish(Intent(preSession)!);
        await _commit.Commit();
        return Outcome<bool>.Ok(true);
    }

    public async Task<Outcome<RsvpAnswer>> Rsvp(PreSessionKey preSession, RsvpRequest rsvp)
    {
        if (Profile is not { } profile)
            return Outcome<RsvpAnswer>.NotFound($"There is no organisation {Id}.");
        if (!profile.IsMission)
            return Outcome<RsvpAnswer>.Forbidden("Only Permanent Missions RSVP to pre-sessions.");

        var key = preSession.GrainKey;
        if (!State.Rsvps.Contains(key))
        {
            State = State with { Rsvps = State.Rsvps.Add(key) };
            await _commit.Commit();
        }
        var outcome = await PreSession(preSession).Rsvp(Applicant, rsvp);
        if (outcome.Refusal?.Kind == RefusalKind.NotFound)
        {
            State = State with { Rsvps = State.Rsvps.Remove(key) };
            await _commit.Commit();
        }
        return outcome;
    }

    private async Task List()
    {
        await GrainFactory.GetGrain<IOrganisationDirectoryGrain>(IOrganisationDirectoryGrain.Key).Note(Profile!);
        // Stored with the next write; until then a reactivation harmlessly notes it again.
        State = State with { Listed = true };
    }

    /// <summary>Completes an interrupted hand-off; both pre-session calls are idempotent, so replaying is safe.</summary>
    private async Task Finish(ApplicationIntent intent)
    {
        if (intent.Stage == HandOff.Withdrawing)
        {
            await PreSession(intent.PreSession).Withdraw(Id, intent.WithdrawalKey);
            Forget(intent.PreSession);
            return;
        }
        var outcome = await PreSession(intent.PreSession).Apply(Applicant, intent.Request, intent.IdempotencyKey);
        if (outcome.Value is { Standing: true })
            Record(intent with { Stage = HandOff.Applied });
        else
            Forget(intent.PreSession);
    }

    private static Outcome<ApplicationAnswer> Answer(Outcome<ApplicationReceipt> receipt) =>
        receipt.Refusal is { } refusal ? Outcome<ApplicationAnswer>.From(refusal) : Outcome<ApplicationAnswer>.Ok(receipt.Value!.FirstAnswer);

    private ApplicationIntent? Intent(PreSessionKey preSession) => State.Applications.GetValueOrDefault(preSession.GrainKey);

    private void Record(ApplicationIntent intent) =>
        State = State with { Applications = State.Applications.SetItem(intent.PreSession.GrainKey, intent) };

    private void Forget(PreSessionKey preSession) =>
        State = State with { Applications = State.Applications.Remove(preSession.GrainKey) };

    private IPreSessionGrain PreSession(PreSessionKey key) => GrainFactory.GetGrain<IPreSessionGrain>(key.GrainKey);

    private static bool SameRegistration(Registration a, Registration b) =>
        a.Name == b.Name && a.Kind == b.Kind && a.Country == b.Country && a.Email == b.Email &&
        CryptographicOperations.FixedTimeEquals(a.TokenHash, b.TokenHash);
}
