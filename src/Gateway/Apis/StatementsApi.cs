using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PreSessions.Gateway.Auth;
using PreSessions.Gateway.Hosting;

namespace PreSessions.Gateway.Apis;

/// <summary>
/// A panel speaker's written statement (assessment, questions, recommendations): the organisation submits versions, the
/// operator approves one, and the public reads the approved version only when the application consents to publishing it
/// and the organisation is still on the panel. Anyone else asking gets the same 404 as for no statement at all, so an
/// unapproved or unconsented statement is never revealed, not even by its existence.
/// </summary>
public static class StatementsApi
{
    public static IEndpointRouteBuilder MapStatementsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/wg-sessions/{wg}/pre-sessions/{sur}/applications/{organisationId}/statement").WithTags("Statements");
        api.MapPut("/", Submit).RequireAuthorization(Roles.Organisation).RequireRateLimiting(RequestLimits.Commands)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("submitStatement")
            .WithSummary("An organisation on the panel submits its statement: a new version, late after the pre-session's statementsDue")
            .WithDescription("Every version is kept. A body identical to the latest version stores nothing and answers that version.");
        api.MapGet("/", Read).AllowAnonymous()
            .WithName("readStatement")
            .WithSummary("The statement: every version for its organisation and the operator; for anyone else the approved version, only once published")
            .WithDescription("Published means approved by the operator, consented to by the application (publishStatement) and its organisation still on the panel; otherwise anyone else gets 404. Each part comes with its sanitised HTML.");
        api.MapPost("/approval", Approve).RequireAuthorization(Roles.Operator).RequireRateLimiting(RequestLimits.Commands)
            .WithName("approveStatement")
            .WithSummary("The operator approves one version of a statement; a later version needs its own approval, and until then the one approved before stays public");
        return app;
    }

    private static async Task<Results<Ok<StatementReceiptResponse>, ValidationProblem, ProblemHttpResult>> Submit(
        string wg, string sur, string organisationId, [FromBody] StatementRequest body, ClaimsPrincipal caller, IGrainFactory grains) =>
        (await Submitted(wg, sur, organisationId, body, caller, grains))
            .Answer(submitted => TypedResults.Ok(new StatementReceiptResponse(submitted.Version, submitted.Late)));

    /// <summary>A submission's rules (only the organisation itself writes its statement) and its grain call: the API and the statement page.</summary>
    public static async Task<Decision<StatementReceipt>> Submitted(
        string wg, string sur, string organisationId, StatementRequest body, ClaimsPrincipal caller, IGrainFactory grains)
    {
        var check = new Validation();
        var key = check.PreSession(wg, sur);
        var id = check.OrganisationId(organisationId);
        if (!check.IsValid)
            return Decision<StatementReceipt>.Malformed(check);
        if (caller.OrganisationId() != id)
            return Decision<StatementReceipt>.Refused(new Refusal(RefusalKind.Forbidden, "An organisation writes only its own statement."));
        var imported = (await grains.GetGrain<IRecommendationsGrain>(key.GrainKey).GetRecommendations())
            .Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var draft = StatementRules.Draft(check, body, imported);
        if (!check.IsValid)
            return Decision<StatementReceipt>.Malformed(check);

        if (await grains.GetGrain<IOrganisationGrain>(id).GetProfile() is not { } profile)
            return Decision<StatementReceipt>.Refused(new Refusal(RefusalKind.NotFound, $"There is no organisation {id}."));
        var outcome = await grains.GetGrain<IStatementsGrain>(key.GrainKey)
            .Submit(new Applicant(profile.Id, profile.Name, profile.Kind, profile.Country), draft);
        return Decision<StatementReceipt>.From(outcome);
    }

    private static async Task<Results<Ok<StatementResponse>, ValidationProblem, ProblemHttpResult>> Read(
        string wg, string sur, string organisationId, ClaimsPrincipal caller, IGrainFactory grains) =>
        (await Statement(wg, sur, organisationId, caller, grains)).Answer(read => TypedResults.Ok(read));

    /// <summary>
    /// Who reads what of a statement: its organisation and the operator every version; anyone else the published version
    /// or the one 404 that also answers "no statement". The API and the pages.
    /// </summary>
    public static async Task<Decision<StatementResponse>> Statement(
        string wg, string sur, string organisationId, ClaimsPrincipal caller, IGrainFactory grains)
    {
        var check = new Validation();
        var key = check.PreSession(wg, sur);
        var id = check.OrganisationId(organisationId);
        if (!check.IsValid)
            return Decision<StatementResponse>.Malformed(check);
        var notFound = Decision<StatementResponse>.Refused(new Refusal(RefusalKind.NotFound,
            $"There is no published statement of {id} to the pre-session {key}."));
        var statements = grains.GetGrain<IStatementsGrain>(key.GrainKey);
        if (caller.MayActFor(id))
            return await statements.Get(id) is { } statement ? Decision<StatementResponse>.Decided(StatementResponse.Of(statement)) : notFound;
        // The public read goes through the grain's one gated read; the approval time comes from the same gate's answer.
        var published = await statements.GetPublished();
        if (published.Statements.FirstOrDefault(s => s.Author.OrganisationId == id) is not { } mine)
            return notFound;
        var approvedAt = (await statements.Get(id))?.ApprovedAt;
        return Decision<StatementResponse>.Decided(StatementResponse.Of(mine, approvedAt));
    }

    private static async Task<Results<Ok<StatementVersionResponse>, ValidationProblem, ProblemHttpResult>> Approve(
        string wg, string sur, string organisationId, [FromBody] StatementApprovalRequest body, IGrainFactory grains) =>
        (await Approved(wg, sur, organisationId, body.Version, grains))
            .Answer(approved => TypedResults.Ok(StatementVersionResponse.Of(approved)));

    /// <summary>An approval's rules and its grain call (the caller is the operator: the endpoint and the operator's pages require it).</summary>
    public static async Task<Decision<StatementVersion>> Approved(string wg, string sur, string organisationId, int? version, IGrainFactory grains)
    {
        var check = new Validation();
        var key = check.PreSession(wg, sur);
        var id = check.OrganisationId(organisationId);
        var number = check.Number("version", version, 1, int.MaxValue);
        if (!check.IsValid)
            return Decision<StatementVersion>.Malformed(check);
        var outcome = await grains.GetGrain<IStatementsGrain>(key.GrainKey).Approve(id, number);
        return Decision<StatementVersion>.From(outcome);
    }
}
