using System.Security.Claims;

namespace PreSessions.Gateway.Auth;

/// <summary>Who may call what. The roles a bearer token can carry, and the policies endpoints require.</summary>
public static class Roles
{
    public const string Operator = "operator";
    public const string Organisation = "organisation";

    /// <summary>Any caller with a valid token; the endpoint then checks whose resource it is.</summary>
    public const string Any = "any";

    public const string OrganisationIdClaim = "organisation_id";
    public const string OrganisationKindClaim = "organisation_kind";

    public static bool IsOperator(this ClaimsPrincipal caller) => caller.IsInRole(Operator);

    public static string? OrganisationId(this ClaimsPrincipal caller) => caller.FindFirstValue(OrganisationIdClaim);

    /// <summary>The operator acts for everyone; an organisation only for itself.</summary>
    public static bool MayActFor(this ClaimsPrincipal caller, string organisationId) =>
        caller.IsOperator() || caller.OrganisationId() == organisationId;
}
