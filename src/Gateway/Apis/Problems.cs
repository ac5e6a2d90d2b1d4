using Microsoft.AspNetCore.Http.HttpResults;

namespace PreSessions.Gateway.Apis;

/// <summary>The contract's problems for the domain's refusals.</summary>
public static class Problems
{
    public static ProblemHttpResult Refused(Refusal refusal) => refusal.Kind switch
    {
        RefusalKind.NotFound => NotFound(refusal.Detail),
        RefusalKind.Forbidden => TypedResults.Problem(refusal.Detail, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden"),
        RefusalKind.Invalid => TypedResults.Problem(refusal.Detail, statusCode: StatusCodes.Status400BadRequest, title: "Bad Request"),
        _ => TypedResults.Problem(refusal.Detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict"),
    };

    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not Found");

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");
}
