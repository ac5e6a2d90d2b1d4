using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;

namespace PreSessions.Gateway.Hosting;

/// <summary>
/// Adds to each operation the answers that follow from its endpoint's metadata, each a problem (RFC 9457):
/// a bearer token required (the security requirement, 401, 403), a rate limit (429 with Retry-After), the cluster
/// called, directly or to check a token (503 with Retry-After), route values (400 naming the field, 404 for an unknown
/// key), query or header values (400), a body (400, 413, 415). An answer the endpoint declares itself is kept.
/// </summary>
public sealed class OperationAnswers : IOpenApiOperationTransformer
{
    public const string BearerScheme = "bearer";

    private const string ProblemJson = "application/problem+json";

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var parameters = context.Description.ParameterDescriptions;
        var bearer = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
        var handler = metadata.OfType<MethodInfo>().FirstOrDefault();
        var callsCluster = bearer || handler?.GetParameters().Any(p => p.ParameterType == typeof(IGrainFactory)) == true;
        var inPath = parameters.Any(p => p.Source == BindingSource.Path);
        var body = parameters.Any(p => p.Source == BindingSource.Body);
        var validated = inPath || body || parameters.Any(p => p.Source == BindingSource.Query || p.Source == BindingSource.Header);

        operation.Security = bearer
            ? [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] }]
            : [];
        operation.Responses ??= [];
        if (validated)
            await Problem(operation, context, StatusCodes.Status400BadRequest,
                "A route value, query value, header or body field is malformed: `errors` names each one.", typeof(HttpValidationProblemDetails), cancellationToken);
        if (bearer)
        {
            await Problem(operation, context, StatusCodes.Status401Unauthorized,
                "No token, or a malformed, unknown or revoked one.", cancellationToken: cancellationToken);
            await Problem(operation, context, StatusCodes.Status403Forbidden,
                "The token's role may not do this, or the resource is another organisation's or another room's.", cancellationToken: cancellationToken);
        }
        if (inPath)
            await Problem(operation, context, StatusCodes.Status404NotFound, "Nothing is known by that key.", cancellationToken: cancellationToken);
        if (body)
        {
            await Problem(operation, context, StatusCodes.Status413PayloadTooLarge,
                "The body is larger than the gateway accepts (PreSessions:Limits:MaxRequestBodyBytes).", cancellationToken: cancellationToken);
            await Problem(operation, context, StatusCodes.Status415UnsupportedMediaType,
                "The body is not application/json in UTF-8.", cancellationToken: cancellationToken);
        }
        if (metadata.OfType<EnableRateLimitingAttribute>().Any())
            await Problem(operation, context, StatusCodes.Status429TooManyRequests,
                "Over the rate limit (README \"Limits\"): retry after the seconds in Retry-After.", cancellationToken: cancellationToken);
        if (callsCluster)
            await Problem(operation, context, StatusCodes.Status503ServiceUnavailable,
                "The cluster or its storage did not answer: retry after the seconds in Retry-After (with the same Idempotency-Key, if any).",
                cancellationToken: cancellationToken);
        foreach (var status in new[] { StatusCodes.Status429TooManyRequests, StatusCodes.Status503ServiceUnavailable })
            if (operation.Responses.TryGetValue(status.ToString(), out var response) && response is OpenApiResponse retry)
                RetryAfter(retry);
    }

    /// <summary>The answer for this status as a problem, unless the endpoint declared its own.</summary>
    private static async Task Problem(
        OpenApiOperation operation, OpenApiOperationTransformerContext context, int status, string description,
        Type? type = null, CancellationToken cancellationToken = default)
    {
        var key = status.ToString();
        if (operation.Responses!.TryGetValue(key, out var declared))
        {
            if (declared is OpenApiResponse own && string.IsNullOrEmpty(own.Description))
                own.Description = description;
            return;
        }
        operation.Responses[key] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                [ProblemJson] = new() { Schema = await Component(context, type ?? typeof(ProblemDetails), cancellationToken) },
            },
        };
    }

    /// <summary>A reference to the type's schema among the document's components, named as the generator names it.</summary>
    private static async Task<IOpenApiSchema> Component(OpenApiOperationTransformerContext context, Type type, CancellationToken cancellationToken)
    {
        var document = context.Document!;
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        if (!document.Components.Schemas.ContainsKey(type.Name))
            document.AddComponent(type.Name, await context.GetOrCreateSchemaAsync(type, cancellationToken: cancellationToken));
        return new OpenApiSchemaReference(type.Name, document);
    }

    private static void RetryAfter(OpenApiResponse response)
    {
        response.Headers ??= new Dictionary<string, IOpenApiHeader>();
        response.Headers.TryAdd("Retry-After", new OpenApiHeader
        {
            Description = "Seconds to wait before retrying.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
        });
    }
}
