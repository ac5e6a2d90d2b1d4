using System.Globalization;
using PreSessions.Gateway.Pages;

namespace PreSessions.Gateway.Briefing;

/// <summary>
/// The briefing pack as a PDF, generated on the server with PDFsharp (<see cref="PdfLayout"/>, fonts embedded by
/// <see cref="PdfFonts"/>): the same parts in the same order as the HTML page, with the document's title and
/// language set so a screen reader and a search index know what it is.
/// </summary>
public static class BriefingPdf
{
    public static byte[] Write(BriefingPack pack, BriefingText text)
    {
        using var pdf = new PdfLayout(text.Title(pack), pack.Language, text.Subtitle(pack));
        pdf.Heading(1, text.Title(pack));
        pdf.Paragraph(text.Subtitle(pack));
        pdf.Paragraph(text.When(pack), bold: true);
        pdf.Paragraph(text.Where(pack), bold: true);

        pdf.Heading(2, text["Agenda"]);
        foreach (var item in pack.Agenda)
            pdf.Paragraph($"{GenevaTime.Time(item.StartsAt)}  {text.ItemName(item, pack)} ({text.Minutes(item)})");

        pdf.Heading(2, text["Panel"]);
        if (pack.Panel.IsEmpty)
            pdf.Paragraph(text["Nobody is on the panel yet."]);
        foreach (var member in pack.Panel)
            pdf.Paragraph(member.SpeakerName is { } name ? $"{member.OrganisationName}: {name}" : member.OrganisationName,
                1, member.Position.ToString(CultureInfo.InvariantCulture) + ".");

        pdf.Heading(2, text["Questions and recommendations by theme"]);
        pdf.Paragraph(text["Only statements the organisers approved and their organisations agreed to publish appear here."], small: true);
        if (pack.StatementsChangedAt is not null)
            pdf.Paragraph(text.Changed(pack), small: true);
        if (pack.Themes.IsEmpty)
            pdf.Paragraph(text["No statement is published yet."]);
        foreach (var theme in pack.Themes)
        {
            pdf.Heading(2, text.Theme(theme));
            foreach (var statement in theme.Statements)
                Statement(pdf, statement, pack, text);
        }
        return pdf.Finish((page, pages) => text["Page {0} of {1}", page, pages]);
    }

    private static void Statement(PdfLayout pdf, PackStatement statement, BriefingPack pack, BriefingText text)
    {
        pdf.Heading(3, text.WrittenIn(statement));
        if (!string.IsNullOrWhiteSpace(statement.Questions))
        {
            pdf.Paragraph(text["Questions to the State under Review"], bold: true);
            foreach (var block in StatementText.Blocks(statement.Questions))
                pdf.Paragraph(block.Text, block.Depth, block.Marker, block.Strong);
        }
        if (statement.Recommendations.IsEmpty)
            return;
        pdf.Paragraph(text["Recommendations"], bold: true);
        var number = 1;
        foreach (var recommendation in statement.Recommendations)
        {
            var blocks = StatementText.Blocks(recommendation.Text);
            string? marker = $"{number++}.";
            foreach (var block in blocks)
            {
                pdf.Paragraph(block.Text, block.Depth + 1, marker ?? block.Marker, block.Strong);
                marker = null;
            }
            foreach (var previous in recommendation.Addresses)
                pdf.Paragraph(text["Addresses {0}: {1}", text.Origin(previous, pack.Language), previous.Text], 2, "→", small: true);
        }
        pdf.Space(6);
    }
}
