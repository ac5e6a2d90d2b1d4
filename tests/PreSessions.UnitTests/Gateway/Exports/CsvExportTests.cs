using CsvHelper;
using PreSessions.Gateway.Apis;

namespace PreSessions.UnitTests.Gateway.Exports;

/// <summary>
/// The organisers' CSV: RFC 4180 that CsvHelper's reader reads back to the same cells, with every text cell that a
/// spreadsheet would take for a formula neutralised by a leading single quote, and nothing else touched.
/// </summary>
public sealed class CsvExportTests
{
    private static readonly string[] Header = ["name", "delegates"];

    /// <summary>Writes one row (a text cell and a number) and reads its cells back with CsvHelper.</summary>
    private static (string Text, string Number, string Raw) RoundTrip(string text, int number = 2)
    {
        var csv = CsvExport.Write(Header, [[text, number]]);
        using var reader = CsvReader.FromText(csv, CsvReaderOptions.Default with { Separator = ',' });
        Assert.True(reader.Read());
        Assert.Equal(Header, reader.Headers);
        var cells = (reader.GetString("name"), reader.GetString("delegates"));
        Assert.False(reader.Read());
        return (cells.Item1, cells.Item2, csv);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://example.org\",\"click\")")]
    [InlineData("+1+2")]
    [InlineData("-2+3")]
    [InlineData("@SUM(A1:A2)")]
    [InlineData("\t=1+2")]
    [InlineData("\r=1+2")]
    public void A_cell_a_spreadsheet_would_run_as_a_formula_starts_with_a_single_quote(string formula)
    {
        var (text, _, raw) = RoundTrip(formula);

        Assert.Equal("'" + formula, text);
        Assert.DoesNotContain("\n" + formula[0], raw);
        Assert.DoesNotContain("," + formula[0], raw);
    }

    [Theory]
    [InlineData("Permanent Mission of Saint Vincent and the Grenadines")]
    [InlineData("Jean-Pierre Dupont")]
    [InlineData("Rights Watch Luxembourg (RWL) - Geneva office")]
    [InlineData("A+ Education = Rights @ Home")]
    [InlineData("Droits, libertés et \"justice\"")]
    [InlineData("'already quoted")]
    public void Ordinary_text_is_read_back_exactly_as_it_was(string ordinary)
    {
        Assert.Equal(ordinary, RoundTrip(ordinary).Text);
    }

    [Fact]
    public void Numbers_are_written_as_numbers_even_negative_ones()
    {
        Assert.Equal("-3", RoundTrip("x", -3).Number);
        Assert.Equal("name,delegates\r\nx,12\r\n", CsvExport.Write(Header, [["x", 12]]));
    }

    [Fact]
    public void Empty_cells_and_an_export_without_rows_keep_the_header()
    {
        Assert.Equal("name,delegates\r\n", CsvExport.Write(Header, []));
        Assert.Equal("name,delegates\r\n,1\r\n", CsvExport.Write(Header, [[null, 1]]));
    }

    [Fact]
    public void Instants_are_utc_to_the_second()
    {
        Assert.Equal("2017-12-12T09:00:00Z", CsvExport.Instant(new DateTimeOffset(2017, 12, 12, 10, 0, 0, 500, TimeSpan.FromHours(1))));
    }
}
