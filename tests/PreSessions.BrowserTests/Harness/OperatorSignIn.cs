namespace PreSessions.BrowserTests.Harness;

/// <summary>The organisers' pages in a browser: a fresh context signed in with the operator token at /sign-in.</summary>
public static class OperatorSignIn
{
    /// <summary>Opens <paramref name="path"/> (an /operator page), signs in on the sign-in page it leads to, and lands back on it.</summary>
    public static async Task<IPage> OperatorPageAsync(this PagesFixture pages, string path, ViewportSize? size = null, string language = "en")
    {
        var page = await pages.OpenAsync(path, size, acceptLanguage: language);
        await page.Locator("#token").FillAsync(PagesFixture.OperatorToken);
        await page.Locator("#sign-in button[type=submit]").ClickAsync();
        await Expect(page.Locator(".operator-nav")).ToBeVisibleAsync();
        return page;
    }
}
