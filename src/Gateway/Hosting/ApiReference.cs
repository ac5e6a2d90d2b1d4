using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace PreSessions.Gateway.Hosting;

/// <summary>
/// The API's reference: the OpenAPI document at <c>/openapi/v1.json</c> and an interactive page at
/// <see cref="Path"/>. The document describes the API (<c>/api/...</c>) and the health checks only, never the pages.
/// What every operation can answer because of what it is (bearer-token, rate-limited, calling the cluster, taking
/// route values or a body) is derived here from the endpoints' metadata, so a new endpoint is described without
/// copying it; what only one endpoint knows (201, 409, another media type, its summary and id) stays beside its route.
/// </summary>
public static class ApiReference
{
    public const string Path = "/api/reference";
    public const string Document = "/openapi/v1.json";

    public static WebApplicationBuilder AddApiReference(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(options =>
        {
            options.ShouldInclude = description =>
                description.RelativePath is { } path && (path.StartsWith("api/", StringComparison.Ordinal) || path.StartsWith("health/", StringComparison.Ordinal));
            options.AddDocumentTransformer(DescribeDocument);
            options.AddOperationTransformer(new OperationAnswers());
        });
        return builder;
    }

    public static WebApplication MapApiReference(this WebApplication app)
    {
        app.MapOpenApi(Document);
        app.MapReferencePage();
        return app;
    }

    /// <summary>What the API is, how to authenticate, what each tag groups; server addresses without a trailing slash.</summary>
    private static Task DescribeDocument(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "PreSessions API";
        document.Info.Version = "v1";
        document.Info.Description =
            "Registrations, applications to speak, RSVPs, the week's schedule and the live timer of UPR Info's UPR Pre-sessions. " +
            "Errors are application/problem+json (RFC 9457); a 400 names each malformed field in `errors`. " +
            "Every response carries the `traceparent` of its trace.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[OperationAnswers.BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "The operator token, an organisation's token (`pso_...`, shown once at registration) or a room console's token (`psc_...`).",
        };
        foreach (var tag in document.Tags ?? Enumerable.Empty<OpenApiTag>())
            tag.Description ??= TagDescriptions.GetValueOrDefault(tag.Name ?? "");
        foreach (var server in document.Servers ?? [])
            server.Url = server.Url?.TrimEnd('/');
        return Task.CompletedTask;
    }

    private static readonly Dictionary<string, string> TagDescriptions = new()
    {
        ["Organisations"] = "CSOs, NHRIs and Permanent Missions: registration, profile, tokens.",
        ["WG sessions and pre-sessions"] = "The UPR Working Group sessions, each one's week of pre-sessions, and its calendar.",
        ["Applications to speak"] = "CSOs and NHRIs apply for a panel seat; the panel fills in arrival order, the rest waits.",
        ["RSVPs"] = "Permanent Missions reply to a pre-session's invitation, for a number of delegates.",
        ["States under Review"] = "The UN member States and the WG sessions in which they have pre-sessions.",
        ["Live timer"] = "The rundown of a pre-session, its timer driven by the room's console, and the time used.",
        ["Rooms"] = "The meeting rooms: what is live in each, their consoles' tokens, their live feed.",
        ["Audit"] = "Every change, who made it and its trace, for operators.",
        ["Operations"] = "Liveness and readiness of the gateway and its cluster.",
    };
}
