using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.WebEncoders;
using PreSessions.Gateway.Hosting;
using PreSessions.Gateway.Pages.Operator;

namespace PreSessions.Gateway.Pages;

/// <summary>
/// The server-rendered pages for the people PreSessions serves (Razor Pages under this folder): the public week and
/// pre-sessions, registration, sign-in and the organisation's account, and the organisers' pages (Pages/Operator). Forms post and work without JavaScript.
/// </summary>
public static class PeoplesPages
{
    /// <summary>
    /// The people's page addresses: their errors are pages in the visitor's language. Every other address (the API,
    /// health, the OpenAPI document, the room pages' files, and addresses nobody serves) keeps its problem+json.
    /// </summary>
    private static readonly string[] PageAddresses = ["/wg-sessions", "/organisations", "/sign-in", "/account", Operator.OperatorPages.Path, ErrorPage.Path];

    public static bool IsPageAddress(PathString path) =>
        path == "/" || PageAddresses.Any(address => path.StartsWithSegments(address, StringComparison.OrdinalIgnoreCase));

    public static WebApplicationBuilder AddPeoplesPages(this WebApplicationBuilder builder)
    {
        // Run from its build output (as the tests and `dotnet bin/...dll` do), the gateway finds wwwroot through the
        // build's static web assets manifest; Development applies it by itself, a published gateway has wwwroot beside it.
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddRazorPages(Operator.OperatorPages.Require).AddViewLocalization();
        builder.AddOperatorPages();
        // French and Spanish (and every State's name) written as themselves, not as &#xE9; escapes.
        builder.Services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        // The seam for the WG session directory: register its catalogue before this one, and the pages use it.
        builder.Services.TryAddSingleton<IWgSessionCatalogue, WgSessionDirectoryCatalogue>();
        return builder;
    }

    public static WebApplication UsePeoplesPages(this WebApplication app)
    {
        // The site's own style sheet only: the room pages serve their assets themselves, and nothing else under wwwroot
        // is meant to be reachable.
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/site"), site => site.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = c => c.Context.Response.Headers.CacheControl = "no-cache",
        }));
        // An error answered without a body (a page's NotFound or BadRequest, an unknown page address, the 503 of
        // ErrorPage) is rendered again as the error page, keeping its status. Not in a branch: only the application's
        // own pipeline routes the re-executed request again.
        app.UseStatusCodePagesWithReExecute(ErrorPage.Path + "/{0}");
        app.Use(ErrorPage.OnPageAddresses);
        return app;
    }

    public static WebApplication MapPeoplesPages(this WebApplication app)
    {
        app.MapRazorPages();
        return app;
    }
}
