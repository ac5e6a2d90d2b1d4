using System.Collections.Immutable;

namespace PreSessions;

public enum ApplicationStatus { Panel, Waitlist }

public enum RsvpStatus { Confirmed, Waitlist, Declined }

/// <summary>Who applies or RSVPs, as the pre-session shows it.</summary>
[GenerateSerializer, Immutable]
public sealed record Applicant([property: Id(0)] string OrganisationId, [property: Id(1)] string OrganisationName);

/// <summary>
/// Who will speak and on what. Speakers can face reprisals at home: the name is shown publicly only with the
/// organisation's consent (<see cref="PublishSpeakerName"/>); otherwise only the organisers see it.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SpeakerApplication(
    [property: Id(0)] string SpeakerName,
    [property: Id(1)] ImmutableArray<string> Themes,
    [property: Id(2)] bool PublishSpeakerName = false);

/// <summary>Where an application stands: on the panel or the waitlist, at a position counted from 1.</summary>
[GenerateSerializer, Immutable]
public sealed record ApplicationAnswer([property: Id(0)] ApplicationStatus Status, [property: Id(1)] int Position);

/// <summary>
/// What a pre-session answers an application: the first answer (the same for every replay of it), and whether the
/// application still stands (a replay of a withdrawn one does not, so the organisation must not count it).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ApplicationReceipt([property: Id(0)] ApplicationAnswer FirstAnswer, [property: Id(1)] bool Standing);

[GenerateSerializer, Immutable]
public sealed record ApplicationStanding(
    [property: Id(0)] int Wg,
    [property: Id(1)] string Sur,
    [property: Id(2)] ApplicationStatus Status,
    [property: Id(3)] int Position);

[GenerateSerializer, Immutable]
public sealed record RsvpRequest([property: Id(0)] bool Attending, [property: Id(1)] int Delegates);

[GenerateSerializer, Immutable]
public sealed record RsvpAnswer([property: Id(0)] RsvpStatus Status, [property: Id(1)] int Delegates);

[GenerateSerializer, Immutable]
public sealed record RsvpStanding(
    [property: Id(0)] int Wg,
    [property: Id(1)] string Sur,
    [property: Id(2)] RsvpStatus Status,
    [property: Id(3)] int Delegates);
