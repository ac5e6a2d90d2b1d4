using System.Collections.Immutable;

namespace PreSessions;

/// <summary>One recommendation of a statement, with the previous cycle's recommendation ids it builds on (may be empty).</summary>
[GenerateSerializer, Immutable]
public sealed record StatementRecommendation(
    [property: Id(0)] string Text,
    [property: Id(1)] ImmutableArray<string> RecommendationIds)
{
    /// <summary>The same recommendation, ids by their items (which record equality does not compare).</summary>
    public bool SameAs(StatementRecommendation other) => Text == other.Text && RecommendationIds.SequenceEqual(other.RecommendationIds);
}

/// <summary>What the organisation writes: language "en" | "fr" | "es"; the three parts in Markdown.</summary>
[GenerateSerializer, Immutable]
public sealed record StatementDraft(
    [property: Id(0)] string Language,
    [property: Id(1)] string Assessment,
    [property: Id(2)] string Questions,
    [property: Id(3)] ImmutableArray<StatementRecommendation> Recommendations)
{
    /// <summary>The languages a statement may be written in: the pages' three.</summary>
    public static readonly ImmutableArray<string> Languages = ["en", "fr", "es"];

    /// <summary>The same draft, field by field (lists by their items, which record equality does not do).</summary>
    public bool SameAs(StatementDraft other) =>
        Language == other.Language && Assessment == other.Assessment && Questions == other.Questions &&
        Recommendations.Length == other.Recommendations.Length &&
        Recommendations.Zip(other.Recommendations).All(pair => pair.First.SameAs(pair.Second));
}

/// <summary>One stored version, numbered from 1; Late when submitted after the pre-session's statementsDue.</summary>
[GenerateSerializer, Immutable]
public sealed record StatementVersion(
    [property: Id(0)] int Version,
    [property: Id(1)] StatementDraft Draft,
    [property: Id(2)] DateTimeOffset SubmittedAt,
    [property: Id(3)] bool Late);

/// <summary>
/// Everything kept for one organisation's statement, for that organisation and the operator: every version, and which
/// one the operator approved. A version submitted after the approved one needs its own approval; until then the
/// approved one is what the public reads.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record Statement(
    [property: Id(0)] Applicant Author,
    [property: Id(1)] ImmutableArray<StatementVersion> Versions,
    [property: Id(2)] int? ApprovedVersion,
    [property: Id(3)] DateTimeOffset? ApprovedAt)
{
    /// <summary>The last version submitted.</summary>
    public StatementVersion Latest => Versions[^1];

    /// <summary>The approved version, or null while none is.</summary>
    public StatementVersion? Approved => ApprovedVersion is { } approved ? Versions.FirstOrDefault(v => v.Version == approved) : null;
}

/// <summary>A statement as the public may read it: approved, consented (the application's publishStatement), its author still on the panel.</summary>
[GenerateSerializer, Immutable]
public sealed record PublishedStatement(
    [property: Id(0)] Applicant Author,
    [property: Id(1)] StatementVersion Version,
    [property: Id(2)] ImmutableArray<string> Themes);

/// <summary>What the public and the briefing pack read: the published statements in panel order, and when that set last changed.</summary>
[GenerateSerializer, Immutable]
public sealed record PublishedStatements(
    [property: Id(0)] ImmutableArray<PublishedStatement> Statements,
    [property: Id(1)] DateTimeOffset? ChangedAt);

/// <summary>The answer to a submission: the version stored and whether it is late.</summary>
[GenerateSerializer, Immutable]
public sealed record StatementReceipt([property: Id(0)] int Version, [property: Id(1)] bool Late);

/// <summary>
/// The statements of one pre-session's panel speakers, keyed like the pre-session (<see cref="PreSessionKey.GrainKey"/>,
/// "29/FRA"): a grain of its own, so long texts never weigh on the pre-session's hot path. It asks the pre-session who
/// is on the panel and what each application consents to; the pre-session never calls it.
/// </summary>
public interface IStatementsGrain : IGrainWithStringKey, IAuditedGrain
{
    /// <summary>
    /// Stores the draft as the author's next version (Late after the pre-session's statements are due). Not found: no
    /// such pre-session; conflict: the author's application is not on the panel. A draft identical to the latest version
    /// stores nothing and answers that version.
    /// </summary>
    Task<Outcome<StatementReceipt>> Submit(Applicant author, StatementDraft draft);

    /// <summary>The operator approves one version (not found: no such statement or version); it is public once approved and consented.</summary>
    Task<Outcome<StatementVersion>> Approve(string organisationId, int version);

    /// <summary>The author's or the operator's read: every version; null: none submitted.</summary>
    Task<Statement?> Get(string organisationId);

    /// <summary>Every organisation's statement, for the operator's review, in the order they were first submitted.</summary>
    Task<ImmutableArray<Statement>> GetAll();

    /// <summary>The only public read: every gate (approved, consented, still on the panel) is applied inside.</summary>
    Task<PublishedStatements> GetPublished();
}
