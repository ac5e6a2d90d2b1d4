using System.Collections.Immutable;

namespace PreSessions;

/// <summary>
/// Where an application stands. Appended only (the stored values of the first ones must not change): <c>Pending</c>
/// waits for the operator's selection in review mode, <c>Declined</c> is the selection's no.
/// </summary>
public enum ApplicationStatus { Panel, Waitlist, Pending, Declined }

/// <summary>The speaker's gender as UPR Info's forms ask it, for the panel's balance.</summary>
public enum SpeakerGender { Woman, Man, Other, Undisclosed }

/// <summary>Whether an organisation works within the State under Review or from abroad.</summary>
public enum OrganisationScope { National, International }

public enum RsvpStatus { Confirmed, Waitlist, Declined }

/// <summary>
/// Who applies or RSVPs, as the pre-session shows it. <c>Kind</c> lets the balance and the figures tell an NHRI from a
/// CSO, <c>Country</c> the State under Review's own NHRI; both are null in what was stored before they were carried.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record Applicant(
    [property: Id(0)] string OrganisationId,
    [property: Id(1)] string OrganisationName,
    [property: Id(2)] OrganisationKind? Kind = null,
    [property: Id(3)] string? Country = null)
{
    /// <summary>The NHRI of the State under Review <paramref name="sur"/>: the one a reserved panel place is kept for.</summary>
    public bool IsNhriOf(string sur) => Kind == OrganisationKind.Nhri && Country == sur;
}

/// <summary>
/// Who will speak and on what. Speakers can face reprisals at home: the name is shown publicly only with the
/// organisation's consent (<see cref="PublishSpeakerName"/>); otherwise only the organisers see it.
/// </summary>
/// <remarks>
/// What UPR Info's forms ask besides the speaker is optional, and absent from applications stored before it was
/// asked: those read as null, false and an empty list. Orleans leaves a field that the stored bytes lack at its
/// default, and a default <see cref="ImmutableArray{T}"/> throws when read, so <see cref="RecommendationIds"/> turns
/// it into an empty one.
/// </remarks>
[GenerateSerializer, Immutable]
public sealed record SpeakerApplication(
    [property: Id(0)] string SpeakerName,
    [property: Id(1)] ImmutableArray<string> Themes,
    [property: Id(2)] bool PublishSpeakerName = false)
{
    [Id(3)] public SpeakerGender? SpeakerGender { get; init; }

    /// <summary>Whether the organisation has ECOSOC consultative status.</summary>
    [Id(4)] public bool? EcosocStatus { get; init; }

    [Id(5)] public OrganisationScope? Scope { get; init; }

    /// <summary>The organisation's UPR submission (an absolute http or https URL).</summary>
    [Id(6)] public string? SubmissionUrl { get; init; }

    [Id(7)] private readonly ImmutableArray<string> _recommendationIds;

    /// <summary>The previous cycle's recommendations the statement addresses, by their ids.</summary>
    public ImmutableArray<string> RecommendationIds
    {
        get => _recommendationIds.IsDefault ? [] : _recommendationIds;
        init => _recommendationIds = value;
    }

    /// <summary>The organisation's consent to publish its statement once approved.</summary>
    [Id(8)] public bool PublishStatement { get; init; }

    /// <summary>The same application, field by field (lists by their items, which record equality does not do).</summary>
    public bool SameAs(SpeakerApplication other) =>
        SpeakerName == other.SpeakerName && Themes.SequenceEqual(other.Themes) && PublishSpeakerName == other.PublishSpeakerName &&
        SpeakerGender == other.SpeakerGender && EcosocStatus == other.EcosocStatus && Scope == other.Scope &&
        SubmissionUrl == other.SubmissionUrl && RecommendationIds.SequenceEqual(other.RecommendationIds) &&
        PublishStatement == other.PublishStatement;
}

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

/// <summary>One application as the operator reads it (<see cref="IPreSessionGrain.GetApplications"/>).</summary>
[GenerateSerializer, Immutable]
public sealed record ApplicationRecord(
    [property: Id(0)] Applicant Applicant,
    [property: Id(1)] SpeakerApplication Request,
    [property: Id(2)] ApplicationStatus Status,
    [property: Id(3)] int Position,
    [property: Id(4)] DateTimeOffset AppliedAt);

/// <summary>
/// One mission's RSVP as the operator reads it (<see cref="IPreSessionGrain.GetRsvps"/>). A mission that declined is
/// remembered by its id only: its name is null and <c>RespondedAt</c> too.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record RsvpRecord(
    [property: Id(0)] string OrganisationId,
    [property: Id(1)] string? OrganisationName,
    [property: Id(2)] RsvpStatus Status,
    [property: Id(3)] int Delegates,
    [property: Id(4)] DateTimeOffset? RespondedAt);

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
