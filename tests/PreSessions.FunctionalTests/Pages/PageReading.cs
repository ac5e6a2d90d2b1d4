using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace PreSessions.FunctionalTests.Pages;

/// <summary>Reads a people's page as a browser would get it: the status, HTML, and the parsed document.</summary>
public static class PageReading
{
    public static async Task<IDocument> PageAsync(this HttpClient client, string url, HttpStatusCode expected = HttpStatusCode.OK, string? language = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (language is not null)
            request.Headers.AcceptLanguage.ParseAdd(language);
        using var response = await client.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"GET {url}: expected {(int)expected}, got {(int)response.StatusCode}: {html}");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        return new HtmlParser().ParseDocument(html);
    }

    /// <summary>An element's text with its white space collapsed, as a reader sees it.</summary>
    public static string Text(this IElement element) => string.Join(' ', element.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    public static string Text(this IDocument page, string selector) =>
        (page.QuerySelector(selector) ?? throw new Xunit.Sdk.XunitException($"No {selector} on the page.")).Text();

    /// <summary>The cells of the week's row that links to this State's pre-session, by their data-label.</summary>
    public static Dictionary<string, string> WeekRow(this IDocument page, int wg, string sur)
    {
        var link = page.QuerySelector($"a[href='/wg-sessions/{wg}/pre-sessions/{sur}']") ?? throw new Xunit.Sdk.XunitException($"No row for {sur}.");
        return link.Closest("tr")!.QuerySelectorAll("td").ToDictionary(td => td.GetAttribute("data-label")!, td => td.Text());
    }
}
