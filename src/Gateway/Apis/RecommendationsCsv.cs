using System.Collections.Immutable;
using CsvHelper;

namespace PreSessions.Gateway.Apis;

/// <summary>
/// Reads an import of previous-cycle recommendations: CSV (RFC 4180) with the header
/// <c>id,text,recommendingState,response,theme</c>, one recommendation a record, read with CsvHelper. Every bad record
/// is reported by the line it starts on (a quoted text may span lines), so the operator corrects them all at once; a
/// cell is only ever text (a formula is stored as its characters, never evaluated).
/// </summary>
public static class RecommendationsCsv
{
    public static readonly string[] Header = ["id", "text", "recommendingState", "response", "theme"];
    public const int MaxRecommendations = 1000;
    public const int MaxText = 2000;
    public const int MaxTheme = 100;

    public sealed record Reading(ImmutableArray<Recommendation> Recommendations, SortedDictionary<long, List<string>> Errors);

    public static Reading Read(string csv)
    {
        var errors = new SortedDictionary<long, List<string>>();
        void Bad(long line, string message)
        {
            if (!errors.TryGetValue(line, out var messages))
                errors[line] = messages = [];
            messages.Add(message);
        }
        var options = new CsvReaderOptions
        {
            HasHeader = false, Separator = ',', TrackLineNumbers = true, SkipEmptyLines = true,
            MalformedData = CsvMalformedDataHandling.Skip, FieldCountMismatch = CsvFieldCountHandling.Allow,
            OnMalformedRecord = m => Bad(m.LineNumber, m.Reason == CsvMalformedReason.UnterminatedQuote
                ? "a quoted cell is never closed: every \" that opens a cell needs its closing \"."
                : $"a \" inside a cell that does not start with one ({m.Reason}); quote the cell and double the \" within it."),
        };
        var recommendations = new List<Recommendation>();
        var seen = new Dictionary<string, long>(StringComparer.Ordinal);
        var header = false;
        var rows = 0;
        using var reader = CsvReader.FromText(csv, options);
        while (reader.Read())
        {
            var line = reader.LineNumber;
            var cells = Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetString(i)).ToArray();
            if (!header)
            {
                header = true;
                if (!cells.Select(c => c.Trim()).SequenceEqual(Header, StringComparer.OrdinalIgnoreCase))
                    Bad(line, $"the first line is the header {string.Join(',', Header)}.");
                continue;
            }
            if (++rows > MaxRecommendations)
            {
                Bad(line, $"an import holds at most {MaxRecommendations} recommendations.");
                break;
            }
            if (cells.Length != Header.Length)
            {
                Bad(line, $"{Header.Length} cells ({string.Join(", ", Header)}), not {cells.Length}.");
                continue;
            }
            var check = new Validation();
            var id = check.RecommendationId("id", cells[0].Trim());
            var text = check.Paragraphs("text", cells[1], MaxText);
            var state = State(check, cells[2].Trim());
            var response = Response(check, cells[3].Trim());
            var theme = check.OptionalText("theme", cells[4].Trim() is { Length: > 0 } t ? t : null, MaxTheme);
            if (check.IsValid && seen.TryGetValue(id, out var first))
                check.Add("id", $"{id} is on line {first} already: each recommendation once.");
            foreach (var (field, message) in check.Errors)
                Bad(line, $"{field}: {message}");
            if (check.IsValid)
            {
                seen[id] = line;
                recommendations.Add(new Recommendation(id, text, state, response, theme));
            }
        }
        if (!header)
            Bad(1, $"the import is empty: its first line is the header {string.Join(',', Header)}.");
        return new Reading([.. recommendations], errors);
    }

    /// <summary>A UN member State by its ISO 3166-1 alpha-3 code or its UN short name in English, French or Spanish.</summary>
    private static string State(Validation check, string value)
    {
        if (UnMemberStates.IsMember(value))
            return value;
        var named = UnMemberStates.Names.FirstOrDefault(s => new[] { s.Value.English, s.Value.French, s.Value.Spanish }
            .Any(n => string.Equals(n, value, StringComparison.OrdinalIgnoreCase)));
        if (named.Key is not null)
            return named.Key;
        check.Add("recommendingState", $"\"{value}\" is no UN member State: give its ISO 3166-1 alpha-3 code (FRA) or its UN short name.");
        return "";
    }

    private static RecommendationResponse Response(Validation check, string value)
    {
        if (ResponseNames.TryGetValue(value, out var response))
            return response;
        check.Add("response", "The response is supported or noted.");
        return default;
    }

    public static readonly IReadOnlyDictionary<string, RecommendationResponse> ResponseNames =
        new Dictionary<string, RecommendationResponse>(StringComparer.OrdinalIgnoreCase)
        {
            ["supported"] = RecommendationResponse.Supported,
            ["noted"] = RecommendationResponse.Noted,
        };
}
