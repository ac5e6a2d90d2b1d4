using System.Collections.Immutable;
using System.Security.Cryptography;

namespace PreSessions;

[GenerateSerializer, Immutable]
public sealed record InvitationsState : IAuditedState<InvitationsState>
{
    /// <summary>Every State's invitation, by ISO code.</summary>
    [Id(0)] public ImmutableDictionary<string, Invitation> Invitations { get; init; } = ImmutableDictionary<string, Invitation>.Empty;

    /// <summary>The outbox: entries of this record's stored changes, written with them, that the audit log may not hold yet (see <see cref="AuditOutbox"/>).</summary>
    [Id(1)] public ImmutableList<AuditEntry> AuditLog { get; init; } = [];

    /// <summary>How many of this record's audit entries the audit log held when this state was written: the number of the outbox's first.</summary>
    [Id(2)] public long AuditAppended { get; init; }

    public InvitationsState WithOutbox(ImmutableList<AuditEntry> outbox, long appended) => this with { AuditLog = outbox, AuditAppended = appended };
}

/// <summary>
/// The invitations of the 193 Permanent Missions to one WG session's pre-sessions. It stores, per State, the mission
/// organisation, when the invitation was issued, the SHA-256 hash of its one-time token (never the token: the gateway
/// derives it again from the operator's secret to write the CSV) and when it was used.
/// </summary>
/// <remarks>
/// Why a run is safe to repeat, even after a failure halfway: the organisations are created first (a mission created
/// for a State has an id derived from the State's code, and registering it again is a replay), and the invitations are
/// stored afterwards, all in one write. A run that fails leaves at most some mission organisations and no invitation;
/// the next run finds those organisations (in the directory, or by their id) and invites each State exactly once.
/// It does not interleave: a redemption never races a run, and a link is redeemed once.
/// </remarks>
public sealed class InvitationsGrain(
    [PersistentState("invitations", StorageNames.Grains)] IPersistentState<InvitationsState> storage,
    TimeProvider clock)
    : AuditedGrain<InvitationsState>(storage), IInvitationsGrain
{
    /// <summary>
    /// How many organisations are registered at once: enough to keep the organisations' and the directory's group
    /// commits busy, few enough that a run of 193 never floods the silo's storage connections.
    /// </summary>
    public const int Concurrency = 8;

    private int Wg => (int)this.GetPrimaryKeyLong();

    protected override AuditSource AuditSource => new($"invitations/{Wg}", Wg);

    public async Task<Outcome<InvitationCount>> Invite(ImmutableArray<InvitationOffer> offers)
    {
        if (await GrainFactory.GetGrain<IWgSessionGrain>(Wg).GetView() is null)
            return Outcome<InvitationCount>.NotFound($"There is no WG session {Wg}.");
        var fresh = offers.Where(o => !State.Invitations.ContainsKey(o.State)).ToList();
        var now = clock.GetUtcNow();
        // An open link whose hash differs from the one offered was derived from an operator secret that has changed:
        // its token can no longer be written out, so it gets the one the CSV can show. Used links and missions that
        // hold their own token are never touched.
        var reissued = offers
            .Where(o => State.Invitations.TryGetValue(o.State, out var i) && i.Open && !CryptographicOperations.FixedTimeEquals(i.TokenHash, o.TokenHash))
            .Select(o => State.Invitations[o.State] with { TokenHash = o.TokenHash, IssuedAt = now })
            .ToList();
        var invited = fresh.Count == 0 ? [] : await Invitees(fresh, now);
        if (invited.Length == 0 && reissued.Count == 0)
        {
            await Durable();
            return Outcome<InvitationCount>.Ok(new InvitationCount(0, offers.Length));
        }
        State = State with { Invitations = State.Invitations.SetItems(invited.Concat(reissued).Select(i => KeyValuePair.Create(i.State, i))) };
        if (invited.Length > 0)
            Audited("invitations.issued", $"{Wg}", $"{invited.Length} Permanent Missions invited", at: now);
        if (reissued.Count > 0)
            Audited("invitations.reissued", $"{Wg}", $"{reissued.Count} open links issued again: {string.Join(", ", reissued.Select(i => i.State))}", at: now);
        await Commit();
        var count = invited.Length + reissued.Count;
        return Outcome<InvitationCount>.Ok(new InvitationCount(count, offers.Length - count));
    }

    /// <summary>The mission of each State, found or created, a few at a time; what its invitation holds.</summary>
    private async Task<Invitation[]> Invitees(IReadOnlyList<InvitationOffer> offers, DateTimeOffset now)
    {
        var missions = await GrainFactory.GetGrain<IOrganisationDirectoryGrain>(IOrganisationDirectoryGrain.Key).Missions();
        var wanted = offers.ToDictionary(o => o.State, o => o.MissionId, StringComparer.Ordinal);
        // A State's mission as the directory lists it: the one an earlier run created if listed (so reruns agree), else
        // the first by id, which does not change between runs either.
        var listed = missions
            .Where(m => m.Country is not null && wanted.ContainsKey(m.Country))
            .GroupBy(m => m.Country!)
            .ToDictionary(g => g.Key, g => g.OrderBy(m => m.Id == wanted[g.Key] ? 0 : 1).ThenBy(m => m.Id, StringComparer.Ordinal).First());
        using var gate = new SemaphoreSlim(Concurrency);
        return await Task.WhenAll(offers.Select(async offer =>
        {
            await gate.WaitAsync();
            try
            {
                return await Invitee(offer, listed.GetValueOrDefault(offer.State), now);
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    private async Task<Invitation> Invitee(InvitationOffer offer, OrganisationProfile? listed, DateTimeOffset now)
    {
        var mission = GrainFactory.GetGrain<IOrganisationGrain>(listed?.Id ?? offer.MissionId);
        if (listed is null)
        {
            // Registered with no token (an empty hash): the link hands out the first. Registering again is a replay; a
            // refusal means the mission an earlier run created has received its token since, and it stays as it is.
            await mission.Register(new Registration(
                $"Permanent Mission of {UnMemberStates.All[offer.State]}", OrganisationKind.Mission, offer.State, Email: null, TokenHash: []));
        }
        var profile = listed ?? await mission.GetProfile()
            ?? throw new InvalidOperationException($"The mission organisation {offer.MissionId} of {offer.State} was not registered.");
        var awaits = await mission.AwaitsInvitation()
            ?? throw new InvalidOperationException($"The mission organisation {profile.Id} of {offer.State} is gone.");
        return new Invitation(offer.State, profile.Id, profile.Name, now, awaits ? offer.TokenHash : null, UsedAt: null);
    }

    public Task<ImmutableArray<Invitation>> GetAll() =>
        Task.FromResult<ImmutableArray<Invitation>>([.. Committed.Invitations.Values.OrderBy(i => i.State, StringComparer.Ordinal)]);

    public async Task<Outcome<OrganisationProfile>> Redeem(string state, byte[] tokenHash, byte[] organisationTokenHash)
    {
        if (!State.Invitations.TryGetValue(state, out var invitation) || invitation.TokenHash is not { } stored ||
            !CryptographicOperations.FixedTimeEquals(stored, tokenHash))
            return Outcome<OrganisationProfile>.NotFound("This invitation link is not valid: check that it was copied whole.");
        if (invitation.UsedAt is not null)
            return Outcome<OrganisationProfile>.Conflict("This invitation link was used already: sign in with your mission's token.");
        // The mission first, then the link spent: a failure between the two leaves a link that now answers "used" (the
        // mission holds a token), never a link that hands out a second token.
        var accepted = await GrainFactory.GetGrain<IOrganisationGrain>(invitation.OrganisationId).AcceptInvitation(organisationTokenHash);
        var now = clock.GetUtcNow();
        State = State with { Invitations = State.Invitations.SetItem(state, invitation with { UsedAt = now }) };
        Audited("invitation.redeemed", invitation.OrganisationId, $"{Wg}/{state}", at: now);
        await Commit();
        return accepted.Refusal is null ? accepted
            : Outcome<OrganisationProfile>.Conflict("This invitation link was used already: sign in with your mission's token.");
    }
}
