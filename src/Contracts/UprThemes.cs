using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text;

namespace PreSessions;

/// <summary>A theme of UPR Info's list, with a stable id and its label in the languages the pages speak.</summary>
public sealed record UprTheme(string Id, string English, string French, string Spanish)
{
    public string In(string language) => language switch
    {
        "fr" => French,
        "es" => Spanish,
        _ => English,
    };
}

/// <summary>
/// The themes applications may name (besides free text), read from the embedded <c>Data/upr-themes.csv</c>. A theme is
/// recognised by its id or by its label in any language, ignoring case and surrounding space, so "Droits des femmes"
/// and "women's rights" count as one theme when the balance looks for a theme covered twice.
/// </summary>
public static class UprThemes
{
    private const string ResourceName = "PreSessions.upr-themes.csv";

    private static readonly Lazy<ImmutableArray<UprTheme>> Themes = new(Load);

    private static readonly Lazy<FrozenDictionary<string, UprTheme>> ByName = new(() => Themes.Value
        .SelectMany(t => new[] { t.Id, t.English, t.French, t.Spanish }.Distinct(StringComparer.OrdinalIgnoreCase).Select(name => (name, t)))
        .ToFrozenDictionary(p => p.name, p => p.t, StringComparer.OrdinalIgnoreCase));

    public static ImmutableArray<UprTheme> All => Themes.Value;

    /// <summary>The listed theme a text names, or null for free text.</summary>
    public static UprTheme? Find(string text) => ByName.Value.GetValueOrDefault(text.Trim());

    /// <summary>What two texts naming the same theme share: the listed theme's id, or the free text in lower case.</summary>
    public static string KeyOf(string text) => Find(text)?.Id ?? text.Trim().ToLowerInvariant();

    private static ImmutableArray<UprTheme> Load()
    {
        using var stream = typeof(UprThemes).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource '{ResourceName}' not found.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        if (reader.ReadLine() is var header && header != "id,en,fr,es")
            throw new InvalidDataException($"{ResourceName}: unexpected header '{header}'.");
        var themes = ImmutableArray.CreateBuilder<UprTheme>();
        var (ids, lineNumber) = (new HashSet<string>(StringComparer.Ordinal), 1);
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
                continue;
            var fields = UnMemberStates.ParseCsvLine(line);
            if (fields.Count != 4)
                throw new InvalidDataException($"{ResourceName}:{lineNumber}: expected 4 fields, got {fields.Count}.");
            if (!ids.Add(fields[0]))
                throw new InvalidDataException($"{ResourceName}:{lineNumber}: duplicate id '{fields[0]}'.");
            themes.Add(new UprTheme(fields[0], fields[1], fields[2], fields[3]));
        }
        return themes.ToImmutable();
    }
}
