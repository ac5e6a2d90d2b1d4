using System.Collections.Immutable;

namespace PreSessions;

/// <summary>
/// What the gateway offers for one member State when the operator invites every Permanent Mission: the id a mission
/// organisation created for the State takes (derived from the State's code, so a rerun after a crash finds the one it
/// created) and the SHA-256 hash of the invitation's one-time token (the token itself never reaches a grain).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record InvitationOffer(
    [property: Id(0)] string State,
    [property: Id(1)] string MissionId,
    [property: Id(2)] byte[] TokenHash);

/// <summary>
/// One State's invitation to a WG session's pre-sessions. <see cref="TokenHash"/> is null when the mission already held
/// a token of its own when it was invited (it signs in with that, no link is issued); <see cref="UsedAt"/> is when the
/// one-time link was redeemed.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record Invitation(
    [property: Id(0)] string State,
    [property: Id(1)] string OrganisationId,
    [property: Id(2)] string MissionName,
    [property: Id(3)] DateTimeOffset IssuedAt,
    [property: Id(4)] byte[]? TokenHash,
    [property: Id(5)] DateTimeOffset? UsedAt)
{
    /// <summary>A link that can still be redeemed.</summary>
    public bool Open => TokenHash is not null && UsedAt is null;
}

/// <summary>What one run of the invitations did: <c>Invited</c> new (or reissued) links, the rest were invited before.</summary>
[GenerateSerializer, Immutable]
public sealed record InvitationCount(
    [property: Id(0)] int Invited,
    [property: Id(1)] int AlreadyInvited);

/// <summary>
/// The invitations of the Permanent Missions to one WG session's pre-sessions, keyed by the WG number. It creates the
/// mission organisations it needs (it calls organisations, the organisation directory and the WG session; none of
/// them calls it, so the call graph stays a tree).
/// </summary>
public interface IInvitationsGrain : IGrainWithIntegerKey, IAuditedGrain
{
    /// <summary>
    /// Invites every State offered that has no invitation yet, in one write; a State invited before keeps its invitation
    /// untouched (its link still open is reissued only when its offered hash differs: the operator's secret changed, so the
    /// old link could no longer be written out). Not found: no such WG session.
    /// </summary>
    Task<Outcome<InvitationCount>> Invite(ImmutableArray<InvitationOffer> offers);

    /// <summary>Every invitation, by State code.</summary>
    Task<ImmutableArray<Invitation>> GetAll();

    /// <summary>
    /// Redeems a State's one-time link whose token hashes to <paramref name="tokenHash"/>: hands the mission its first
    /// token (its hash, <paramref name="organisationTokenHash"/>) and answers who it is. Not found: no such link; conflict:
    /// the link was used, or the mission already holds a token (the link is then spent too).
    /// </summary>
    Task<Outcome<OrganisationProfile>> Redeem(string state, byte[] tokenHash, byte[] organisationTokenHash);
}
