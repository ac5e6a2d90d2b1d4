using System.Globalization;
using System.Text;

namespace PreSessions;

/// <summary>
/// What a name that people choose and others read (an organisation's, a speaker's) may hold, so that it cannot hide,
/// reorder or smear text where it is shown: no control or format characters (U+202E reverses what follows, zero-width
/// ones hide), no line breaks, no private-use or unassigned code points, at most <see cref="MaxMarksInARow"/> combining
/// marks in a row (a stack of 150 spills over the lines around it), and at least one visible letter or digit. A name is
/// kept in NFC, so one name has one spelling in storage and in every comparison.
/// </summary>
/// <remarks>
/// Refusing every format character also refuses the zero-width non-joiner of Persian spelling and the joiner of emoji
/// sequences: a name reads without them, and no invisible character can then make two names differ.
/// </remarks>
public static class NameRules
{
    public const int MaxMarksInARow = 2;

    /// <summary>Letters of some scripts that render as nothing at all: they make no name visible.</summary>
    private static readonly HashSet<int> Blanks = [0x115F, 0x1160, 0x3164, 0xFFA0];

    /// <summary>
    /// Why <paramref name="trimmed"/> is no acceptable name, or null with the name in NFC as <paramref name="name"/>.
    /// </summary>
    public static string? Refusal(string trimmed, out string name)
    {
        name = "";
        for (var i = 0; i < trimmed.Length; i++)
        {
            if (char.IsSurrogatePair(trimmed, i))
                i++;
            else if (char.IsSurrogate(trimmed[i]))
                return "The text holds a broken character (a lone UTF-16 surrogate).";
        }
        var normalised = trimmed.Normalize(NormalizationForm.FormC);
        var (marks, visible) = (0, false);
        foreach (var rune in normalised.EnumerateRunes())
        {
            switch (Rune.GetUnicodeCategory(rune))
            {
                case UnicodeCategory.Control:
                    return "Control characters (line breaks, tabs, ...) are not allowed.";
                case UnicodeCategory.Format:
                    return $"Invisible formatting characters such as U+{rune.Value:X4} (text direction overrides, zero-width characters) are not allowed.";
                case UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator:
                    return "Line breaks are not allowed.";
                case UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned:
                    return $"U+{rune.Value:X4} is not a character with an agreed meaning (private use or unassigned).";
                case UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark:
                    if (++marks > MaxMarksInARow)
                        return $"At most {MaxMarksInARow} accents or other combining marks may follow one another.";
                    continue;
            }
            marks = 0;
            visible |= Rune.IsLetterOrDigit(rune) && !Blanks.Contains(rune.Value);
        }
        if (!visible)
            return "A name needs at least one visible letter or digit.";
        name = normalised;
        return null;
    }
}
