using System.Collections.Immutable;

namespace PreSessions.Gateway.Briefing;

/// <summary>One item of the hour, with the Geneva time it is planned to start; a speaker's title is its organisation's name.</summary>
public sealed record AgendaItem(RundownItemKind Kind, string? Title, DateTime StartsAt, int AllottedSeconds);

/// <summary>A panel speaker's organisation; the speaker's name only with the organisation's consent, as on the public page.</summary>
public sealed record PanelMember(int Position, string OrganisationName, string? SpeakerName);

/// <summary>One recommendation of a statement, with the previous cycle's recommendations it addresses (those found in the import).</summary>
public sealed record PackRecommendation(string Text, ImmutableArray<Recommendation> Addresses);

/// <summary>A published statement's parts the missions take away, in the statement's own language, as Markdown.</summary>
public sealed record PackStatement(string OrganisationName, string Language, string Questions, ImmutableArray<PackRecommendation> Recommendations);

/// <summary>The statements of one theme, named in the pack's language (a theme off UPR Info's list keeps its own words).</summary>
public sealed record PackTheme(string Key, string? Name, ImmutableArray<PackStatement> Statements);

/// <summary>
/// A pre-session's briefing pack: the meeting, its agenda and panel, and the published statements grouped by theme.
/// Built only from public reads (<see cref="IStatementsGrain.GetPublished"/> applies the approval and consent gates),
/// so whatever renders it (<see cref="BriefingPdf"/>, the HTML page) cannot show what the public may not read.
/// </summary>
public sealed record BriefingPack(
    int Wg, string Sur, string Language, string StateName, string Venue, string Room, DateTime StartsAt, DateTime EndsAt,
    ImmutableArray<AgendaItem> Agenda, ImmutableArray<PanelMember> Panel, ImmutableArray<PackTheme> Themes, DateTimeOffset? StatementsChangedAt)
{
    public string PageAddress => $"/wg-sessions/{Wg}/pre-sessions/{Sur}/briefing?lang={Language}";

    public string ApiAddress => $"/api/wg-sessions/{Wg}/pre-sessions/{Sur}/briefing?lang={Language}";

    /// <summary>Reads the pack in a language ("en", "fr", "es"); null when there is no such pre-session.</summary>
    public static async Task<BriefingPack?> ReadAsync(IGrainFactory grains, PreSessionKey key, string language)
    {
        var preSession = grains.GetGrain<IPreSessionGrain>(key.GrainKey);
        var (view, rundown, week) = (preSession.GetView(), grains.GetGrain<ILiveTimerGrain>(key.GrainKey).GetRundown(),
            grains.GetGrain<IWgSessionGrain>(key.Wg).GetView());
        var (published, recommendations) = (grains.GetGrain<IStatementsGrain>(key.GrainKey).GetPublished(),
            grains.GetGrain<IRecommendationsGrain>(key.GrainKey).GetRecommendations());
        await Task.WhenAll(view, rundown, week, published, recommendations);
        if (view.Result is not { } found || rundown.Result is not { } order)
            return null;
        var stateName = UnMemberStates.Names.TryGetValue(key.Sur, out var names) ? names.In(language) : found.StateName;
        return new(key.Wg, key.Sur, language, stateName, week.Result?.Details.Venue ?? "", found.Plan.Room,
            found.Plan.StartsAt.UtcDateTime, found.Plan.EndsAt.UtcDateTime,
            AgendaOf(order, found), [.. found.Panel.OrderBy(s => s.Position).Select(s =>
                new PanelMember(s.Position, s.OrganisationName, s.SpeakerNamePublic ? s.SpeakerName : null))],
            ThemesOf(published.Result, recommendations.Result, language), published.Result.ChangedAt);
    }

    /// <summary>
    /// The running order with each item's planned start. A derived rundown's titles are the grain's English defaults,
    /// so the pack names those items by their kind in its own language; an operator's titles are kept as written.
    /// </summary>
    private static ImmutableArray<AgendaItem> AgendaOf(Rundown rundown, PreSessionView view)
    {
        var organisations = view.Panel.ToDictionary(s => s.OrganisationId, s => s.OrganisationName);
        var (items, at) = (ImmutableArray.CreateBuilder<AgendaItem>(), view.Plan.StartsAt.UtcDateTime);
        foreach (var item in rundown.Items)
        {
            var title = item.Kind is RundownItemKind.Speaker
                ? organisations.GetValueOrDefault(item.OrganisationId ?? "") ?? NonEmpty(item.Title)
                : rundown.Derived ? null : NonEmpty(item.Title);
            items.Add(new AgendaItem(item.Kind, title, at, (int)item.Allotted.TotalSeconds));
            at += item.Allotted;
        }
        return items.ToImmutable();
    }

    private static string? NonEmpty(string text) => string.IsNullOrWhiteSpace(text) ? null : text;

    /// <summary>
    /// The statements by theme, listed themes in UPR Info's order, then the others' own words, then those without a
    /// theme. A statement with two themes appears under each: a mission reads the pack by the themes it follows, and a
    /// statement filed under one of them only would be missing from the other's section.
    /// </summary>
    private static ImmutableArray<PackTheme> ThemesOf(PublishedStatements published, ImmutableArray<Recommendation> previous, string language)
    {
        var byId = previous.GroupBy(r => r.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var listed = UprThemes.All.Select((t, i) => (t.Id, i)).ToDictionary(p => p.Id, p => p.i);
        var sections = new Dictionary<string, (string? Name, List<PackStatement> Statements)>();
        foreach (var statement in published.Statements)
        {
            var draft = statement.Version.Draft;
            var pack = new PackStatement(statement.Author.OrganisationName, draft.Language, draft.Questions,
                [.. draft.Recommendations.Select(r => new PackRecommendation(r.Text,
                    [.. r.RecommendationIds.Distinct().Select(id => byId.GetValueOrDefault(id)).OfType<Recommendation>()]))]);
            var themes = statement.Themes.Where(t => !string.IsNullOrWhiteSpace(t))
                .Select(t => (Key: UprThemes.KeyOf(t), Name: UprThemes.Find(t)?.In(language) ?? t.Trim()))
                .DistinctBy(t => t.Key).DefaultIfEmpty((Key: "", Name: null!));
            foreach (var (themeKey, name) in themes)
            {
                if (!sections.TryGetValue(themeKey, out var section))
                    sections[themeKey] = section = (name, []);
                section.Statements.Add(pack);
            }
        }
        return [.. sections
            .OrderBy(s => s.Key.Length == 0 ? 2 : listed.ContainsKey(s.Key) ? 0 : 1)
            .ThenBy(s => listed.GetValueOrDefault(s.Key))
            .ThenBy(s => s.Value.Name, StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo(language), true))
            .Select(s => new PackTheme(s.Key, s.Value.Name, [.. s.Value.Statements]))];
    }
}
