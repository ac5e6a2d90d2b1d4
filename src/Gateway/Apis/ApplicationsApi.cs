using System.Collections.Immutable;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PreSessions.Gateway.Auth;
using PreSessions.Gateway.Hosting;

namespace PreSessions.Gateway.Apis;

/// <summary><c>publishSpeakerName</c>: the organisation's consent to show the speaker's name publicly (default: no).</summary>
public sealed record ApplicationRequest(string? SpeakerName, string?[]? Themes, bool? PublishSpeakerName);

public sealed record ApplicationResponse(string Status, int Position);

/// <summary>CSOs and NHRIs apply to speak at a pre-session and withdraw; the operator may withdraw for them.</summary>
public static class ApplicationsApi
{
    public const int MaxThemes = 10;

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
        ClaimsPrincipal caller, IGrainFactory grains)
    {
        var check = new Validation();
        var key = check.PreSession(wg, sur);
        var speaker = check.Name("speakerName", body.SpeakerName, 200);
        var themes = Themes(check, body.Themes);
        var replayKey = check.IdempotencyKey(idempotencyKey);
        if (!check.IsValid)
            return check.Problem();

        var organisationId = caller.OrganisationId()!;
        DomainSpan.PreSession(key);
        DomainSpan.Organisation(organisationId);
        var outcome = await grains.GetGrain<IOrganisationGrain>(organisationId)
            .Apply(key, new SpeakerApplication(speaker, themes, body.PublishSpeakerName ?? false), replayKey);
        if (outcome.Refusal is { } refusal)
            return Refused(refusal);
        var answer = outcome.Value!;
        DomainSpan.Decided(answer.Status.Name());
        return TypedResults.Created((string?)null, new ApplicationResponse(answer.Status.Name(), answer.Position));
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> Withdraw(
        string wg, string sur, string organisationId,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        ClaimsPrincipal caller, IGrainFactory grains)
    {
        var check = new Validation();
        var key = check.PreSession(wg, sur);
        var id = check.OrganisationId(organisationId);
        var replayKey = check.IdempotencyKey(idempotencyKey);
        if (!check.IsValid)
            return check.Problem();
        if (!caller.MayActFor(id))
            return Problems.Forbidden("An organisation may withdraw only its own application.");

        DomainSpan.PreSession(key);
        DomainSpan.Organisation(id);
        var outcome = await grains.GetGrain<IOrganisationGrain>(id).Withdraw(key, replayKey);
        if (outcome.Refusal is { } refusal)
            return Refused(refusal);
        DomainSpan.Decided(OutcomeNames.Withdrawn);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult Refused(Refusal refusal)
    {
        DomainSpan.Decided(refusal.Kind.Name());
        return Problems.Refused(refusal);
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
}
