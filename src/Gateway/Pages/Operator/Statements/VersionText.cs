using System.Text;

namespace PreSessions.Gateway.Pages.Operator.Statements;

/// <summary>The headings a version's text is written with, in the page's language.</summary>
public sealed record VersionLabels(string Language, string Assessment, string Questions, string Recommendation, string BuildsOn);

/// <summary>
/// A version of a statement as one text, its parts under headings and each recommendation with the previous-cycle
/// ids it builds on, so that <see cref="TextDiff"/> shows every change between two versions, the ids and the language
/// included, line by line.
/// </summary>
public static class VersionText
{
    /// <param name="labels"><c>Recommendation</c> and <c>BuildsOn</c> are templates with {0}: the number, the ids.</param>
    public static string Of(StatementDraft draft, VersionLabels labels)
    {
        var text = new StringBuilder()
            .Append("# ").Append(labels.Language).Append(": ").Append(draft.Language).Append('\n')
            .Append("# ").Append(labels.Assessment).Append('\n').Append(draft.Assessment.TrimEnd()).Append('\n')
            .Append("# ").Append(labels.Questions).Append('\n').Append(draft.Questions.TrimEnd()).Append('\n');
        for (var i = 0; i < draft.Recommendations.Length; i++)
        {
            var recommendation = draft.Recommendations[i];
            text.Append("# ").Append(string.Format(System.Globalization.CultureInfo.CurrentCulture, labels.Recommendation, i + 1)).Append('\n')
                .Append(recommendation.Text.TrimEnd()).Append('\n');
            if (recommendation.RecommendationIds.Length > 0)
                text.Append(string.Format(System.Globalization.CultureInfo.CurrentCulture, labels.BuildsOn, string.Join(", ", recommendation.RecommendationIds))).Append('\n');
        }
        return text.ToString();
    }
}
