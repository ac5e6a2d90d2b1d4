using System.Globalization;
using CsvHelper;
using Microsoft.AspNetCore.Http.HttpResults;

namespace PreSessions.Gateway.Apis;

/// <summary>
/// The CSV files organisers open in a spreadsheet, written with CsvHelper: RFC 4180 (comma, CRLF, quotes where needed),
/// a header row, and safe against formula injection: organisations choose their names and speakers' names, so a text
/// cell that starts with =, +, -, @, a tab or a carriage return would run as a formula; it is written with a single quote
/// in front (Excel, LibreOffice and Google Sheets then show it as text). Numbers are written as numbers, never escaped.
/// </summary>
public static class CsvExport
{
    private static readonly CsvWriterOptions Options = CsvWriterOptions.Default with
    {
        Injection = CsvInjection.Escape,
        InjectionCharacters = "=+-@\t\r",
        InjectionEscape = '\'',
        FormatProvider = CultureInfo.InvariantCulture,
        TrueValue = "true",
        FalseValue = "false",
    };

    /// <summary>The header, then one record per row; a row's cells are text, numbers, booleans (true, false) or null (empty).</summary>
    public static string Write(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object?>> rows)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = CsvWriter.Create(text, Options, leaveOpen: true))
        {
            csv.WriteHeader([.. header]);
            foreach (var row in rows)
            {
                foreach (var cell in row)
                    csv.WriteField(cell);
                csv.EndRecord();
            }
        }
        return text.ToString();
    }

    /// <summary>A CSV as the API answers it: a UTF-8 text/csv file, named.</summary>
    public static FileContentHttpResult File((string FileName, string Csv) export) =>
        TypedResults.File(System.Text.Encoding.UTF8.GetBytes(export.Csv), "text/csv; charset=utf-8", export.FileName);

    /// <summary>An instant as the contract writes it: UTC, to the second.</summary>
    public static string Instant(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
