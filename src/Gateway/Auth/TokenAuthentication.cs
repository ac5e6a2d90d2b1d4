using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace PreSessions.Gateway.Auth;

/// <summary>
/// Reads "Authorization: Bearer &lt;token&gt;": the operator token, an organisation token whose hash the
/// organisation's grain checks, or a console token whose hash its room's grain checks. No token means an anonymous caller, who may still read public data.
/// </summary>
public sealed class TokenAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    OperatorToken operatorToken,
    IServiceProvider services,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = BearerCredential.Scheme;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
            return AuthenticateResult.NoResult();
        if (BearerCredential.Token(header) is not { } token)
            return AuthenticateResult.Fail("The Authorization header must be \"Bearer <token>\".");

        if (operatorToken.Matches(token))
            return Authenticated(new Claim(ClaimTypes.Role, Roles.Operator));

        if (Tokens.TryReadOrganisationToken(token, out var organisationId) &&
            // Asked for only now: in a cluster, reaching the grains fails (503) while no silo answers, and requests
            // without an organisation token (health, public reads) must not depend on it.
            await services.GetRequiredService<IGrainFactory>().GetGrain<IOrganisationGrain>(organisationId)
                .Authenticate(Tokens.Hash(token)) is { } profile)
        {
            return Authenticated(
                new Claim(ClaimTypes.Role, Roles.Organisation),
                new Claim(Roles.OrganisationIdClaim, profile.Id),
                new Claim(Roles.OrganisationKindClaim, profile.Kind.ToString().ToLowerInvariant()));
        }
        if (Tokens.TryReadConsoleToken(token, out var room) &&
            await services.GetRequiredService<IGrainFactory>().GetGrain<IRoomGrain>(room).Authenticate(Tokens.Hash(token)))
        {
            return Authenticated(new Claim(ClaimTypes.Role, Roles.Console), new Claim(Roles.RoomClaim, room));
        }
        return AuthenticateResult.Fail("The bearer token is not valid.");
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure?.Message;
        await Problem("Unauthorized", failure ?? "This needs a bearer token: Authorization: Bearer <token>.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return Problem("Forbidden", "This token's role may not do this.");
    }

    private AuthenticateResult Authenticated(params Claim[] claims) =>
        AuthenticateResult.Success(new AuthenticationTicket(
            new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName, ClaimTypes.Name, ClaimTypes.Role)), SchemeName));

    private Task Problem(string title, string detail) => problems.WriteAsync(new ProblemDetailsContext
    {
        HttpContext = Context,
        ProblemDetails = { Status = Response.StatusCode, Title = title, Detail = detail },
    }).AsTask();
}
