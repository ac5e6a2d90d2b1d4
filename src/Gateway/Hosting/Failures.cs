using System.Data.Common;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace PreSessions.Gateway.Hosting;

/// <summary>
/// Turns the exceptions a request can meet into the contract's problems: a body that cannot be read is the
/// client's 4xx (naming the field where the JSON says which), a cluster or storage fault is 503 with Retry-After
/// (a retry with the same Idempotency-Key is safe). Anything else stays a 500: a bug to see, not to hide.
/// </summary>
public sealed class Failures(IProblemDetailsService problems, ILogger<Failures> log) : IExceptionHandler
{
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            BadHttpRequestException { InnerException: JsonException json } => Unreadable(json),
            // A body that is not there, or JSON null where an object is expected.
            BadHttpRequestException { StatusCode: StatusCodes.Status400BadRequest } bad => new HttpValidationProblemDetails(
                new Dictionary<string, string[]> { ["body"] = ["Send a JSON object."] })
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "One or more validation errors occurred.",
                Detail = bad.Message,
            },
            BadHttpRequestException bad => new ProblemDetails
            {
                Status = bad.StatusCode,
                Title = Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(bad.StatusCode),
                Detail = bad.StatusCode == StatusCodes.Status413PayloadTooLarge
                    ? "The body is larger than this gateway accepts (PreSessions:Limits:MaxRequestBodyBytes)."
                    : bad.Message,
            },
            _ when IsUnavailable(exception) => new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Service Unavailable",
                Detail = "The cluster or its storage did not answer. Retry later; a retry with the same Idempotency-Key is safe.",
            },
            _ => null,
        };
        if (problem is null)
            return false;

        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            log.LogWarning(exception, "Answered 503 for {Method} {Path}", context.Request.Method, context.Request.Path);
            context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString();
        }
        context.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    public static bool IsUnavailable(Exception exception) => exception switch
    {
        StorageUnavailableException or ClusterUnavailableException or TimeoutException or DbException or OrleansException => true,
        // A database driver's exception that crossed from a silo without its type (the gateway could not rebuild it).
        Orleans.Serialization.UnavailableExceptionFallbackException { ExceptionType: { } type } =>
            type.StartsWith("Npgsql.", StringComparison.Ordinal) ||
            type.StartsWith("Microsoft.Data.Sqlite.", StringComparison.Ordinal),
        AggregateException aggregate => aggregate.InnerExceptions.All(IsUnavailable),
        _ => exception.InnerException is { } inner && IsUnavailable(inner),
    };

    private static HttpValidationProblemDetails Unreadable(JsonException json)
    {
        var field = json.Path is { Length: > 2 } path && path.StartsWith("$.") ? path[2..] : "body";
        return new HttpValidationProblemDetails(new Dictionary<string, string[]>
        {
            [field] = [json.Path is null ? "The body is not valid JSON." : $"The value at {json.Path} is not valid here."],
        })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "One or more validation errors occurred.",
            Detail = "The request body could not be read.",
        };
    }
}
