using System.Net;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace PreSessions.Gateway.Briefing;

/// <summary>
/// Renders <see cref="BriefingContent"/> to a string with Blazor's static <see cref="HtmlRenderer"/>, so the page and
/// the API's HTML answer share one template, as the PDF shares <see cref="BriefingPack"/>.
/// </summary>
public static class BriefingHtml
{
    public static async Task<string> ContentAsync(IServiceProvider services, BriefingPack pack, BriefingText text)
    {
        await using var renderer = new HtmlRenderer(services, services.GetRequiredService<ILoggerFactory>());
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var parameters = ParameterView.FromDictionary(new Dictionary<string, object?> { ["Pack"] = pack, ["Text"] = text });
            return (await renderer.RenderComponentAsync<BriefingContent>(parameters)).ToHtmlString();
        });
    }

    /// <summary>The API's HTML: the content in a document of its own, with the print style sheet and nothing else.</summary>
    public static async Task<string> DocumentAsync(IServiceProvider services, BriefingPack pack, BriefingText text) =>
        $"""
        <!doctype html>
        <html lang="{pack.Language}">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>{WebUtility.HtmlEncode(text.Title(pack))} · PreSessions</title>
          <link rel="stylesheet" href="/site/site.css">
          <link rel="stylesheet" href="/site/briefing.css">
        </head>
        <body>
        <main id="main">
        {await ContentAsync(services, pack, text)}
        </main>
        </body>
        </html>
        """;
}
