using Microsoft.AspNetCore.Diagnostics;
using PreSessions.Gateway.Hosting;

namespace PreSessions.Gateway.Pages;

/// <summary>
/// The page a visitor sees instead of an error on a page address: what went wrong in their language and the way
/// back home (Pages/Error.cshtml), with the error's status kept.
/// </summary>
public static class ErrorPage
{
    public const string Path = "/error";

    /// <summary>
    /// Every other address keeps the problem+json of the outer status code pages (ServiceDefaults). A page that
    /// cannot reach the cluster or its storage answers 503 with Retry-After, as the API does, and an empty body that
    /// the status code pages render as the error page; any other exception stays a bug to see.
    /// </summary>
    public static async Task OnPageAddresses(HttpContext context, RequestDelegate next)
    {
        if (!PeoplesPages.IsPageAddress(context.Request.Path))
        {
            context.Features.Get<IStatusCodePagesFeature>()!.Enabled = false;
            await next(context);
            return;
        }
        // The error page speaks the failed page's language: it reads ?lang= from the address that failed.
        if (context.Features.Get<IStatusCodeReExecuteFeature>() is { OriginalQueryString: { Length: > 0 } query })
            context.Request.QueryString = new QueryString(query);
        try
        {
            await next(context);
        }
        catch (Exception exception) when (Failures.IsUnavailable(exception) && !context.Response.HasStarted)
        {
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ErrorPage))
                .LogWarning(exception, "Answered 503 for the page {Path}", context.Request.Path);
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = Failures.RetryAfterSeconds.ToString();
        }
    }
}
