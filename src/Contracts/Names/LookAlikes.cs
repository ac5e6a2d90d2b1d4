using System.Globalization;
using System.Text;

namespace PreSessions;

/// <summary>
/// Names that read alike to the eye, so the operator can look twice at them (they are flagged, never refused: two
/// organisations may truly share a name). Three kinds: the same name but for case and white space; the same skeleton
/// (accents, punctuation and spaces dropped, the look-alike letters below folded to one); and one word written in two
/// scripts, the usual way to fake a Latin name with a Cyrillic or Greek letter.
/// </summary>
/// <remarks>
/// The table is deliberately small: the Cyrillic and Greek letters that render as Latin ones in common fonts, and the
/// Latin pairs I/l/1, O/0, rn/m and vv/w. Unicode's full confusables list (UTS #39) has thousands of entries, most
/// between scripts nobody here mixes. Only the scripts of <see cref="ScriptOf"/> are told apart; letters of the others
/// (Han, Devanagari, Thai, ...) never make a word "mixed", since Japanese, for one, mixes scripts by nature.
/// </remarks>
public static class LookAlikes
{
    private static readonly Dictionary<int, char> Confusables = new()
    {
        // Cyrillic capitals and small letters that look Latin.
        ['А'] = 'a', ['В'] = 'b', ['Е'] = 'e', ['К'] = 'k', ['М'] = 'm', ['Н'] = 'h', ['О'] = 'o', ['Р'] = 'p', ['С'] = 'c',
        ['Т'] = 't', ['Х'] = 'x', ['У'] = 'y', ['І'] = 'l', ['Ј'] = 'j', ['Ѕ'] = 's',
        ['а'] = 'a', ['е'] = 'e', ['о'] = 'o', ['р'] = 'p', ['с'] = 'c', ['у'] = 'y', ['х'] = 'x', ['і'] = 'i', ['ј'] = 'j',
        ['ѕ'] = 's', ['ԁ'] = 'd', ['һ'] = 'h', ['ӏ'] = 'l', ['ԛ'] = 'q', ['ԝ'] = 'w',
        // Greek capitals and small letters that look Latin.
        ['Α'] = 'a', ['Β'] = 'b', ['Ε'] = 'e', ['Ζ'] = 'z', ['Η'] = 'h', ['Ι'] = 'l', ['Κ'] = 'k', ['Μ'] = 'm', ['Ν'] = 'n',
        ['Ο'] = 'o', ['Ρ'] = 'p', ['Τ'] = 't', ['Υ'] = 'y', ['Χ'] = 'x',
        ['ο'] = 'o', ['ν'] = 'v', ['ρ'] = 'p', ['α'] = 'a', ['ι'] = 'i', ['κ'] = 'k', ['υ'] = 'u',
        // Latin look-alikes of one another.
        ['I'] = 'l', ['1'] = 'l', ['0'] = 'o',
    };

    /// <summary>The name for the duplicate check: case and white space do not count.</summary>
    public static string DuplicateKey(string name) =>
        string.Concat(name.Where(c => !char.IsWhiteSpace(c))).ToLowerInvariant();

    /// <summary>What the name looks like, roughly: two names with one skeleton are easily taken for each other.</summary>
    public static string Skeleton(string name)
    {
        var skeleton = new StringBuilder();
        foreach (var rune in name.Normalize(NormalizationForm.FormD).EnumerateRunes())
        {
            if (!Rune.IsLetterOrDigit(rune))
                continue;
            if (Confusables.TryGetValue(rune.Value, out var latin))
                skeleton.Append(latin);
            else
                skeleton.Append(Rune.ToLowerInvariant(rune).ToString());
        }
        return skeleton.Replace("rn", "m").Replace("vv", "w").ToString();
    }

    /// <summary>Whether one word (a run of letters and marks) holds letters of two of the scripts told apart.</summary>
    public static bool MixesScripts(string name)
    {
        Script? word = null;
        foreach (var rune in name.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
                continue;
            if (!Rune.IsLetter(rune))
            {
                word = null;
                continue;
            }
            var script = ScriptOf(rune.Value);
            if (script is Script.Other)
                continue;
            if (word is { } seen && seen != script)
                return true;
            word = script;
        }
        return false;
    }

    private enum Script { Other, Latin, Greek, Cyrillic, Armenian, Georgian, Hebrew, Arabic }

    private static Script ScriptOf(int c) => c switch
    {
        <= 0x02AF or (>= 0x1D00 and <= 0x1D7F) or (>= 0x1E00 and <= 0x1EFF) or (>= 0x2C60 and <= 0x2C7F) or (>= 0xA720 and <= 0xA7FF)
            or (>= 0xAB30 and <= 0xAB6F) or (>= 0xFF21 and <= 0xFF3A) or (>= 0xFF41 and <= 0xFF5A) => Script.Latin,
        (>= 0x0370 and <= 0x03FF) or (>= 0x1F00 and <= 0x1FFF) => Script.Greek,
        (>= 0x0400 and <= 0x052F) or (>= 0x1C80 and <= 0x1C8F) or (>= 0x2DE0 and <= 0x2DFF) or (>= 0xA640 and <= 0xA69F) => Script.Cyrillic,
        >= 0x0530 and <= 0x058F => Script.Armenian,
        (>= 0x10A0 and <= 0x10FF) or (>= 0x1C90 and <= 0x1CBF) => Script.Georgian,
        (>= 0x0590 and <= 0x05FF) or (>= 0xFB1D and <= 0xFB4F) => Script.Hebrew,
        (>= 0x0600 and <= 0x06FF) or (>= 0x0750 and <= 0x077F) or (>= 0x08A0 and <= 0x08FF) or (>= 0xFB50 and <= 0xFDFF)
            or (>= 0xFE70 and <= 0xFEFF) => Script.Arabic,
        _ => Script.Other,
    };
}
