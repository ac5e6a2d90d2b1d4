using System.Diagnostics;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace PreSessions.Gateway.Hosting;

/// <summary>What every request gets: problem details for every error, the trace it belongs to, strict JSON; telemetry.</summary>
public static class ServiceDefaults
{
    public const string ServiceName = "presessions-gateway";

    /// <summary>The request's Accept header as the client sent it (HttpContext.Items), before it is cleared.</summary>
    public const string AskedAccept = "PreSessions.AskedAccept";

    /// <summary>Where the gateway listens unless ASPNETCORE_URLS (or any other Urls setting) says otherwise.</summary>
    public const string DefaultUrls = "http://localhost:5080";

    /// <summary>
    /// Where the settings (appsettings.json) and the pages' files are: the working directory when it has them (`dotnet
    /// run`), else the program's own folder, so that `dotnet /path/PreSessions.Gateway.dll` started from anywhere (as
    /// a service manager does) runs with its settings rather than the framework's defaults. Null keeps the default.
    /// </summary>
    public static string? ContentRoot() =>
        File.Exists(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json")) ? null : AppContext.BaseDirectory;

    /// <summary>
    /// Log levels when no setting says otherwise (appsettings.json says the same): per request, only warnings and
    /// errors; traces and metrics carry the rest. Inserted before the settings' rules, so any setting overrides them.
    /// </summary>
    private static readonly (string? Category, LogLevel Level)[] DefaultLogLevels =
    [
        (null, LogLevel.Warning),
        ("Microsoft.Hosting.Lifetime", LogLevel.Information),
        ("Microsoft.AspNetCore", LogLevel.Warning),
        ("Orleans", LogLevel.Warning),
    ];

    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<LoggerFilterOptions>(filters =>
        {
            for (var i = 0; i < DefaultLogLevels.Length; i++)
                filters.Rules.Insert(i, new LoggerFilterRule(null, DefaultLogLevels[i].Category, DefaultLogLevels[i].Level, null));
        });
        // The console is the only log this gateway writes; its size is bounded where it goes (journald, a container's
        // log driver). Every line passes the redacting formatter.
        builder.Logging.AddConsoleFormatter<RedactingConsoleFormatter, ConsoleFormatterOptions>(o => o.IncludeScopes = true);
        // After every other configuration (the telemetry asks for the simple formatter, with scopes).
        builder.Services.PostConfigure<ConsoleLoggerOptions>(o => o.FormatterName = RedactingConsoleFormatter.FormatterName);
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
            builder.WebHost.UseUrls(DefaultUrls);
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
            c.ProblemDetails.Detail ??= c.ProblemDetails.Status switch
            {
                StatusCodes.Status404NotFound => "There is nothing at this address.",
                StatusCodes.Status405MethodNotAllowed => "This address does not take this method.",
                StatusCodes.Status413PayloadTooLarge => "The body is larger than this gateway accepts (PreSessions:Limits:MaxRequestBodyBytes).",
                StatusCodes.Status415UnsupportedMediaType => "Send the body as application/json.",
                _ => null,
            });
        builder.Services.AddExceptionHandler<Failures>();
        // Binding failures throw, so Failures can name the field instead of answering an empty 400.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.AllowDuplicateProperties = false;
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        });
        // The same telemetry as every silo, plus the gateway's own: its requests (spans, and their durations in
        // http.server.request.duration) and its outgoing HTTP calls.
        builder.AddClusterTelemetry(ServiceName);
        builder.Services.AddOpenTelemetry()
            .WithTracing(tracing => tracing
                // The Orleans dashboard's page polls the gateway every second: operators watch it, nobody traces it.
                .AddAspNetCoreInstrumentation(o =>
                {
                    o.Filter = context => !context.Request.Path.StartsWithSegments(OperatorDashboard.Path);
                    // An invitation link's path is its one-time token: a span exported elsewhere must not carry it.
                    o.EnrichWithHttpRequest = (activity, request) =>
                    {
                        if (request.Path.StartsWithSegments(Pages.Invitations.RedeemModel.Path))
                            activity.SetTag("url.path", Pages.Invitations.RedeemModel.Path + "/[redacted]");
                    };
                })
                .AddHttpClientInstrumentation())
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation());
        return builder;
    }

    public static WebApplication UseServiceDefaults(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            // The operator finds a request's trace by this header (W3C trace context of the server span). Set as
            // the response starts, because the exception handler clears the headers of a response it rewrites.
            var traceparent = Activity.Current?.Id;
            context.Response.OnStarting(() =>
            {
                if (traceparent is not null)
                    context.Response.Headers["traceparent"] = traceparent;
                return Task.CompletedTask;
            });
            return next(context);
        });
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.Use(async (context, next) =>
        {
            // No endpoint negotiates its media type, and errors are problem+json whatever the client says it accepts:
            // an Accept that excludes JSON would otherwise leave an error with no writer for its problem. The one
            // endpoint that does negotiate (the briefing pack: HTML or PDF) reads what was asked from the items.
            context.Items[AskedAccept] = context.Request.Headers.Accept;
            context.Request.Headers.Accept = default;
            // JSON travels as UTF-8 (RFC 8259). Another charset is refused here, before a body reader fails on it.
            if (MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type) &&
                type.Charset is { Length: > 0 } charset && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status415UnsupportedMediaType,
                        Title = "Unsupported Media Type",
                        Detail = $"Send JSON as UTF-8; the charset {charset} is not accepted.",
                    },
                });
                return;
            }
            await next(context);
        });
        return app;
    }
}
