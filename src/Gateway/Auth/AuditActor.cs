using System.Security.Claims;

namespace PreSessions.Gateway.Auth;

/// <summary>
/// Tells the grains who the authenticated caller is (a role and an id, never a name or a token), so each grain can write
/// the audit entry of its change in the same write as the change. It travels with every grain call of the request.
/// </summary>
public static class AuditActor
{
    public static WebApplication UseAuditActor(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            Audit.Act(Of(context.User));
            return next(context);
        });
        return app;
    }

    public static string Of(ClaimsPrincipal caller) =>
        caller.IsOperator() ? Audit.Operator
        : caller.ConsoleRoom() is { } room ? Audit.Console(room)
        : caller.OrganisationId() is { } id ? Audit.Organisation(id)
        : Audit.Anonymous;
}
