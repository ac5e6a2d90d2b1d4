using System.Collections.Immutable;

namespace PreSessions;

/// <summary>
/// An organisation's durable state: its registration and token. Its applications and RSVPs are the pre-sessions'
/// alone (see <see cref="OrganisationGrain"/>).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record OrganisationState : IAuditedState<OrganisationState>
{
    [Id(0)] public Registration? Registration { get; init; }

    /// <summary>
    /// Where it applied, by pre-session grain key, as written before the pre-session became the only record: no longer
    /// written, still read as hints of pre-sessions to ask, so a database from then loses nothing.
    /// </summary>
    [Id(1)] public ImmutableDictionary<string, ApplicationIntent> Applications { get; init; } =
        ImmutableDictionary<string, ApplicationIntent>.Empty;

    /// <summary>Pre-sessions it RSVPed to, by grain key, as written before: read as hints, like <see cref="Applications"/>.</summary>
    [Id(2)] public ImmutableHashSet<string> Rsvps { get; init; } = [];

    /// <summary>The hash of the token the operator reissued, replacing the registration's; null while that one holds.</summary>
    [Id(3)] public byte[]? ReissuedTokenHash { get; init; }

    /// <summary>The operator revoked the token: none is valid until one is reissued.</summary>
    [Id(4)] public bool TokenRevoked { get; init; }

    /// <summary>The outbox: entries of this record's stored changes, written with them, that the audit log may not hold yet (see <see cref="AuditOutbox"/>).</summary>
    [Id(5)] public ImmutableList<AuditEntry> AuditLog { get; init; } = [];
    /// <summary>How many of this record's audit entries the audit log held when this state was written: the number of the outbox's first.</summary>
    [Id(20)] public long AuditAppended { get; init; }

    /// <summary>The directory has this organisation: noted after the registration was stored, never before.</summary>
    [Id(6)] public bool Listed { get; init; }

    /// <summary>When the registration was stored: a keyed replay hands its token out again only within a window from here.</summary>
    [Id(7)] public DateTimeOffset? RegisteredAt { get; init; }

    /// <summary>The registration's token has authenticated a request: from then on a replay no longer hands it out.</summary>
    [Id(8)] public bool TokenUsed { get; init; }

    /// <summary>
    /// Registered for an invitation with no token (an empty hash, which no token's SHA-256 equals) and none handed out
    /// since: the invitation's link hands out the first. A reissue or a revocation ends the wait, as the operator then
    /// decides who holds the way in.
    /// </summary>
    public bool AwaitsInvitation => Registration is { TokenHash.Length: 0 } && ReissuedTokenHash is null && !TokenRevoked;

    public byte[]? ValidTokenHash => TokenRevoked ? null : ReissuedTokenHash ?? Registration?.TokenHash;

    public OrganisationState WithOutbox(ImmutableList<AuditEntry> outbox, long appended) => this with { AuditLog = outbox, AuditAppended = appended };
}

/// <summary>Where the hand-off of an application stood, in states written before the pre-session became its only record.</summary>
public enum HandOff
{
    /// <summary>Recorded here; the pre-session may not have it yet.</summary>
    Applying,

    /// <summary>The pre-session acknowledged it.</summary>
    Applied,

    /// <summary>Being withdrawn; the pre-session may still have it.</summary>
    Withdrawing,
}

/// <summary>An application as organisations recorded it before; kept so that their stored states still read.</summary>
[GenerateSerializer, Immutable]
public sealed record ApplicationIntent(
    [property: Id(0)] PreSessionKey PreSession,
    [property: Id(1)] SpeakerApplication Request,
    [property: Id(2)] string IdempotencyKey,
    [property: Id(3)] HandOff Stage,
    [property: Id(4)] string? WithdrawalKey = null);
