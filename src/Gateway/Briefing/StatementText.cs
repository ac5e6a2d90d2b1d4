using System.Text;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace PreSessions.Gateway.Briefing;

/// <summary>One block of a statement as plain text: a paragraph or list item at a depth, with its list marker.</summary>
public sealed record TextBlock(string Text, int Depth, string? Marker, bool Strong);

/// <summary>
/// A statement's Markdown as plain structured text for the PDF: paragraphs, headings (bold), list items with their
/// markers and depth, quotes indented, code as written. Raw HTML is dropped, never printed: the PDF shows what the
/// page shows through <c>StatementMarkdown.ToSafeHtml</c>, minus markup. A link shows its words and, for a web or
/// mail address, the address, since a reader of paper cannot follow it.
/// </summary>
public static class StatementText
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().Build();

    public static IReadOnlyList<TextBlock> Blocks(string markdown)
    {
        var blocks = new List<TextBlock>();
        Walk(Markdown.Parse(markdown, Pipeline), 0, null, blocks);
        return blocks;
    }

    private static void Walk(ContainerBlock container, int depth, string? marker, List<TextBlock> blocks)
    {
        foreach (var block in container)
        {
            switch (block)
            {
                case ListBlock list:
                    var number = int.TryParse(list.OrderedStart, out var start) ? start : 1;
                    foreach (var item in list.OfType<ListItemBlock>())
                        Walk(item, depth + 1, list.IsOrdered ? $"{number++}." : "•", blocks);
                    break;
                case QuoteBlock quote:
                    Walk(quote, depth + 1, null, blocks);
                    break;
                case ContainerBlock other:
                    Walk(other, depth, marker, blocks);
                    break;
                case HeadingBlock heading:
                    Add(blocks, Inline(heading.Inline), depth, ref marker, strong: true);
                    break;
                case ParagraphBlock paragraph:
                    Add(blocks, Inline(paragraph.Inline), depth, ref marker, strong: false);
                    break;
                case HtmlBlock:
                    break;
                case CodeBlock code:
                    Add(blocks, string.Join('\n', code.Lines.Lines.Take(code.Lines.Count).Select(l => l.ToString())), depth, ref marker, strong: false);
                    break;
            }
        }
    }

    /// <summary>A list item's marker goes with its first block only.</summary>
    private static void Add(List<TextBlock> blocks, string text, int depth, ref string? marker, bool strong)
    {
        if (string.IsNullOrWhiteSpace(text))
            return;
        blocks.Add(new TextBlock(text.Trim(), depth, marker, strong));
        marker = null;
    }

    private static string Inline(ContainerInline? inline)
    {
        var text = new StringBuilder();
        Append(inline, text);
        return text.ToString();
    }

    private static void Append(Inline? inline, StringBuilder text)
    {
        switch (inline)
        {
            case null or HtmlInline:
                return;
            case LiteralInline literal:
                text.Append(literal.Content.ToString());
                return;
            case CodeInline code:
                text.Append(code.Content);
                return;
            case HtmlEntityInline entity:
                text.Append(entity.Transcoded.ToString());
                return;
            case LineBreakInline line:
                text.Append(line.IsHard ? '\n' : ' ');
                return;
            case AutolinkInline autolink:
                text.Append(autolink.Url);
                return;
            case LinkInline link:
                var words = Inline(link);
                text.Append(words);
                if (!link.IsImage && link.Url is { } url && Shown(url) && url != words)
                    text.Append(" (").Append(url).Append(')');
                return;
            case ContainerInline container:
                foreach (var child in container)
                    Append(child, text);
                return;
        }
    }

    private static bool Shown(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "mailto";
}
