using Microsoft.AspNetCore.Http.HttpResults;

namespace PreSessions.Gateway.Apis;

/// <summary>A theme of UPR Info's list: its id, and its label in English, French and Spanish.</summary>
public sealed record ThemeItem(string Id, string En, string Fr, string Es);

/// <summary>The themes applications may name (they may also name others, in free text): reference data.</summary>
public static class ThemesApi
{
    public static IEndpointRouteBuilder MapThemesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/themes", List).AllowAnonymous().WithTags("Discovery")
            .WithName("listThemes").WithSummary("The UPR Info themes applications may name, with English, French and Spanish labels")
            .WithDescription("An application's themes may be these (by id or label in any of the three languages) or free text; " +
                "the panel's balance counts a listed theme once whatever the language it is named in.");
        return app;
    }

    private static Ok<ThemeItem[]> List() =>
        TypedResults.Ok<ThemeItem[]>([.. UprThemes.All.Select(t => new ThemeItem(t.Id, t.English, t.French, t.Spanish))]);
}
