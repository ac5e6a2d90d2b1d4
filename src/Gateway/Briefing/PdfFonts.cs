using System.Collections.Concurrent;
using PdfSharp.Fonts;

namespace PreSessions.Gateway.Briefing;

/// <summary>
/// The briefing pack's one typeface, DejaVu Sans regular and bold, embedded in the gateway (Briefing/Fonts, with its
/// licence): PDFsharp 6 finds no fonts of its own on Linux, and a PDF that depended on the host's fonts would change
/// with the machine. DejaVu covers the Latin, Greek and Cyrillic names a pack may carry.
/// </summary>
public sealed class PdfFonts : IFontResolver
{
    public const string Family = "DejaVu Sans";

    private const string Regular = "DejaVuSans";
    private const string Bold = "DejaVuSans-Bold";

    private static readonly Lock Gate = new();
    private static readonly ConcurrentDictionary<string, byte[]> Faces = new();

    /// <summary>
    /// Makes this the process's font resolver, once: PDFsharp keeps it in a static, refuses a second one after a font
    /// was used, and several gateways (the tests' hosts) may share one process.
    /// </summary>
    public static void Install()
    {
        lock (Gate)
        {
            if (GlobalFontSettings.FontResolver is PdfFonts)
                return;
            GlobalFontSettings.FontResolver = new PdfFonts();
        }
    }

    /// <summary>Every family asked for is DejaVu Sans: the layout asks only for it, and nothing falls back to a host font.</summary>
    public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? Bold : Regular, false, italic);

    public byte[] GetFont(string faceName) => Faces.GetOrAdd(faceName, Load);

    private static byte[] Load(string faceName)
    {
        var name = $"PreSessions.Gateway.Briefing.Fonts.{faceName}.ttf";
        using var stream = typeof(PdfFonts).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded font '{name}' is missing from the gateway.");
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }
}
