using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;

namespace PreSessions.BrowserTests.Harness;

/// <summary>
/// One real gateway process with the WG 29 demo week (its own data directory, generous rate limits, a known operator
/// token) and one headless chromium, shared by the tests of the people's pages. Each test registers organisations of
/// its own, so none sees another's account.
/// </summary>
public sealed class PagesFixture : GatewayAndBrowser
{
    public const string OperatorToken = "pages-tests-operator-token-7f3a91";

    /// <summary>A phone held upright, and a desktop: every flow is clicked through at both.</summary>
    public static readonly ViewportSize Phone = new() { Width = 360, Height = 740 };
    public static readonly ViewportSize Desktop = new() { Width = 1280, Height = 800 };

    /// <summary>WCAG 2.0, 2.1 and 2.2 at levels A and AA: what axe must find nothing against.</summary>
    public static readonly string[] WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

    protected override Task<ServiceProcess> StartAsync(string dataDirectory) =>
        ServiceProcess.StartReadyAsync(dataDirectory, seedDemo: true, OperatorToken, ServiceProcess.GenerousLimits);

    /// <summary>
    /// A fresh browser context (its own cookies, as another person's browser would have) at <paramref name="size"/>,
    /// with or without JavaScript, asking for <paramref name="acceptLanguage"/>; a page in it at <paramref name="path"/>.
    /// </summary>
    public async Task<IPage> OpenAsync(string path, ViewportSize? size = null, bool javaScript = true, string acceptLanguage = "en")
    {
        var context = await Browser.NewContextAsync(new()
        {
            ViewportSize = size ?? Desktop,
            JavaScriptEnabled = javaScript,
            ExtraHTTPHeaders = new Dictionary<string, string> { ["Accept-Language"] = acceptLanguage },
            BaseURL = Gateway.Url,
        });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);
        return page;
    }

    /// <summary>Fails with every WCAG 2.2 A/AA violation axe finds on the page as it is now, each with its nodes.</summary>
    public static async Task AssertAccessibleAsync(IPage page)
    {
        var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. WcagTags] } });
        var violations = result.Violations.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help}\n    " + string.Join("\n    ", v.Nodes.Select(n => n.Html)));
        Assert.True(result.Violations.Length == 0, $"axe on {page.Url}:\n" + string.Join("\n", violations));
    }

    /// <summary>Whether the page scrolls sideways at its width: a page for people never should.</summary>
    public static Task<bool> ScrollsSidewaysAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1");
}

/// <summary>The people's pages share one gateway and one browser; their tests run one at a time in this collection.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PagesCollection : ICollectionFixture<PagesFixture>
{
    public const string Name = "People's pages";
}
