using PreSessions.Gateway.Apis;

namespace PreSessions.Gateway.Pages;

/// <summary>
/// The API's field errors of a form, in the API's English (the view writes them in the page's language), by the form
/// field they belong to: "themes[2]" is the themes field's.
/// </summary>
public sealed class FormErrors(IReadOnlyDictionary<string, string[]> byField)
{
    public static readonly FormErrors None = new(new Dictionary<string, string[]>());

    public static FormErrors Of(Validation check) => new(check.Problem().ProblemDetails.Errors
        .GroupBy(e => e.Key.Split('[')[0])
        .ToDictionary(g => g.Key, g => g.SelectMany(e => e.Value).Distinct().ToArray()));

    public bool Any => byField.Count > 0;

    public IEnumerable<string> All => byField.Values.SelectMany(m => m);

    public bool Has(string field) => byField.ContainsKey(field);

    public IReadOnlyList<string> For(string field) => byField.TryGetValue(field, out var messages) ? messages : [];

    /// <summary>aria-invalid for a field: "true", or null so Razor leaves the attribute out.</summary>
    public string? Invalid(string field) => Has(field) ? "true" : null;

    /// <summary>aria-describedby for a field: its hint and, when it has one, its error.</summary>
    public string? DescribedBy(string field, string? hint = null) =>
        string.Join(' ', new[] { hint, Has(field) ? field + "-error" : null }.OfType<string>()) is { Length: > 0 } ids ? ids : null;
}
