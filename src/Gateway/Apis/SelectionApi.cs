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
        return app;
    }

    private static async Task<Results<Ok<SelectionResponse>, ValidationProblem, ProblemHttpResult>> Select(
        string wg, string sur, [FromBody] SelectionRequest body, IGrainFactory grains)
    {
        var check = new Validation();
        var key = check.PreSession(wg, sur);
        var named = new HashSet<string>();
        var decision = new SelectionDecision(
            Ids(check, "panel", body.Panel, named, required: true),
            Ids(check, "waitlist", body.Waitlist, named, required: false),
            Ids(check, "declined", body.Declined, named, required: false));
        if (!check.IsValid)
            return check.Problem();

        DomainSpan.PreSession(key);
        var outcome = await grains.GetGrain<IPreSessionGrain>(key.GrainKey).Select(decision);
        if (outcome.Refusal is { } refusal)
            return Problems.Refused(refusal);
        return TypedResults.Ok(Response(outcome.Value));
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
