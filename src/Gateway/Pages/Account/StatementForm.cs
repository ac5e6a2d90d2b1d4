using System.Collections.Immutable;
using System.Globalization;
using PreSessions.Gateway.Apis;

namespace PreSessions.Gateway.Pages.Account;

/// <summary>One row of the statement form's recommendations: its text and the previous-cycle ids ticked for it.</summary>
public sealed record RecommendationRow(string Text, ImmutableHashSet<string> RecommendationIds)
{
    public bool Blank => string.IsNullOrWhiteSpace(Text) && RecommendationIds.IsEmpty;
}

/// <summary>
/// The statement form as typed, without JavaScript: a fixed number of recommendation rows (each a <c>recommendationText</c>
/// in row order, its ticked ids as <c>recommendationIds</c> = "row:id"), one more each time "Add a recommendation" is
/// pressed. Blank rows are left out of what is sent to the API, so the API's errors, which number the recommendations
/// it was sent, are put back on the rows they came from.
/// </summary>
public sealed class StatementForm
{
    /// <summary>The rows a form offers at least: most statements make a few recommendations.</summary>
    public const int FirstRows = 3;

    public string Language { get; init; } = "en";

    public string Assessment { get; init; } = "";

    public string Questions { get; init; } = "";

    public ImmutableArray<RecommendationRow> Rows { get; init; } = [];

    /// <summary>A form holding <paramref name="draft"/> (the latest version, to edit), or an empty one in the page's language.</summary>
    public static StatementForm Of(StatementDraft? draft, string pageLanguage)
    {
        var rows = draft?.Recommendations.Select(r => new RecommendationRow(r.Text, [.. r.RecommendationIds])).ToList() ?? [];
        return new StatementForm
        {
            Language = draft?.Language ?? (StatementDraft.Languages.Contains(pageLanguage) ? pageLanguage : "en"),
            Assessment = draft?.Assessment ?? "",
            Questions = draft?.Questions ?? "",
            Rows = Padded(rows, 0),
        };
    }

    /// <summary>The form as posted, with <paramref name="extraRows"/> blank rows more (the "add" button's one).</summary>
    public static StatementForm Posted(string? language, string? assessment, string? questions, string[]? recommendationText,
        string[]? recommendationIds, int extraRows = 0)
    {
        var texts = recommendationText ?? [];
        var ticked = (recommendationIds ?? [])
            .Select(v => v.Split(':', 2))
            .Where(p => p.Length == 2 && int.TryParse(p[0], NumberStyles.None, CultureInfo.InvariantCulture, out var row) && row >= 0 && row < texts.Length)
            .ToLookup(p => int.Parse(p[0], CultureInfo.InvariantCulture), p => p[1]);
        var rows = texts.Select((text, row) => new RecommendationRow(text, [.. ticked[row]])).ToList();
        return new StatementForm
        {
            Language = language ?? "",
            Assessment = assessment ?? "",
            Questions = questions ?? "",
            Rows = Padded(rows, extraRows),
        };
    }

    /// <summary>What the API is sent: the typed values as they are (the API judges them), blank rows left out.</summary>
    public StatementRequest Request() => new(Language, Assessment, Questions,
        [.. Sent().Select(i => new StatementRecommendationBody(Rows[i].Text, [.. Rows[i].RecommendationIds]))]);

    /// <summary>
    /// The API's field errors by form field: "recommendations[k]..." becomes the row's own "recommendation-{row}", the
    /// list's own errors stay on "recommendations", and every other field keeps its name.
    /// </summary>
    public FormErrors Errors(Validation check)
    {
        var sent = Sent();
        var byField = new Dictionary<string, List<string>>();
        foreach (var (field, message) in check.Errors)
        {
            var name = field.Split('[')[0];
            if (name == "recommendations" && field.Length > name.Length && int.TryParse(
                    field.AsSpan(name.Length + 1, Math.Max(0, field.IndexOf(']') - name.Length - 1)), NumberStyles.None, CultureInfo.InvariantCulture, out var k)
                && k < sent.Count)
                name = RowField(sent[k]);
            (byField.TryGetValue(name, out var messages) ? messages : byField[name] = []).Add(message);
        }
        return new FormErrors(byField.ToDictionary(e => e.Key, e => e.Value.Distinct().ToArray()));
    }

    /// <summary>The form field name of a recommendation row, for its label, its error and aria-describedby.</summary>
    public static string RowField(int row) => "recommendation-" + row.ToString(CultureInfo.InvariantCulture);

    /// <summary>The rows sent to the API, by their row number.</summary>
    private List<int> Sent() => [.. Enumerable.Range(0, Rows.Length).Where(i => !Rows[i].Blank)];

    /// <summary>At least <see cref="FirstRows"/> rows, and always one blank to write the next recommendation in.</summary>
    private static ImmutableArray<RecommendationRow> Padded(List<RecommendationRow> rows, int extraRows)
    {
        var wanted = Math.Max(FirstRows, rows.Count + extraRows);
        if (rows.Count > 0 && !rows[^1].Blank && extraRows == 0)
            wanted = Math.Max(wanted, rows.Count + 1);
        wanted = Math.Min(wanted, Math.Max(rows.Count, StatementRules.MaxRecommendations));
        while (rows.Count < wanted)
            rows.Add(new RecommendationRow("", []));
        return [.. rows];
    }
}
