using System.Text;
using PreSessions.Gateway.Statements;

namespace PreSessions.Gateway.Apis;

/// <summary>One recommendation of a statement: its text (Markdown) and the previous cycle's recommendation ids it builds on.</summary>
public sealed record StatementRecommendationBody(string? Text, string?[]? RecommendationIds);

/// <summary>
/// What an organisation on the panel writes: <c>language</c> en, fr or es; <c>assessment</c> and <c>questions</c> in
/// Markdown (at most 8,000 characters each); 1 to 20 <c>recommendations</c> (at most 1,000 characters each, with at most
/// 10 previous-cycle recommendation ids each).
/// </summary>
public sealed record StatementRequest(string? Language, string? Assessment, string? Questions, StatementRecommendationBody?[]? Recommendations);

/// <summary>The version stored, and whether it came after the pre-session's statements were due.</summary>
public sealed record StatementReceiptResponse(int Version, bool Late);

public sealed record StatementRecommendationResponse(string Text, string[] RecommendationIds, string Html);

/// <summary>One version as written, each part with its HTML as the pages show it (Markdown rendered, then sanitised).</summary>
public sealed record StatementVersionResponse(
    int Version, string Language, string Assessment, string AssessmentHtml, string Questions, string QuestionsHtml,
    StatementRecommendationResponse[] Recommendations, DateTimeOffset SubmittedAt, bool Late)
{
    public static StatementVersionResponse Of(StatementVersion version) => new(
        version.Version, version.Draft.Language,
        version.Draft.Assessment, StatementMarkdown.ToSafeHtml(version.Draft.Assessment),
        version.Draft.Questions, StatementMarkdown.ToSafeHtml(version.Draft.Questions),
        [.. version.Draft.Recommendations.Select(r => new StatementRecommendationResponse(r.Text, [.. r.RecommendationIds], StatementMarkdown.ToSafeHtml(r.Text)))],
        version.SubmittedAt, version.Late);
}

/// <summary>
/// A statement: for its organisation and the operator every version (oldest first) and which one is approved; for anyone
/// else the published version alone.
/// </summary>
public sealed record StatementResponse(
    string OrganisationId, string OrganisationName, int? ApprovedVersion, DateTimeOffset? ApprovedAt, StatementVersionResponse[] Versions)
{
    public static StatementResponse Of(Statement statement) => new(
        statement.Author.OrganisationId, statement.Author.OrganisationName, statement.ApprovedVersion, statement.ApprovedAt,
        [.. statement.Versions.Select(StatementVersionResponse.Of)]);

    public static StatementResponse Of(PublishedStatement published, DateTimeOffset? approvedAt) => new(
        published.Author.OrganisationId, published.Author.OrganisationName, published.Version.Version, approvedAt,
        [StatementVersionResponse.Of(published.Version)]);
}

/// <summary>The operator approves one version by its number.</summary>
public sealed record StatementApprovalRequest(int? Version);

/// <summary>The rules a statement's body follows, field by field (each part a 400 of its own).</summary>
public static class StatementRules
{
    public const int MaxPart = 8_000;
    public const int MaxRecommendations = 20;
    public const int MaxRecommendationText = 1_000;
    public const int MaxRecommendationIds = 10;

    /// <summary>
    /// The draft as the grain stores it, or what is wrong with it. <paramref name="imported"/> are the pre-session's
    /// imported recommendation ids: when there are any, every id must be one of them. The maxima together stay well under
    /// the gateway's body cap (PreSessions:Limits:MaxRequestBodyBytes, 64 KiB), so a full statement always fits.
    /// </summary>
    public static StatementDraft Draft(Validation check, StatementRequest body, IReadOnlySet<string> imported)
    {
        var language = body.Language is { } l && StatementDraft.Languages.Contains(l) ? l : "";
        if (language.Length == 0)
            check.Add("language", "A statement is written in en, fr or es.");
        var assessment = Markdown(check, "assessment", body.Assessment, MaxPart);
        var questions = Markdown(check, "questions", body.Questions, MaxPart);
        if (body.Recommendations is not { Length: >= 1 and <= MaxRecommendations } recommendations)
        {
            check.Add("recommendations", $"Make 1 to {MaxRecommendations} recommendations.");
            return new StatementDraft(language, assessment, questions, []);
        }
        return new StatementDraft(language, assessment, questions,
            [.. recommendations.Select((r, i) => Recommendation(check, $"recommendations[{i}]", r, imported))]);
    }

    private static StatementRecommendation Recommendation(Validation check, string field, StatementRecommendationBody? body, IReadOnlySet<string> imported)
    {
        if (body is null)
        {
            check.Add(field, "This field is required.");
            return new StatementRecommendation("", []);
        }
        var text = Markdown(check, $"{field}.text", body.Text, MaxRecommendationText);
        var ids = body.RecommendationIds ?? [];
        if (ids.Length > MaxRecommendationIds)
            check.Add($"{field}.recommendationIds", $"Name at most {MaxRecommendationIds} recommendation ids.");
        var accepted = ids.Take(MaxRecommendationIds).Select((id, j) => check.RecommendationId($"{field}.recommendationIds[{j}]", id)).ToArray();
        if (accepted.Distinct(StringComparer.Ordinal).Count() < accepted.Length)
            check.Add($"{field}.recommendationIds", "Name each recommendation once.");
        if (imported.Count > 0)
            foreach (var (id, j) in accepted.Select((id, j) => (id, j)).Where(p => p.id.Length > 0 && !imported.Contains(p.id)))
                check.Add($"{field}.recommendationIds[{j}]", $"There is no recommendation {id} among those imported for this pre-session.");
        return new StatementRecommendation(text, [.. accepted]);
    }

    /// <summary>
    /// A part written in Markdown: <see cref="Validation.Paragraphs"/> (line breaks and tabs its only control characters),
    /// and, as names are, no broken characters and no text-direction overrides (they reorder what readers see around
    /// them, on the page and in the briefing pack); kept in NFC, so an identical resubmission compares equal.
    /// </summary>
    private static string Markdown(Validation check, string field, string? value, int max)
    {
        var text = check.Paragraphs(field, value, max);
        if (text.Length == 0)
            return "";
        if (HasLoneSurrogate(text))
            check.Add(field, "The text holds a broken character (a lone UTF-16 surrogate).");
        else if (text.FirstOrDefault(c => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069') is var c && c != default)
            check.Add(field, $"Text direction overrides such as U+{(int)c:X4} are not allowed.");
        else
            return text.Normalize(NormalizationForm.FormC);
        return "";
    }

    private static bool HasLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsSurrogatePair(text, i))
                i++;
            else if (char.IsSurrogate(text[i]))
                return true;
        }
        return false;
    }
}
