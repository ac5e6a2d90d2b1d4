using System.Collections.Immutable;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PreSessions.Gateway.Auth;
using PreSessions.Gateway.Hosting;

namespace PreSessions.Gateway.Apis;

/// <summary>The operator's choice in review mode: organisation ids in speaking order, the waitlist's order, and those declined.</summary>
public sealed record SelectionRequest(string?[]? Panel, string?[]? Waitlist, string?[]? Declined);

public sealed record SelectedApplication(string OrganisationId, string OrganisationName, int Position);

/// <summary>Every application's standing after the selection; <c>pending</c>: those not chosen yet, and every later one.</summary>
public sealed record SelectionResponse(
    SelectedApplication[] Panel, SelectedApplication[] Waitlist, SelectedApplication[] Pending, SelectedApplication[] Declined);

/// <summary>A panel's balance (see <see cref="PanelBalance"/>); <c>genders.notSaid</c> and <c>scopeNotSaid</c> count the speakers whose application did not say.</summary>
public sealed record BalanceResponse(
    SelectedApplication[] Panel, int Applications, int MinimumApplications, ThemeCoverage[] Themes,
    int National, int International, int ScopeNotSaid, GenderCounts Genders, bool NhriPresent, bool NhriPlaceReserved, string[] Warnings);

/// <summary>The operator chooses a pre-session's panel in review mode (the rules: PanelSelection in the grains).</summary>
public static class SelectionApi
{
    public const int MaxNamed = 1000;

    public static IEndpointRouteBuilder MapSelectionApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/wg-sessions/{wg}/pre-sessions/{sur}").WithTags("Organisers");
        api.MapPost("/selection", Select).RequireAuthorization(Roles.Operator)
            .WithName("selectPanel").WithSummary("The operator chooses the panel, the waitlist and those declined (review mode)")
            .WithDescription("Ordered lists of organisation ids. 409 when the pre-session is first come, first served, when an " +
                "organisation named did not apply, when the panel is larger than panelSize (or takes the place kept for the State's " +
                "NHRI), or when someone would wait while the panel has a free place. Applications not named, and later ones, stay pending.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/balance", Balance).RequireAuthorization(Roles.Operator)
            .WithName("getPanelBalance").WithSummary("The balance of the current panel, or of one proposed with ?panel=id&panel=id")
            .WithDescription("Themes covered, national and international organisations, speakers' genders, NHRI present, and warnings: " +
                "fewer applications than minimumApplications, a theme covered twice, an NHRI that applied but is not on the panel. " +
                "409 when a proposed organisation did not apply.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<Results<Ok<SelectionResponse>, ValidationProblem, ProblemHttpResult>> Select(
        string wg, string sur, [FromBody] SelectionRequest body, IGrainFactory grains) =>
        (await Selected(wg, sur, body, grains)).Answer(selected => TypedResults.Ok(Response(selected)));

    /// <summary>The selection's rules and its grain call, for the API and the selection page.</summary>
    public static async Task<Decision<ImmutableArray<ApplicationRecord>>> Selected(string wg, string sur, SelectionRequest body, IGrainFactory grains)
    {
        var check = new Validation();
        var key = check.PreSession(wg, sur);
        var named = new HashSet<string>();
        var decision = new SelectionDecision(
            Ids(check, "panel", body.Panel, named, required: true),
            Ids(check, "waitlist", body.Waitlist, named, required: false),
            Ids(check, "declined", body.Declined, named, required: false));
        if (!check.IsValid)
            return Decision<ImmutableArray<ApplicationRecord>>.Malformed(check);

        return Decision<ImmutableArray<ApplicationRecord>>.From(await grains.GetGrain<IPreSessionGrain>(key.GrainKey).Select(decision));
    }

    private static async Task<Results<Ok<BalanceResponse>, ValidationProblem, ProblemHttpResult>> Balance(
        string wg, string sur, [FromQuery(Name = "panel")] string?[]? panel, IGrainFactory grains)
    {
        // An absent query binds as an empty array: no panel proposed means the current one.
        return (await Balanced(wg, sur, panel is { Length: > 0 } ? panel : null, grains)).Answer(balance => TypedResults.Ok(new BalanceResponse(
            [.. balance.Panel.Select((a, i) => new SelectedApplication(a.Applicant.OrganisationId, a.Applicant.OrganisationName, i + 1))],
            balance.Applications, balance.MinimumApplications, [.. balance.Themes], balance.National, balance.International,
            balance.ScopeNotSaid, balance.Genders, balance.NhriPresent, balance.NhriPlaceReserved, [.. balance.Warnings.Select(w => w.Text)])));
    }

    /// <summary>The balance's rules and grain calls, for the API and the selection page; a null panel means the current one.</summary>
    public static async Task<Decision<PanelBalance>> Balanced(string wg, string sur, IReadOnlyList<string?>? panel, IGrainFactory grains)
    {
        var check = new Validation();
        var key = check.PreSession(wg, sur);
        var proposed = panel is null ? (ImmutableArray<string>?)null : Ids(check, "panel", [.. panel], [], required: true);
        if (!check.IsValid)
            return Decision<PanelBalance>.Malformed(check);

        var preSession = grains.GetGrain<IPreSessionGrain>(key.GrainKey);
        if (await preSession.GetView() is not { } view)
            return Decision<PanelBalance>.Refused(new Refusal(RefusalKind.NotFound, $"There is no pre-session {key}."));
        var applications = await preSession.GetApplications();
        if (proposed is { } ids && PanelBalance.Strangers(applications, ids) is [_, ..] strangers)
            return Decision<PanelBalance>.Refused(new Refusal(RefusalKind.Conflict,
                $"These organisations have no application to the pre-session {key}: {string.Join(", ", strangers)}."));
        return Decision<PanelBalance>.Decided(PanelBalance.Of(applications, view.Plan, proposed));
    }

    public static SelectionResponse Response(ImmutableArray<ApplicationRecord> records)
    {
        SelectedApplication[] With(ApplicationStatus status) =>
            [.. records.Where(r => r.Status == status).Select(r => new SelectedApplication(r.Applicant.OrganisationId, r.Applicant.OrganisationName, r.Position))];
        return new(With(ApplicationStatus.Panel), With(ApplicationStatus.Waitlist), With(ApplicationStatus.Pending), With(ApplicationStatus.Declined));
    }

    /// <summary>A list of organisation ids, each well-formed and named once in the whole selection.</summary>
    private static ImmutableArray<string> Ids(Validation check, string field, string?[]? ids, HashSet<string> named, bool required)
    {
        if (ids is null)
        {
            if (required)
                check.Add(field, "This field is required.");
            return [];
        }
        if (ids.Length > MaxNamed)
        {
            check.Add(field, $"Name at most {MaxNamed} organisations.");
            return [];
        }
        var accepted = ids.Select((id, i) => check.OrganisationId(id ?? "", $"{field}[{i}]")).ToImmutableArray();
        foreach (var (id, i) in accepted.Select((id, i) => (id, i)))
            if (id.Length > 0 && !named.Add(id))
                check.Add($"{field}[{i}]", $"{id} is named twice in this selection.");
        return accepted;
    }
}
