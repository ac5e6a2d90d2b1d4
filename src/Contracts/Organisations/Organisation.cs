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

/// <summary>Why the operator may want to look twice at a name (<see cref="LookAlikes"/>); the registration stands.</summary>
public enum NameFlag
{
    /// <summary>Another organisation has the same name but for case and white space.</summary>
    DuplicateName,

    /// <summary>Another organisation's name has the same skeleton: easily taken for this one.</summary>
    LookAlikeName,

    /// <summary>A word of the name mixes scripts, as a Latin name faked with a Cyrillic letter does.</summary>
    MixedScripts,
}

[GenerateSerializer, Immutable]
public sealed record ListedOrganisation(
    [property: Id(0)] OrganisationProfile Profile,
    [property: Id(1)] ImmutableArray<NameFlag> Flags);

/// <summary>A page of the directory; <c>NextAfter</c> is the id to continue after, null on the last page.</summary>
[GenerateSerializer, Immutable]
public sealed record OrganisationPage(
    [property: Id(0)] ImmutableArray<ListedOrganisation> Items,
    [property: Id(1)] string? NextAfter);
