using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Extensions.WebEncoders;

namespace PreSessions.Gateway.Pages;

/// <summary>
/// The server-rendered pages for the people PreSessions serves (Razor Pages under this folder): the public week and
/// pre-sessions, registration, sign-in and the organisation's account. Forms post and work without JavaScript.
/// </summary>
public static class PeoplesPages
{
    public static WebApplicationBuilder AddPeoplesPages(this WebApplicationBuilder builder)
    {
        // Run from its build output (as the tests and `dotnet bin/...dll` do), the gateway finds wwwroot through the
        // build's static web assets manifest; Development applies it by itself, a published gateway has wwwroot beside it.
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddRazorPages().AddViewLocalization();
        // French and Spanish (and every State's name) written as themselves, not as &#xE9; escapes.
        builder.Services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        return builder;
    }

    public static WebApplication UsePeoplesPages(this WebApplication app)
    {
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = c => c.Context.Response.Headers.CacheControl = "no-cache",
        });
        return app;
    }

    public static WebApplication MapPeoplesPages(this WebApplication app)
    {
        app.MapRazorPages();
        return app;
    }
}
