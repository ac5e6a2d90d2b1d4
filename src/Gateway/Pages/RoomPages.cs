using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.StaticWebAssets;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;
using PreSessions.Gateway.Apis;

namespace PreSessions.Gateway.Pages;

/// <summary>
/// The web pages of a room: the timekeeper's console, the speaker's display and the audience's display, with the
/// scripts and the style sheet they share under /rooms/assets/. Plain files from wwwroot/rooms: no build step.
/// </summary>
public static partial class RoomPages
{
    private static readonly string[] Pages = ["console", "speaker", "audience"];

    private static readonly Dictionary<string, string> ContentTypes = new()
    {
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
    };

    public static IEndpointRouteBuilder MapRoomPages(this IEndpointRouteBuilder app)
    {
        var host = app.ServiceProvider.GetRequiredService<IWebHostEnvironment>();
        // A published gateway has its wwwroot beside it. One run from its build output outside Development (as the
        // tests run it) finds the files only through the build's static web assets manifest, which points at the
        // project's wwwroot; Development mode applies that manifest by itself.
        if (!host.WebRootFileProvider.GetFileInfo("rooms/console.html").Exists)
            StaticWebAssetsLoader.UseStaticWebAssets(host, app.ServiceProvider.GetRequiredService<IConfiguration>());

        // A room that could not have been scheduled gets no page: its scripts would call the API with it and fail there.
        foreach (var page in Pages)
            app.MapGet($"/rooms/{{room}}/{page}", (string room, HttpContext context) =>
                {
                    var check = new Validation();
                    check.Room(room);
                    return check.IsValid
                        ? Serve(context, host.WebRootFileProvider.GetFileInfo($"rooms/{page}.html"), "text/html; charset=utf-8")
                        : check.Problem();
                })
                .AllowAnonymous()
                .ExcludeFromDescription();

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
