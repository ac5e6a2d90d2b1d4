using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;

namespace PreSessions.Gateway.Pages;

/// <summary>
/// The API's messages (field errors and the grains' refusals) in the page's language. The API and the grains speak
/// English, with the values they refer to inside the sentence; each known sentence is a template here, translated in
/// <c>Resources/Pages/ApiMessages.{fr,es}.resx</c>, and the values are taken back out of the English to fill it (an
/// instant is written as a date and time in Geneva, in the page's language). A sentence not known here is shown as the
/// API wrote it rather than hidden.
/// </summary>
public sealed class ApiMessages
{
    public static readonly string[] Templates =
    [
        "This field is required.",
        "Give 1 to {0} characters.",
        "Control characters are not allowed.",
        "Give a whole number from {0} to {1}.",
        "This field is required: true or false.",
        "The kind is one of cso, nhri, mission.",
        "{0} is not the code of a UN member State.",
        "This is not an email address.",
        "Give at most {0} themes.",
        "A WG session number is a whole number from 1 to 999.",
        "A State is named by its ISO 3166-1 alpha-3 code in upper case, e.g. FRA.",
        "An organisation id looks like org-abcdefghijklmnop.",
        "There is no pre-session {0}.",
        "There is no organisation {0}.",
        "This organisation has already applied to the pre-session {0}.",
        "Applications to the pre-session {0} closed at {1}.",
        "This organisation has no application to the pre-session {0}.",
        "Only {0} more seat(s) are free; this RSVP keeps its {1} confirmed seat(s).",
        "Permanent Missions RSVP to pre-sessions; only CSOs and NHRIs apply to speak.",
        "Only Permanent Missions RSVP to pre-sessions.",
        "An organisation may withdraw only its own application.",
        "A mission may RSVP only for itself.",
        "Applications to the pre-session {0} open at {1} and close at {2}.",
        "Give one of {0}.",
        "Give an absolute http or https address of at most {0} characters, e.g. https://example.org/upr-submission.pdf.",
        Apis.Validation.RecommendationIdRule,
        "Give at most {0} recommendation ids.",
        "Name each recommendation once.",
        "Applications open before they close.",
        // The operator pages' forms (Pages/Operator).
        "There is no WG session {0}.",
        "Give an ISO 8601 time with an offset, e.g. 2017-12-12T10:00:00+01:00.",
        $"Give a real date and time {Instants.Rule}, e.g. 2017-12-12T10:00:00+01:00.",
        $"A pre-session starts {Instants.Rule}.",
        "A pre-session ends by {0}: start it earlier or make it shorter.",
        "The room \"{0}\" has no console token {1}.",
        "Ask for one of: wg (with sur for one pre-session), organisationId, room.",
        "A pre-session is asked for with its wg and sur.",
        "A room's name is made of letters, digits, spaces and - . ' ( ) , & only, since it is part of web addresses; \"{0}\" (U+{1}) is not allowed.",
        // The statements' messages the statement pages show (Pages/Account/Statement, Pages/Operator/WgSessions/Statements).
        "Control characters other than line breaks and tabs are not allowed.",
        "A statement is written in en, fr or es.",
        "Make 1 to {0} recommendations.",
        "Name at most {0} recommendation ids.",
        "There is no recommendation {0} among those imported for this pre-session.",
        "The text holds a broken character (a lone UTF-16 surrogate).",
        "Text direction overrides such as U+{0} are not allowed.",
        "Only an organisation on the panel of the pre-session {0} submits a statement there; {1} is not on it.",
        "{0} has submitted no statement to the pre-session {1}.",
        "The statement of {0} to the pre-session {1} has versions 1 to {2}, not {3}.",
    ];

    private static readonly (Regex Pattern, string Template)[] Patterns =
        [.. Templates.Select(t => (new Regex("^" + Regex.Escape(t).Replace(@"\{0}", "(.+?)").Replace(@"\{1}", "(.+?)").Replace(@"\{2}", "(.+?)").Replace(@"\{3}", "(.+?)") + @"\z"), t))];

    /// <summary>The API's English sentence in the current UI language.</summary>
    public static string Localize(IStringLocalizer<ApiMessages> localizer, string english)
    {
        foreach (var (pattern, template) in Patterns)
        {
            var match = pattern.Match(english);
            if (match.Success)
                return localizer[template, [.. match.Groups.Values.Skip(1).Select(g => (object)Value(g.Value))]];
        }
        return english;
    }

    /// <summary>An instant the API wrote in ISO 8601 is written for people, in Geneva's time; anything else stays as it is.</summary>
    private static string Value(string text) =>
        text.Length >= 20 && DateTimeOffset.TryParseExact(text, "O", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var instant)
            ? GenevaTime.DayAndTime(instant)
            : text;
}
