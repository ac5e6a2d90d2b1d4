using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PreSessions.Gateway.Auth;
using PreSessions.Gateway.Hosting;

namespace PreSessions.Gateway.Apis;

public sealed record RegisterOrganisationRequest(string? Name, string? Kind, string? Country, string? Email);

public sealed record OrganisationToken(string Id, string Token);

public sealed record OrganisationRegistered(string Id, string Name, string Kind, string? Country, string Token);

public sealed record OrganisationResponse(
    string Id, string Name, string Kind, string? Country, ApplicationItem[] Applications, RsvpItem[] Rsvps);

/// <summary>An organisation in the operator's list, with what its name has in common with others' (<c>flags</c>).</summary>
public sealed record OrganisationListItem(string Id, string Name, string Kind, string? Country, string[] Flags);

/// <summary>A page of the list; <c>next</c> is the cursor of the next page, null on the last one.</summary>
public sealed record OrganisationList(OrganisationListItem[] Items, string? Next);

public sealed record ApplicationItem(int Wg, string Sur, string Status, int Position);

public sealed record RsvpItem(int Wg, string Sur, string Status, int Delegates);

/// <summary>Organisations register (their token is shown once, here) and read their own applications and RSVPs.</summary>
public static class OrganisationsApi
{
    public static IEndpointRouteBuilder MapOrganisationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/organisations").WithTags("Organisations");
        api.MapPost("/", Register).AllowAnonymous().RequireRateLimiting(RequestLimits.Registration)
            .WithName("registerOrganisation").WithSummary("A CSO, NHRI or Permanent Mission registers; its token is shown this once")
            .WithDescription("With an Idempotency-Key, the same request again answers the same organisation and token, but only " +
                "within 24 hours of the registration and until the token is first used; after that it is 409 without the token, " +
                "and the operator reissues a lost token (POST /api/organisations/{organisationId}/token).")
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/", List).RequireAuthorization(Roles.Operator)
            .WithName("listOrganisations")
            .WithSummary("The operator's list of organisations, by name, with the names that read alike flagged")
            .WithDescription("Paged with an opaque cursor (next is null on the last page); search is case-insensitive over the name. " +
                "Flags: duplicateName (the same name but for case and white space), lookAlikeName (the same skeleton once look-alike " +
                "letters, accents and punctuation are folded), mixedScripts (a word mixing Latin, Greek, Cyrillic, ...).")
            .Produces<OrganisationList>(StatusCodes.Status200OK, "application/json");
        api.MapGet("/{organisationId}", Get).RequireAuthorization(Roles.Any)
            .WithName("getOrganisation").WithSummary("An organisation's profile, applications and RSVPs (its own, or any for the operator)");
        api.MapPost("/{organisationId}/token", ReissueToken).RequireAuthorization(Roles.Operator)
            .WithName("reissueOrganisationToken").WithSummary("The operator replaces an organisation's token; the old one is refused from now on");
        api.MapDelete("/{organisationId}/token", RevokeToken).RequireAuthorization(Roles.Operator)
            .WithName("revokeOrganisationToken").WithSummary("The operator revokes an organisation's token");
        return app;
    }

    private static async Task<Results<Created<OrganisationRegistered>, ValidationProblem, ProblemHttpResult>> Register(
        [FromBody] RegisterOrganisationRequest body,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        IGrainFactory grains,
        OperatorToken operatorToken) =>
        (await RegisterOrganisation(body, idempotencyKey, grains, operatorToken))
            .Answer(registered => TypedResults.Created($"/api/organisations/{registered.Id}", registered));

    /// <summary>A registration's rules and its grain call: POST /api/organisations and the registration page.</summary>
    public static async Task<Decision<OrganisationRegistered>> RegisterOrganisation(
        RegisterOrganisationRequest body, string? idempotencyKey, IGrainFactory grains, OperatorToken operatorToken)
    {
        var check = new Validation();
        var name = check.Name("name", body.Name, 200);
        var kind = OrganisationKind.Cso;
        if (body.Kind is null || !Names.Kinds.TryGetValue(body.Kind, out kind))
            check.Add("kind", "The kind is one of cso, nhri, mission.");
        var country = body.Country is null ? null : check.Sur(body.Country, "country");
        if (country is { Length: > 0 } && !UnMemberStates.IsMember(country))
            check.Add("country", $"{country} is not the code of a UN member State.");
        var email = check.OptionalText("email", body.Email, 254);
        if (email is not null && !System.Net.Mail.MailAddress.TryCreate(email, out _))
            check.Add("email", "This is not an email address.");
        var key = check.IdempotencyKey(idempotencyKey);
        if (!check.IsValid)
            return Decision<OrganisationRegistered>.Malformed(check);

        var (id, token) = key is null ? Tokens.NewOrganisation() : Tokens.ForIdempotentRegistration(key, operatorToken.Value);

        var outcome = await grains.GetGrain<IOrganisationGrain>(id)
            .Register(new Registration(name, kind, country, email, Tokens.Hash(token)));
        return Decision<OrganisationRegistered>.From(outcome,
            profile => new OrganisationRegistered(profile.Id, profile.Name, profile.Kind.Name(), profile.Country, token));
    }

    private static async Task<Results<Ok<OrganisationList>, ValidationProblem, ProblemHttpResult>> List(
        string? search, string? cursor, string? limit, IGrainFactory grains)
    {
        var listed = await Listed(search, cursor, limit, grains);
        return listed.Invalid is { } check ? check.Problem() : TypedResults.Ok(listed.Value!);
    }

    /// <summary>A page of the operator's list: its rules and the directory's call, for the API and the operator's page.</summary>
    public static async Task<Decision<OrganisationList>> Listed(string? search, string? cursor, string? limit, IGrainFactory grains)
    {
        var check = new Validation();
        // The contract's own example sends them empty: an empty search or cursor is no search, no cursor.
        var text = string.IsNullOrEmpty(search) ? null : check.OptionalText("search", search, 200)?.Normalize(System.Text.NormalizationForm.FormC);
        var after = string.IsNullOrEmpty(cursor) ? null : Cursor.Read(check, cursor);
        var size = string.IsNullOrEmpty(limit) ? DefaultPageSize
            : check.Number("limit", int.TryParse(limit, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : -1, 1, MaxPageSize);
        if (!check.IsValid)
            return Decision<OrganisationList>.Malformed(check);

        var outcome = await grains.GetGrain<IOrganisationDirectoryGrain>(IOrganisationDirectoryGrain.Key).Find(text, after, size);
        if (outcome.Refusal is { } refusal)
        {
            check.Add("cursor", refusal.Detail);
            return Decision<OrganisationList>.Malformed(check);
        }
        var page = outcome.Value!;
        return Decision<OrganisationList>.Decided(new OrganisationList(
            [.. page.Items.Select(o => new OrganisationListItem(o.Profile.Id, o.Profile.Name, o.Profile.Kind.Name(), o.Profile.Country,
                [.. o.Flags.Select(f => f.Name())]))],
            page.NextAfter is { } next ? Cursor.Write(next) : null));
    }

    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    /// <summary>A new token for an organisation that lost its own or had it stolen: the old one is refused at once.</summary>
    private static async Task<Results<Ok<OrganisationToken>, ValidationProblem, ProblemHttpResult>> ReissueToken(
        string organisationId, IGrainFactory grains) =>
        (await Reissued(organisationId, grains)).Answer(reissued => TypedResults.Ok(reissued));

    /// <summary>A reissue's rules and grain call, for the API and the operator's page: the new token, shown once.</summary>
    public static async Task<Decision<OrganisationToken>> Reissued(string organisationId, IGrainFactory grains)
    {
        var check = new Validation();
        var id = check.OrganisationId(organisationId);
        if (!check.IsValid)
            return Decision<OrganisationToken>.Malformed(check);
        var token = Tokens.NewOrganisationToken(id);
        return await grains.GetGrain<IOrganisationGrain>(id).ReissueToken(Tokens.Hash(token))
            ? Decision<OrganisationToken>.Decided(new OrganisationToken(id, token))
            : Decision<OrganisationToken>.Refused(NoOrganisation(id));
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> RevokeToken(
        string organisationId, IGrainFactory grains) =>
        (await Revoked(organisationId, grains)).Answer(_ => TypedResults.NoContent());

    /// <summary>A revocation's rules and grain call, for the API and the operator's page.</summary>
    public static async Task<Decision<bool>> Revoked(string organisationId, IGrainFactory grains)
    {
        var check = new Validation();
        var id = check.OrganisationId(organisationId);
        if (!check.IsValid)
            return Decision<bool>.Malformed(check);
        return await grains.GetGrain<IOrganisationGrain>(id).RevokeToken()
            ? Decision<bool>.Decided(true)
            : Decision<bool>.Refused(NoOrganisation(id));
    }

    private static Refusal NoOrganisation(string id) => new(RefusalKind.NotFound, $"There is no organisation {id}.");

    private static async Task<Results<Ok<OrganisationResponse>, ValidationProblem, ProblemHttpResult>> Get(
        string organisationId, ClaimsPrincipal caller, IGrainFactory grains)
    {
        var check = new Validation();
        var id = check.OrganisationId(organisationId);
        if (!check.IsValid)
            return check.Problem();
        if (!caller.MayActFor(id))
            return Problems.Forbidden("An organisation may read only its own profile.");

        if (await grains.GetGrain<IOrganisationGrain>(id).GetView() is not { } view)
            return Problems.NotFound($"There is no organisation {id}.");
        var p = view.Profile;
        return TypedResults.Ok(new OrganisationResponse(p.Id, p.Name, p.Kind.Name(), p.Country,
            [.. view.Applications.Select(a => new ApplicationItem(a.Wg, a.Sur, a.Status.Name(), a.Position))],
            [.. view.Rsvps.Select(r => new RsvpItem(r.Wg, r.Sur, r.Status.Name(), r.Delegates))]));
    }
}
