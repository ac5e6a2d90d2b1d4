using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using PreSessions.Gateway.Auth;

namespace PreSessions.Gateway.Apis;

/// <summary>
/// Collects what is wrong with a request, field by field, so one 400 names every malformed field. Each reader
/// returns the value it accepted, or a default after recording the field's error.
/// </summary>
public sealed partial class Validation
{
    private readonly Dictionary<string, List<string>> _errors = [];

    public bool IsValid => _errors.Count == 0;

    public ValidationProblem Problem() => TypedResults.ValidationProblem(
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray()),
        detail: "Fields are missing or malformed: " + string.Join(", ", _errors.Keys) + ".");

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
            _errors[field] = messages = [];
        messages.Add(message);
    }

    /// <summary>{wg}: a WG session number, 1..999.</summary>
    public int Wg(string raw)
    {
        if (WgFormat().IsMatch(raw) && int.Parse(raw, CultureInfo.InvariantCulture) is >= WgSessionDirectory.FirstWg and <= WgSessionDirectory.LastWg and var wg)
            return wg;
        Add("wg", "A WG session number is a whole number from 1 to 999.");
        return 0;
    }

    /// <summary>{sur}: an ISO 3166-1 alpha-3 code in upper case. Whether it names a UN member State is a 404 question.</summary>
    public string Sur(string raw, string field = "sur")
    {
        if (SurFormat().IsMatch(raw))
            return raw;
        Add(field, "A State is named by its ISO 3166-1 alpha-3 code in upper case, e.g. FRA.");
        return "";
    }

    public PreSessionKey PreSession(string wg, string sur) => new(Wg(wg), Sur(sur));

    /// <summary>
    /// {room}: a room's name exactly as scheduled (which trims it and composes it to NFC), so " XXIV" is no other name
    /// for "XXIV" but a 400; and one that could not have been scheduled (<see cref="RoomName"/>) is a 400 too.
    /// </summary>
    public string Room(string raw)
    {
        var room = RoomName("room", raw);
        if (_errors.ContainsKey("room"))
            return "";
        if (room == raw)
            return room;
        Add("room", "A room is named as it was scheduled: no spaces around the name, accents composed (Unicode NFC).");
        return "";
    }

    /// <summary>
    /// A room's name, which travels as one segment of URL paths (/api/rooms/{room}, /rooms/{room}/console, console
    /// tokens): letters of any script, digits, spaces and - . ' ( ) , &amp; only, with a letter or a digit among them.
    /// Each of these reads the same escaped or not, so the name cannot split a path ("/", "\"), start a query or a
    /// fragment ("?", "#"), be read as an escape ("%") or as a dot segment ("..").
    /// </summary>
    public string RoomName(string field, string? value)
    {
        var name = Name(field, value, RoomsApi.MaxRoomName);
        if (_errors.ContainsKey(field))
            return "";
        foreach (var rune in name.EnumerateRunes())
            if (!Rune.IsLetterOrDigit(rune) && !RoomPunctuation.Contains(rune.Value) &&
                Rune.GetUnicodeCategory(rune) is not (UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark))
            {
                Add(field, $"A room's name is made of letters, digits, spaces and {RoomPunctuationList} only, since it is part of " +
                    $"web addresses; \"{rune}\" (U+{rune.Value:X4}) is not allowed.");
                return "";
            }
        return name;
    }

    private static readonly HashSet<int> RoomPunctuation = [' ', '-', '.', '\'', '(', ')', ',', '&'];

    private const string RoomPunctuationList = "- . ' ( ) , &";

    /// <summary>
    /// A name that people choose and others read (an organisation's, a speaker's): a required line of text that also
    /// follows <see cref="NameRules"/>, returned in NFC.
    /// </summary>
    public string Name(string field, string? value, int max)
    {
        var text = Text(field, value, max);
        if (_errors.ContainsKey(field))
            return "";
        if (NameRules.Refusal(text, out var name) is not { } refusal)
            return name;
        Add(field, refusal);
        return "";
    }

    public string OrganisationId(string raw, string field = "organisationId")
    {
        if (Tokens.OrganisationIdFormat().IsMatch(raw))
            return raw;
        Add(field, "An organisation id looks like org-abcdefghijklmnop.");
        return "";
    }

    /// <summary>The optional Idempotency-Key header: 1 to 200 visible ASCII characters.</summary>
    public string? IdempotencyKey(string? raw)
    {
        if (raw is null)
            return null;
        if (raw.Length is >= 1 and <= 200 && raw.All(c => c is >= '!' and <= '~'))
            return raw;
        Add("Idempotency-Key", "An Idempotency-Key is 1 to 200 visible ASCII characters.");
        return null;
    }

    /// <summary>A required line of text: trimmed, 1..max characters, no control characters.</summary>
    public string Text(string field, string? value, int max)
    {
        if (value is null)
        {
            Add(field, "This field is required.");
            return "";
        }
        return OptionalText(field, value, max) ?? "";
    }

    public string? OptionalText(string field, string? value, int max)
    {
        if (value is null)
            return null;
        var text = value.Trim();
        if (text.Length == 0 || text.Length > max)
            Add(field, $"Give 1 to {max} characters.");
        else if (text.Any(char.IsControl))
            Add(field, "Control characters are not allowed.");
        else
            return text;
        return null;
    }

    public int Number(string field, int? value, int min, int max)
    {
        if (value is { } n && n >= min && n <= max)
            return n;
        Add(field, value is null ? "This field is required." : $"Give a whole number from {min} to {max}.");
        return min;
    }

    public bool Flag(string field, bool? value)
    {
        if (value is null)
            Add(field, "This field is required: true or false.");
        return value ?? false;
    }

    /// <summary>An instant: ISO 8601 with an explicit offset, since a time without one means nothing in Geneva or elsewhere.</summary>
    public DateTimeOffset? Instant(string field, string? value, bool required)
    {
        if (value is null)
        {
            if (required)
                Add(field, "This field is required.");
            return null;
        }
        if (!InstantFormat().IsMatch(value))
        {
            Add(field, "Give an ISO 8601 time with an offset, e.g. 2017-12-12T10:00:00+01:00.");
            return null;
        }
        // Well-formed but not a time (2017-02-30), or one whose offset pushes it past what can be represented
        // (0001-01-01T00:00:00+01:00): the same rule as an instant out of range.
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant) && Instants.Accepts(instant))
            return instant;
        Add(field, $"Give a real date and time {Instants.Rule}, e.g. 2017-12-12T10:00:00+01:00.");
        return null;
    }

    /// <summary>An optional word from the contract's list (<see cref="Names"/>), exactly as written there.</summary>
    public T? OptionalChoice<T>(string field, string? value, IReadOnlyDictionary<string, T> choices) where T : struct
    {
        if (value is null)
            return null;
        if (choices.TryGetValue(value, out var choice))
            return choice;
        Add(field, $"Give one of {string.Join(", ", choices.Keys)}.");
        return null;
    }

    public const int MaxUrl = 2000;

    /// <summary>An optional web address that people will open: absolute, http or https, with a host, at most 2000 characters.</summary>
    public string? OptionalHttpUrl(string field, string? value)
    {
        if (value is null)
            return null;
        if (value.Length <= MaxUrl && Uri.TryCreate(value, UriKind.Absolute, out var uri) &&
            (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) && uri.Host.Length > 0 && !value.Any(char.IsWhiteSpace))
            return value;
        Add(field, $"Give an absolute http or https address of at most {MaxUrl} characters, e.g. https://example.org/upr-submission.pdf.");
        return null;
    }

    public const string RecommendationIdRule = "A recommendation id is 1 to 40 letters, digits and . - _ /, starting with a letter or a digit, e.g. 118.25.";

    /// <summary>A previous-cycle recommendation's id, as UPR reports number them (118.25) or as an import names them.</summary>
    public string RecommendationId(string field, string? value)
    {
        if (value is not null && RecommendationIdFormat().IsMatch(value))
            return value;
        Add(field, RecommendationIdRule);
        return "";
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}\\z")]
    private static partial Regex RecommendationIdFormat();

    // \z, not $: $ also matches before a final line break, so "29\n" would pass for 29.
    [GeneratedRegex("^[0-9]{1,3}\\z")]
    private static partial Regex WgFormat();

    [GeneratedRegex("^[A-Z]{3}\\z")]
    private static partial Regex SurFormat();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})\z")]
    private static partial Regex InstantFormat();
}
