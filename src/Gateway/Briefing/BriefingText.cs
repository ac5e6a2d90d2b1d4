using System.Globalization;
using Microsoft.Extensions.Localization;
using PreSessions.Gateway.Pages;

namespace PreSessions.Gateway.Briefing;

/// <summary>
/// The briefing pack's words, shared by the HTML page and the PDF so both say the same thing, in
/// <c>Resources/Briefing/BriefingText.{fr,es}.resx</c>; English is the key itself. Read in the request's culture,
/// which <c>?lang=</c> chooses.
/// </summary>
public sealed class BriefingText(IStringLocalizer<BriefingText> words)
{
    public string this[string english, params object[] values] => words[english, values].Value;

    public string Title(BriefingPack pack) => this["Briefing pack: {0}", pack.StateName];

    public string Subtitle(BriefingPack pack) => this["Pre-session of the Universal Periodic Review, WG session {0}", pack.Wg];

    public string When(BriefingPack pack) => this["{0}, {1} to {2} (Geneva time)",
        GenevaTime.Day(pack.StartsAt), GenevaTime.Time(pack.StartsAt), GenevaTime.Time(pack.EndsAt)];

    public string Where(BriefingPack pack) => pack.Venue.Length == 0
        ? this["Room {0}", pack.Room] : this["Room {0}, {1}", pack.Room, pack.Venue];

    /// <summary>An agenda item's name: the operator's title if it set the rundown, else its kind in the pack's language.</summary>
    public string ItemName(AgendaItem item, BriefingPack pack) => item.Title ?? item.Kind switch
    {
        RundownItemKind.Opening => this["Opening by {0}", pack.StateName],
        RundownItemKind.Speaker => this["Speaker"],
        RundownItemKind.Moderator => this["Moderator's questions"],
        RundownItemKind.Qa => this["Questions from Permanent Missions"],
        _ => this["Closing"],
    };

    public string Minutes(AgendaItem item) =>
        this["{0} min", Math.Round(item.AllottedSeconds / 60.0, 1).ToString("0.#", CultureInfo.CurrentCulture)];

    public string Theme(PackTheme theme) => theme.Name ?? this["Without a theme"];

    public string WrittenIn(PackStatement statement) => statement.Language switch
    {
        "fr" => this["Statement by {0} (in French)", statement.OrganisationName],
        "es" => this["Statement by {0} (in Spanish)", statement.OrganisationName],
        _ => this["Statement by {0} (in English)", statement.OrganisationName],
    };

    /// <summary>A previous-cycle recommendation's origin: its id, the recommending State in the pack's language, the response.</summary>
    public string Origin(Recommendation recommendation, string language) => this["{0}, made by {1}, {2}",
        recommendation.Id,
        UnMemberStates.Names.TryGetValue(recommendation.RecommendingState, out var names) ? names.In(language) : recommendation.RecommendingState,
        recommendation.Response is RecommendationResponse.Supported ? this["supported"] : this["noted"]];

    public string Changed(BriefingPack pack) => pack.StatementsChangedAt is { } at
        ? this["Statements last changed on {0} (Geneva time).", GenevaTime.DayAndTime(at)] : "";
}
