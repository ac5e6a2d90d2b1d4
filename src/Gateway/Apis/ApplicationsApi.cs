using System.Collections.Immutable;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PreSessions.Gateway.Auth;
using PreSessions.Gateway.Hosting;

namespace PreSessions.Gateway.Apis;

/// <summary>
/// What UPR Info's forms ask; all optional but the speaker. <c>publishSpeakerName</c>: the organisation's consent to
/// show the speaker's name publicly (default: no); <c>publishStatement</c>: to publish its statement once approved.
/// <c>speakerGender</c>: woman, man, other or undisclosed; <c>scope</c>: national or international;
/// <c>submissionUrl</c>: the organisation's UPR submission, an absolute http(s) URL; <c>recommendationIds</c>: the
/// previous cycle's recommendations its statement addresses.
/// </summary>
public sealed record ApplicationRequest(
    string? SpeakerName, string?[]? Themes, bool? PublishSpeakerName,
    string? SpeakerGender = null, bool? EcosocStatus = null, string? Scope = null, string? SubmissionUrl = null,
    string?[]? RecommendationIds = null, bool? PublishStatement = null);

public sealed record ApplicationResponse(string Status, int Position);

/// <summary>CSOs and NHRIs apply to speak at a pre-session and withdraw; the operator may withdraw for them.</summary>
public static class ApplicationsApi
{
    public const int MaxThemes = 10;

    public const int MaxRecommendationIds = 50;

    public static IEndpointRouteBuilder MapApplicationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/wg-sessions/{wg}/pre-sessions/{sur}/applications").WithTags("Applications to speak");
        api.MapPost("/", Apply).RequireAuthorization(Roles.Organisation).RequireRateLimiting(RequestLimits.Commands)
            .WithName("applyToSpeak").WithSummary("A CSO or NHRI applies to speak: a panel seat, or a place on the waitlist").ProducesProblem(StatusCodes.Status409Conflict);
        api.MapDelete("/{organisationId}", Withdraw).RequireAuthorization(Roles.Any).RequireRateLimiting(RequestLimits.Commands)
            .WithName("withdrawApplication").WithSummary("An organisation (or the operator) withdraws an application; the waitlist moves up");
        return app;
    }

    private static async Task<Results<Created<ApplicationResponse>, ValidationProblem, ProblemHttpResult>> Apply(
        string wg, string sur, [FromBody] ApplicationRequest body,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        ClaimsPrincipal caller, IGrainFactory grains) =>
        (await Applied(wg, sur, body, idempotencyKey, caller, grains))
            .Answer(applied => TypedResults.Created((string?)null, new ApplicationResponse(applied.Status.Name(), applied.Position)));

    /// <summary>An application's rules and its grain call, for the caller's own organisation: the API and the account page.</summary>
    public static async Task<Decision<ApplicationAnswer>> Applied(
        string wg, string sur, ApplicationRequest body, string? idempotencyKey, ClaimsPrincipal caller, IGrainFactory grains)
    {
        var check = new Validation();
        var key = check.PreSession(wg, sur);
        var speaker = check.Name("speakerName", body.SpeakerName, 200);
        var themes = Themes(check, body.Themes);
        var gender = check.OptionalChoice("speakerGender", body.SpeakerGender, Names.Genders);
        var scope = check.OptionalChoice("scope", body.Scope, Names.Scopes);
        var submission = check.OptionalHttpUrl("submissionUrl", body.SubmissionUrl);
        var recommendations = RecommendationIds(check, body.RecommendationIds);
        var replayKey = check.IdempotencyKey(idempotencyKey);
        if (!check.IsValid)
            return Decision<ApplicationAnswer>.Malformed(check);

        var organisationId = caller.OrganisationId()!;
        var outcome = await grains.GetGrain<IOrganisationGrain>(organisationId)
            .Apply(key, new SpeakerApplication(speaker, themes, body.PublishSpeakerName ?? false)
            {
                SpeakerGender = gender,
                EcosocStatus = body.EcosocStatus,
                Scope = scope,
                SubmissionUrl = submission,
                RecommendationIds = recommendations,
                PublishStatement = body.PublishStatement ?? false,
            }, replayKey);
        return Decision<ApplicationAnswer>.From(outcome);
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> Withdraw(
        string wg, string sur, string organisationId,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        ClaimsPrincipal caller, IGrainFactory grains) =>
        (await Withdrawn(wg, sur, organisationId, idempotencyKey, caller, grains)).Answer(_ => TypedResults.NoContent());

    /// <summary>A withdrawal's rules (whose application it is included) and its grain call: the API and the account page.</summary>
    public static async Task<Decision<bool>> Withdrawn(
        string wg, string sur, string organisationId, string? idempotencyKey, ClaimsPrincipal caller, IGrainFactory grains)
    {
        var check = new Validation();
        var key = check.PreSession(wg, sur);
        var id = check.OrganisationId(organisationId);
        var replayKey = check.IdempotencyKey(idempotencyKey);
        if (!check.IsValid)
            return Decision<bool>.Malformed(check);
        if (!caller.MayActFor(id))
            return Decision<bool>.Refused(new Refusal(RefusalKind.Forbidden, "An organisation may withdraw only its own application."));

        var outcome = await grains.GetGrain<IOrganisationGrain>(id).Withdraw(key, replayKey);
        return Decision<bool>.From(outcome);
    }

    /// <summary>Themes are optional: up to ten, each a line of text, kept in the order given.</summary>
    private static ImmutableArray<string> Themes(Validation check, string?[]? themes)
    {
        if (themes is null)
            return [];
        if (themes.Length > MaxThemes)
            check.Add("themes", $"Give at most {MaxThemes} themes.");
        return [.. themes.Take(MaxThemes).Select((t, i) => check.Text($"themes[{i}]", t, 100))];
    }

    /// <summary>Recommendation ids are optional: up to fifty, each in <see cref="Validation.RecommendationId"/>'s form, no id twice.</summary>
    private static ImmutableArray<string> RecommendationIds(Validation check, string?[]? ids)
    {
        if (ids is null)
            return [];
        if (ids.Length > MaxRecommendationIds)
            check.Add("recommendationIds", $"Give at most {MaxRecommendationIds} recommendation ids.");
        var accepted = ids.Take(MaxRecommendationIds).Select((id, i) => check.RecommendationId($"recommendationIds[{i}]", id)).ToArray();
        if (accepted.Distinct(StringComparer.Ordinal).Count() < accepted.Length)
            check.Add("recommendationIds", "Name each recommendation once.");
        return [.. accepted];
    }
}
