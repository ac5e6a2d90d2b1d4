namespace PreSessions.Gateway.Pages;

/// <summary>The web pages of a room: the timekeeper's console, the speaker's display and the audience's display.</summary>
public static class RoomPages
{
    public static IEndpointRouteBuilder MapRoomPages(this IEndpointRouteBuilder app)
    {
        foreach (var page in new[] { "console", "speaker", "audience" })
            app.MapGet($"/rooms/{{room}}/{page}", (IWebHostEnvironment host) =>
                    Results.File(host.WebRootFileProvider.GetFileInfo($"rooms/{page}.html").PhysicalPath!, "text/html; charset=utf-8"))
                .AllowAnonymous()
                .ExcludeFromDescription();
        return app;
    }
}
