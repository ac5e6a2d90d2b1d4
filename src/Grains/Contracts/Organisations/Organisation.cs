using System.Collections.Immutable;

namespace PreSessions;

public enum OrganisationKind { Cso, Nhri, Mission }

/// <summary>What an organisation gives at registration. Only the hash of its token ever reaches a grain.</summary>
[GenerateSerializer, Immutable]
public sealed record Registration(
    [property: Id(0)] string Name,
    [property: Id(1)] OrganisationKind Kind,
    [property: Id(2)] string? Country,
    [property: Id(3)] string? Email,
    [property: Id(4)] byte[] TokenHash);

[GenerateSerializer, Immutable]
public sealed record OrganisationProfile(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] OrganisationKind Kind,
    [property: Id(3)] string? Country)
{
    public bool SpeaksAtPreSessions => Kind is OrganisationKind.Cso or OrganisationKind.Nhri;
    public bool IsMission => Kind is OrganisationKind.Mission;
}

/// <summary>An organisation's own view: where it applied and where it RSVPed, as the pre-sessions see it now.</summary>
[GenerateSerializer, Immutable]
public sealed record OrganisationView(
    [property: Id(0)] OrganisationProfile Profile,
    [property: Id(1)] ImmutableArray<ApplicationStanding> Applications,
    [property: Id(2)] ImmutableArray<RsvpStanding> Rsvps);
