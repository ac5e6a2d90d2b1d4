using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace PreSessions.Gateway.Briefing;

/// <summary>
/// A small flowing layout on A4 pages: headings kept with what follows them, paragraphs wrapped word by word (a word
/// longer than a line is cut), indented list items with their marker, page breaks, and "page n of m" written on every
/// page at the end, when m is known. Enough for a briefing pack; no tables, no images.
/// </summary>
public sealed class PdfLayout : IDisposable
{
    private const double Margin = 56;
    private const double FooterSpace = 28;
    private const double IndentStep = 16;

    private static readonly XFont Body = new(PdfFonts.Family, 10.5);
    private static readonly XFont BodyBold = new(PdfFonts.Family, 10.5, XFontStyleEx.Bold);
    private static readonly XFont Small = new(PdfFonts.Family, 8.5);
    private static readonly XFont[] Headings =
        [new(PdfFonts.Family, 18, XFontStyleEx.Bold), new(PdfFonts.Family, 14, XFontStyleEx.Bold), new(PdfFonts.Family, 11.5, XFontStyleEx.Bold)];

    private readonly PdfDocument _document = new();
    private PdfPage? _page;
    private XGraphics? _graphics;
    private double _y;

    public PdfLayout(string title, string language, string subject)
    {
        PdfFonts.Install();
        _document.Info.Title = title;
        _document.Info.Subject = subject;
        _document.Info.Creator = "PreSessions";
        _document.Language = language;
    }

    private double Width => _page!.Width.Point - 2 * Margin;

    private double Bottom => _page!.Height.Point - Margin - FooterSpace;

    /// <summary>A heading of level 1 to 3, with space above it, never alone at the foot of a page.</summary>
    public void Heading(int level, string text)
    {
        var font = Headings[Math.Clamp(level, 1, 3) - 1];
        var lines = Wrap(text, font, 0);
        var height = LineHeight(font) * lines.Count;
        var above = _page is null || _y <= Margin ? 0 : font.Size * 0.9;
        // Keep the heading with at least two lines of what follows.
        Ensure(above + height + 2 * LineHeight(Body));
        _y += _y <= Margin ? 0 : above;
        foreach (var line in lines)
            Line(line, font, 0);
        _y += font.Size * 0.3;
    }

    /// <summary>A paragraph, optionally indented by list depth with a marker ("•", "1.") hanging before its first line.</summary>
    public void Paragraph(string text, int depth = 0, string? marker = null, bool bold = false, bool small = false)
    {
        if (string.IsNullOrWhiteSpace(text))
            return;
        var font = small ? Small : bold ? BodyBold : Body;
        var indent = depth * IndentStep;
        var lines = Wrap(text, font, indent);
        Ensure(LineHeight(font));
        for (var i = 0; i < lines.Count; i++)
        {
            Ensure(LineHeight(font));
            if (i == 0 && marker is not null)
                _graphics!.DrawString(marker, font, XBrushes.Black, Margin + indent - IndentStep * 0.8, _y + font.Size, XStringFormats.Default);
            Line(lines[i], font, indent);
        }
        _y += font.Size * 0.45;
    }

    /// <summary>Vertical space, dropped at the top of a page.</summary>
    public void Space(double points)
    {
        if (_page is not null && _y > Margin)
            _y = Math.Min(_y + points, Bottom);
    }

    /// <summary>Writes "page n of m" (<paramref name="pageOf"/> formats it) on every page and the document to bytes.</summary>
    public byte[] Finish(Func<int, int, string> pageOf)
    {
        if (_page is null)
            NewPage();
        _graphics?.Dispose();
        _graphics = null;
        var count = _document.PageCount;
        for (var i = 0; i < count; i++)
        {
            var page = _document.Pages[i];
            using var graphics = XGraphics.FromPdfPage(page, XGraphicsPdfPageOptions.Append);
            var text = pageOf(i + 1, count);
            var width = graphics.MeasureString(text, Small).Width;
            graphics.DrawString(text, Small, XBrushes.Black, (page.Width.Point - width) / 2, page.Height.Point - Margin + Small.Size, XStringFormats.Default);
        }
        using var output = new MemoryStream();
        _document.Save(output, false);
        return output.ToArray();
    }

    public void Dispose()
    {
        _graphics?.Dispose();
        _document.Dispose();
    }

    private static double LineHeight(XFont font) => font.Size * 1.35;

    private void Line(string text, XFont font, double indent)
    {
        _graphics!.DrawString(text, font, XBrushes.Black, Margin + indent, _y + font.Size, XStringFormats.Default);
        _y += LineHeight(font);
    }

    /// <summary>Starts a new page unless <paramref name="height"/> still fits on this one.</summary>
    private void Ensure(double height)
    {
        if (_page is null || _y + height > Bottom)
            NewPage();
    }

    private void NewPage()
    {
        _graphics?.Dispose();
        _page = _document.AddPage();
        _page.Size = PageSize.A4;
        _graphics = XGraphics.FromPdfPage(_page);
        _y = Margin;
    }

    /// <summary>The text's lines within the width: words as they fit, explicit line breaks kept, over-long words cut.</summary>
    private List<string> Wrap(string text, XFont font, double indent)
    {
        if (_page is null)
            NewPage();
        var width = Width - indent;
        var lines = new List<string>();
        foreach (var paragraph in text.Replace("\r\n", "\n").Split('\n'))
        {
            var line = "";
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (Measure(candidate, font) <= width)
                {
                    line = candidate;
                    continue;
                }
                if (line.Length > 0)
                    lines.Add(line);
                line = word;
                while (Measure(line, font) > width && line.Length > 1)
                {
                    var cut = Fitting(line, font, width);
                    lines.Add(line[..cut]);
                    line = line[cut..];
                }
            }
            lines.Add(line);
        }
        return lines;
    }

    /// <summary>How many characters of an over-long word fit on a line (at least one, so the loop always advances).</summary>
    private int Fitting(string word, XFont font, double width)
    {
        var (low, high) = (1, word.Length);
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            if (Measure(word[..middle], font) <= width)
                low = middle;
            else
                high = middle - 1;
        }
        return low;
    }

    private double Measure(string text, XFont font) => _graphics!.MeasureString(text, font).Width;
}
