using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.StaticWebAssets;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;
using PreSessions.Gateway.Apis;

namespace PreSessions.Gateway.Pages;

/// <summary>
/// What the web pages of a room share under /rooms/assets/: their scripts and style sheet, plain files from
/// wwwroot/rooms/assets with no build step. The pages themselves (the timekeeper's console, the speaker's display and
/// the audience's display) are Razor Pages under Pages/Rooms, rendered in the visitor's language.
/// </summary>
public static partial class RoomPages
{
    private static readonly Dictionary<string, string> ContentTypes = new()
    {
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
    };

    /// <summary>
    /// The room pages are read, never posted to: GET only, so anything else is a 405 as for every other read (Razor
    /// Pages would otherwise take any method).
    /// </summary>
    public static WebApplicationBuilder AddRoomPages(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<RazorPagesOptions>(o => o.Conventions.AddFolderApplicationModelConvention("/Rooms", page =>
        {
            page.EndpointMetadata.Add(new HttpMethodMetadata([HttpMethods.Get]));
            page.Filters.Add(new RoomNameCheck());
        }));
        return builder;
    }

    /// <summary>A room that could not have been scheduled gets no page (400, as the API answers): its scripts would call the API with it and fail there.</summary>
    private sealed class RoomNameCheck : IPageFilter
    {
        public void OnPageHandlerSelected(PageHandlerSelectedContext context) { }

        public void OnPageHandlerExecuting(PageHandlerExecutingContext context)
        {
            var check = new Validation();
            check.Room(context.RouteData.Values["room"] as string ?? "");
            if (!check.IsValid)
                context.Result = new Answer(check.Problem());
        }

        public void OnPageHandlerExecuted(PageHandlerExecutedContext context) { }
    }

    /// <summary>A minimal API result answered from a page filter.</summary>
    private sealed class Answer(IResult result) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) => result.ExecuteAsync(context.HttpContext);
    }

    public static IEndpointRouteBuilder MapRoomPages(this IEndpointRouteBuilder app)
    {
        var host = app.ServiceProvider.GetRequiredService<IWebHostEnvironment>();
        // A published gateway has its wwwroot beside it. One run from its build output outside Development (as the
        // tests run it) finds the files only through the build's static web assets manifest, which points at the
        // project's wwwroot; Development mode applies that manifest by itself.
        if (!host.WebRootFileProvider.GetFileInfo("rooms/assets/rooms.css").Exists)
            StaticWebAssetsLoader.UseStaticWebAssets(host, app.ServiceProvider.GetRequiredService<IConfiguration>());

        app.MapGet("/rooms/assets/{file}", (string file, HttpContext context) =>
                AssetName().IsMatch(file) && ContentTypes.TryGetValue(Path.GetExtension(file), out var contentType)
                    ? Serve(context, host.WebRootFileProvider.GetFileInfo($"rooms/assets/{file}"), contentType)
                    : Results.NotFound())
            .AllowAnonymous()
            .ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// Revalidated on every load (an ETag makes that a 304), so a gateway updated between two sessions never leaves a
    /// venue laptop on yesterday's scripts, and a page reloaded mid-session costs next to nothing.
    /// </summary>
    private static IResult Serve(HttpContext context, IFileInfo file, string contentType)
    {
        if (!file.Exists)
            return Results.NotFound();
        context.Response.Headers.CacheControl = "no-cache";
        var tag = new EntityTagHeaderValue($"\"{file.LastModified.UtcTicks:x}-{file.Length:x}\"");
        return TypedResults.Stream(file.CreateReadStream(), contentType, lastModified: file.LastModified, entityTag: tag);
    }

    /// <summary>Only plain script and style names: nothing else under wwwroot is reachable through this route.</summary>
    [GeneratedRegex(@"^[a-z][a-z0-9-]*\.(js|css)\z")]
    private static partial Regex AssetName();
}
