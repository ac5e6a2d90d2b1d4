using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Mvc.Testing;

namespace PreSessions.FunctionalTests.Pages;

/// <summary>
/// A person's browser without JavaScript, over the in-process gateway: it keeps its cookies, reads each page, fills a
/// form it was given (with its hidden fields, the antiforgery token among them) and posts it, as a browser would.
/// Every Set-Cookie it ever received is kept, for the tests that look at what cookies carry.
/// </summary>
public sealed class PageVisitor
{
    private readonly HttpClient _client;
    private readonly CookieContainer _cookies = new();
    private readonly Uri _base;
    private string _path = "/";

    public PageVisitor(GatewayFactory gateway, string language = "en", bool https = false)
    {
        _base = new Uri(https ? "https://localhost" : "http://localhost");
        _client = gateway.CreateDefaultClient(_base, new CookieKeeper(_cookies, SetCookies));
        _client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
    }

    public List<string> SetCookies { get; } = [];

    public IHtmlDocument Document { get; private set; } = null!;

    public HttpResponseMessage Response { get; private set; } = null!;

    public string? Cookie(string name) => _cookies.GetCookies(_base)[name]?.Value;

    /// <summary>Puts a cookie in this browser as a server would have set it (a test forging or replaying one).</summary>
    public void SetCookie(string name, string value) => _cookies.Add(_base, new System.Net.Cookie(name, value, "/"));

    public async Task<IHtmlDocument> GetAsync(string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        Response = await _client.GetAsync(path);
        return await ReadAsync(expected);
    }

    /// <summary>An API request with this browser's cookies and no token, as a cross-site request would be.</summary>
    public Task<HttpResponseMessage> SendApiAsync(string path) => _client.GetAsync(path);

    /// <summary>The form matching <paramref name="selector"/> on the current page, filled and posted as a browser would.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(string selector, IDictionary<string, string?>? fields = null, bool withAntiforgery = true)
    {
        var form = Document.QuerySelector<IHtmlFormElement>(selector) ?? throw new InvalidOperationException($"No form {selector} on {_path}:\n{Document.Body?.TextContent}");
        var values = new List<KeyValuePair<string, string>>();
        foreach (var input in form.QuerySelectorAll<IHtmlInputElement>("input[name]"))
            if (input.Type is not ("radio" or "checkbox") || input.IsChecked)
                values.Add(new(input.Name!, input.Value));
        foreach (var select in form.QuerySelectorAll<IHtmlSelectElement>("select[name]"))
            values.Add(new(select.Name!, select.Value ?? ""));
        foreach (var area in form.QuerySelectorAll<IHtmlTextAreaElement>("textarea[name]"))
            values.Add(new(area.Name!, area.Value));
        foreach (var (name, value) in fields ?? new Dictionary<string, string?>())
        {
            values.RemoveAll(v => v.Key == name);
            if (value is not null)
                values.Add(new(name, value));
        }
        if (!withAntiforgery)
            values.RemoveAll(v => v.Key == "__RequestVerificationToken");
        var action = form.GetAttribute("action") is { Length: > 0 } a ? a : _path;
        if (string.Equals(form.GetAttribute("method"), "get", StringComparison.OrdinalIgnoreCase))
        {
            // A GET form, as a browser sends it: its fields become the query of its action, replacing the action's own.
            Response = await _client.GetAsync(action.Split('?')[0] + Microsoft.AspNetCore.Http.QueryString.Create(values!));
            if (Response.Content.Headers.ContentType?.MediaType == "text/html")
                Document = await Parse(Response);
            return Response;
        }
        return await PostAsync(action, values);
    }

    public async Task<HttpResponseMessage> PostAsync(string path, IEnumerable<KeyValuePair<string, string>> values)
    {
        Response = await _client.PostAsync(path, new FormUrlEncodedContent(values));
        if (Response.Content.Headers.ContentType?.MediaType == "text/html")
            Document = await Parse(Response);
        return Response;
    }

    /// <summary>Follows the redirect of the last answer (Post/Redirect/Get), which must be one.</summary>
    public async Task<IHtmlDocument> FollowAsync(HttpStatusCode expected = HttpStatusCode.OK)
    {
        Assert.True(Response.StatusCode == HttpStatusCode.Redirect, $"expected a redirect, got {(int)Response.StatusCode}: {await Response.Content.ReadAsStringAsync()}");
        return await GetAsync(Response.Headers.Location!.OriginalString, expected);
    }

    private async Task<IHtmlDocument> ReadAsync(HttpStatusCode expected)
    {
        Assert.True(Response.StatusCode == expected,
            $"{Response.RequestMessage?.Method} {Response.RequestMessage?.RequestUri}: expected {(int)expected}, got {(int)Response.StatusCode} {Response.Headers.Location}");
        if (Response.Content.Headers.ContentType?.MediaType == "text/html")
            Document = await Parse(Response);
        return Document;
    }

    private async Task<IHtmlDocument> Parse(HttpResponseMessage response)
    {
        _path = response.RequestMessage!.RequestUri!.PathAndQuery;
        return await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync());
    }

    /// <summary>Keeps cookies as a browser does, and a copy of every Set-Cookie header.</summary>
    private sealed class CookieKeeper(CookieContainer cookies, List<string> seen) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (cookies.GetCookieHeader(request.RequestUri!) is { Length: > 0 } header)
                request.Headers.Add("Cookie", header);
            var response = await base.SendAsync(request, cancellationToken);
            if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
                foreach (var setCookie in setCookies)
                {
                    seen.Add(setCookie);
                    cookies.SetCookies(request.RequestUri!, setCookie);
                }
            return response;
        }
    }
}
