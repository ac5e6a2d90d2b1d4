using System.Security.Claims;

namespace PreSessions.Gateway.Auth;

/// <summary>Who may call what. The roles a bearer token can carry, and the policies endpoints require.</summary>
public static class Roles
{
    public const string Operator = "operator";
    public const string Organisation = "organisation";

    /// <summary>A room's console: drives the timers of the pre-sessions in that room, nothing else.</summary>
    public const string Console = "console";

    /// <summary>The operator or a console: who may drive a timer (a console only in its own room).</summary>
    public const string Timekeeper = "timekeeper";

    /// <summary>Any caller with a valid token; the endpoint then checks whose resource it is.</summary>
    public const string Any = "any";

    public const string OrganisationIdClaim = "organisation_id";
    public const string OrganisationKindClaim = "organisation_kind";
    public const string RoomClaim = "room";

    public static bool IsOperator(this ClaimsPrincipal caller) => caller.IsInRole(Operator);

    public static string? OrganisationId(this ClaimsPrincipal caller) => caller.FindFirstValue(OrganisationIdClaim);

    /// <summary>The room of a console token; null for the operator, who may drive every room's timers.</summary>
    public static string? ConsoleRoom(this ClaimsPrincipal caller) => caller.IsOperator() ? null : caller.FindFirstValue(RoomClaim);

    /// <summary>The operator acts for everyone; an organisation only for itself.</summary>
    public static bool MayActFor(this ClaimsPrincipal caller, string organisationId) =>
        caller.IsOperator() || caller.OrganisationId() == organisationId;
}
