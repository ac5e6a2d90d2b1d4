using Ganss.Xss;
using Markdig;
using Markdig.Renderers;
using Markdig.Syntax;

namespace PreSessions.Gateway.Statements;

/// <summary>
/// The one way a statement's Markdown becomes HTML (pages and the briefing pack call it, never Markdig directly).
/// Organisations write the text and the public reads it, so the result is treated as hostile twice over: Markdig
/// renders raw HTML as escaped text, and the sanitizer then keeps only a short list of text tags and safe links.
/// </summary>
public static class StatementMarkdown
{
    /// <summary>
    /// A statement's parts sit under the page's own headings (h2 to h4), so a Markdown heading "#" becomes an h5: the
    /// page's outline stays the page's, and no statement can shout over it with an h1.
    /// </summary>
    private const int HeadingShift = 4;

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().DisableHtml().Build();

    private static readonly string[] LinkSchemes = ["http", "https", "mailto"];

    /// <summary>Text and structure only: nothing that runs, embeds, styles, draws or submits (no script, iframe, object, embed, svg, math, style, form, img).</summary>
    private static readonly HtmlSanitizerOptions Options = new()
    {
        AllowedTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "p", "br", "hr", "em", "strong", "del", "code", "pre", "blockquote", "ul", "ol", "li", "a", "h5", "h6",
        },
        AllowedAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href", "title", "start", "rel" },
        AllowedSchemes = new HashSet<string>(LinkSchemes, StringComparer.OrdinalIgnoreCase),
        UriAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href" },
        AllowedCssProperties = new HashSet<string>(),
        AllowedClasses = new HashSet<string>(),
    };

    public static string ToSafeHtml(string markdown)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var heading in document.Descendants<HeadingBlock>())
            heading.Level = Math.Min(6, heading.Level + HeadingShift);
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(document);
        writer.Flush();
        return Sanitizer().Sanitize(writer.ToString());
    }

    /// <summary>A new sanitizer per call: its events are instance state, and a page renders statements concurrently.</summary>
    private static HtmlSanitizer Sanitizer()
    {
        var sanitizer = new HtmlSanitizer(Options) { KeepChildNodes = true };
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is not AngleSharp.Dom.IElement { LocalName: "a" } link)
                return;
            // Relative and fragment links would point into this site under the statement's name: only absolute
            // http(s) and mailto links stay links; anything else keeps its text and loses its target.
            if (link.GetAttribute("href") is not { } href || !IsAllowedAbsolute(href))
                link.RemoveAttribute("href");
            link.SetAttribute("rel", "nofollow noopener");
        };
        return sanitizer;
    }

    private static bool IsAllowedAbsolute(string href) =>
        Uri.TryCreate(href, UriKind.Absolute, out var uri) && LinkSchemes.Contains(uri.Scheme, StringComparer.OrdinalIgnoreCase);
}
