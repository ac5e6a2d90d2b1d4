using System.Collections.Immutable;

namespace PreSessions;

public enum BalanceWarningKind { FewerApplicationsThanMinimum, ThemeCoveredTwice, NhriNotOnPanel }

/// <summary>A warning with what it is about (a theme, an NHRI's name) and a number; <see cref="Text"/> is the API's sentence.</summary>
public sealed record BalanceWarning(BalanceWarningKind Kind, string Subject, int Count)
{
    public string Text => Kind switch
    {
        BalanceWarningKind.FewerApplicationsThanMinimum => $"Only {Count} application(s), fewer than the {Subject} this pre-session asks for.",
        BalanceWarningKind.ThemeCoveredTwice => $"The theme {Subject} is covered by {Count} speakers.",
        _ => $"The NHRI {Subject} applied but is not on the panel.",
    };
}

public sealed record ThemeCoverage(string Theme, string? ThemeId, int Speakers);

public sealed record GenderCounts(int Woman, int Man, int Other, int Undisclosed, int NotSaid);

/// <summary>
/// How balanced a panel is, the current one or one the operator proposes: the themes it covers (a listed theme named in
/// any language counts once, see <see cref="UprThemes"/>), national and international organisations, the speakers'
/// genders, whether an NHRI is on it, and warnings.
/// </summary>
public sealed record PanelBalance(
    ImmutableArray<ApplicationRecord> Panel,
    int Applications,
    int MinimumApplications,
    ImmutableArray<ThemeCoverage> Themes,
    int National,
    int International,
    int ScopeNotSaid,
    GenderCounts Genders,
    bool NhriPresent,
    bool NhriPlaceReserved,
    ImmutableArray<BalanceWarning> Warnings)
{
    /// <summary>
    /// The balance of <paramref name="proposed"/> (organisation ids in order; null: the current panel) among the standing
    /// <paramref name="applications"/>. Proposed ids must all have applied (the caller checks, see <see cref="Strangers"/>).
    /// </summary>
    public static PanelBalance Of(ImmutableArray<ApplicationRecord> applications, PreSessionPlan plan, IReadOnlyList<string>? proposed)
    {
        var byId = applications.ToDictionary(a => a.Applicant.OrganisationId);
        ImmutableArray<ApplicationRecord> panel = proposed is null
            ? [.. applications.Where(a => a.Status == ApplicationStatus.Panel).OrderBy(a => a.Position)]
            : [.. proposed.Where(byId.ContainsKey).Select(id => byId[id])];

        var themes = panel
            .SelectMany(a => a.Request.Themes.DistinctBy(UprThemes.KeyOf).Select(t => (Key: UprThemes.KeyOf(t), Text: t)))
            .GroupBy(t => t.Key)
            .Select(g => new ThemeCoverage(UprThemes.Find(g.First().Text)?.English ?? g.First().Text.Trim(), UprThemes.Find(g.First().Text)?.Id, g.Count()))
            .OrderByDescending(t => t.Speakers).ThenBy(t => t.Theme, StringComparer.OrdinalIgnoreCase)
            .ToImmutableArray();
        int Genders(SpeakerGender? gender) => panel.Count(a => a.Request.SpeakerGender == gender);
        var onPanel = panel.Select(a => a.Applicant.OrganisationId).ToHashSet();

        var warnings = ImmutableArray.CreateBuilder<BalanceWarning>();
        if (applications.Length < plan.MinimumApplicationsOrDefault)
            warnings.Add(new(BalanceWarningKind.FewerApplicationsThanMinimum, plan.MinimumApplicationsOrDefault.ToString(System.Globalization.CultureInfo.InvariantCulture), applications.Length));
        foreach (var theme in themes.Where(t => t.Speakers >= 2))
            warnings.Add(new(BalanceWarningKind.ThemeCoveredTwice, theme.Theme, theme.Speakers));
        foreach (var nhri in applications.Where(a => a.Applicant.Kind == OrganisationKind.Nhri && !onPanel.Contains(a.Applicant.OrganisationId)))
            warnings.Add(new(BalanceWarningKind.NhriNotOnPanel, nhri.Applicant.OrganisationName, 1));

        return new PanelBalance(panel, applications.Length, plan.MinimumApplicationsOrDefault, themes,
            panel.Count(a => a.Request.Scope == OrganisationScope.National),
            panel.Count(a => a.Request.Scope == OrganisationScope.International),
            panel.Count(a => a.Request.Scope is null),
            new GenderCounts(Genders(SpeakerGender.Woman), Genders(SpeakerGender.Man), Genders(SpeakerGender.Other), Genders(SpeakerGender.Undisclosed), Genders(null)),
            panel.Any(a => a.Applicant.Kind == OrganisationKind.Nhri),
            plan.ReserveNhriPlace,
            warnings.ToImmutable());
    }

    /// <summary>The proposed ids that name no standing application, in the order given.</summary>
    public static ImmutableArray<string> Strangers(ImmutableArray<ApplicationRecord> applications, IEnumerable<string> proposed)
    {
        var applied = applications.Select(a => a.Applicant.OrganisationId).ToHashSet();
        return [.. proposed.Where(id => !applied.Contains(id))];
    }
}
