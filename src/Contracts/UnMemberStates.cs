using System.Collections.Frozen;
using System.Reflection;
using System.Text;

namespace PreSessions;

/// <summary>A member State's UN short name in the UN's languages that PreSessions speaks.</summary>
public sealed record StateNames(string English, string French, string Spanish)
{
    /// <summary>The name in a two-letter language ("fr", "es"); English for any other.</summary>
    public string In(string language) => language switch
    {
        "fr" => French,
        "es" => Spanish,
        _ => English,
    };
}

/// <summary>
/// The 193 UN member States (ISO 3166-1 alpha-3 code -> UN short name in English, French and Spanish, as UNTERM
/// writes them), read from the embedded <c>Data/un-member-states.csv</c> so the list is data, not code.
/// </summary>
public static class UnMemberStates
{
    private const string ResourceName = "PreSessions.un-member-states.csv";

    // Lazy so a broken resource surfaces as its own exception on first use rather than
    // wrapped in a TypeInitializationException. Ordinal comparer: codes are stored upper
    // case and the API layer rejects lower case itself, so no case folding here.
    private static readonly Lazy<FrozenDictionary<string, StateNames>> States = new(Load);

    private static readonly Lazy<FrozenDictionary<string, string>> EnglishNames =
        new(() => States.Value.ToFrozenDictionary(s => s.Key, s => s.Value.English, StringComparer.Ordinal));

    /// <summary>Code -> English short name, the name the API and the grains use.</summary>
    public static IReadOnlyDictionary<string, string> All => EnglishNames.Value;

    /// <summary>Code -> the names in every language the pages speak.</summary>
    public static IReadOnlyDictionary<string, StateNames> Names => States.Value;

    public static bool TryGetName(string code, out string name)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (States.Value.TryGetValue(code, out var found))
        {
            name = found.English;
            return true;
        }
        name = string.Empty;
        return false;
    }

    public static bool IsMember(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return States.Value.ContainsKey(code);
    }

    private static FrozenDictionary<string, StateNames> Load()
    {
        using var stream = typeof(UnMemberStates).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource '{ResourceName}' not found.");
        using var reader = new StreamReader(stream, Encoding.UTF8);

        var header = reader.ReadLine();
        if (header != "code,name,nameFr,nameEs")
            throw new InvalidDataException($"{ResourceName}: unexpected header '{header}'.");

        var states = new Dictionary<string, StateNames>(StringComparer.Ordinal);
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
                continue; // tolerate a trailing blank line

            var fields = ParseCsvLine(line);
            if (fields.Count != 4)
                throw new InvalidDataException($"{ResourceName}:{lineNumber}: expected 4 fields, got {fields.Count}.");
            // A duplicate would silently overwrite a name; fail loudly instead.
            if (!states.TryAdd(fields[0], new StateNames(fields[1], fields[2], fields[3])))
                throw new InvalidDataException($"{ResourceName}:{lineNumber}: duplicate code '{fields[0]}'.");
        }
        return states.ToFrozenDictionary(StringComparer.Ordinal);
    }

    // Minimal RFC 4180 field splitter for a single line: quoted fields may contain commas
    // and doubled quotes (""). Embedded newlines are not supported: no State or theme name needs one.
    internal static List<string> ParseCsvLine(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var inQuotes = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (inQuotes)
            {
                if (c != '"')
                    field.Append(c);
                else if (i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else
                    inQuotes = false;
            }
            else if (c == '"')
                inQuotes = true;
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
                field.Append(c);
        }
        if (inQuotes)
            throw new InvalidDataException($"Unterminated quoted field in '{line}'.");
        fields.Add(field.ToString());
        return fields;
    }
}
