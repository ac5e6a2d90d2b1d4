using System.Collections.Immutable;

namespace PreSessions;

/// <summary>
/// An organisation's durable state. The pre-sessions are the source of truth for applications and RSVPs; the
/// organisation keeps an index of where it applied and RSVPed, written before it calls the pre-session, so that
/// a crash between the two writes leaves an intent to finish, never an application the organisation does not know.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record OrganisationState
{
    [Id(0)] public Registration? Registration { get; init; }

    /// <summary>Applications by pre-session grain key.</summary>
    [Id(1)] public ImmutableDictionary<string, ApplicationIntent> Applications { get; init; } =
        ImmutableDictionary<string, ApplicationIntent>.Empty;

    /// <summary>Pre-sessions this organisation RSVPed to, by grain key.</summary>
    [Id(2)] public ImmutableHashSet<string> Rsvps { get; init; } = [];

    /// <summary>The hash of the token the operator reissued, replacing the registration's; null while that one holds.</summary>
    [Id(3)] public byte[]? ReissuedTokenHash { get; init; }

    /// <summary>The operator revoked the token: none is valid until one is reissued.</summary>
    [Id(4)] public bool TokenRevoked { get; init; }

    /// <summary>Every change, never edited: who, what, when, which trace.</summary>
    [Id(5)] public ImmutableList<AuditEntry> AuditLog { get; init; } = [];

    /// <summary>The directory has this organisation: noted after the registration was stored, never before.</summary>
    [Id(6)] public bool Listed { get; init; }

    public byte[]? ValidTokenHash => TokenRevoked ? null : ReissuedTokenHash ?? Registration?.TokenHash;
}

/// <summary>Where the hand-off of an application to its pre-session stands.</summary>
public enum HandOff
{
    /// <summary>Recorded here; the pre-session may not have it yet.</summary>
    Applying,

    /// <summary>The pre-session acknowledged it.</summary>
    Applied,

    /// <summary>Being withdrawn; the pre-session may still have it.</summary>
    Withdrawing,
}

[GenerateSerializer, Immutable]
public sealed record ApplicationIntent(
    [property: Id(0)] PreSessionKey PreSession,
    [property: Id(1)] SpeakerApplication Request,
    [property: Id(2)] string IdempotencyKey,
    [property: Id(3)] HandOff Stage,
    [property: Id(4)] string? WithdrawalKey = null);
