using System.Net;
using System.Net.Http.Json;

namespace PreSessions.FunctionalTests.Pages;

/// <summary>The operator's selection page read with AngleSharp: the balance checked without storing, then the selection saved.</summary>
public sealed class SelectionPageTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private async Task<(int Wg, Registered A, Registered B, Registered Nhri)> ReviewedAsync()
    {
        var wg = await gateway.CreateWgSessionAsync();
        await gateway.Operator().PutAsJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/FRA", new
        {
            startsAt = "2017-12-12T10:00:00+01:00", durationMinutes = 60, room = "XXIV", panelSize = 2, seats = 40, selection = "review",
        }).ExpectAsync(HttpStatusCode.Created);
        var (a, b, nhri) = (await gateway.RegisterAsync("cso", "Alpha CSO"), await gateway.RegisterAsync("cso", "Beta CSO"), await gateway.RegisterAsync("nhri", "Gamma NHRI"));
        await gateway.Client(a.Token).ApplyAsync(wg, "FRA", new { speakerName = "Ana", themes = new[] { "women-rights" } }).ExpectAsync(HttpStatusCode.Created);
        await gateway.Client(b.Token).ApplyAsync(wg, "FRA", new { speakerName = "Ben", themes = new[] { "Derechos de la mujer" } }).ExpectAsync(HttpStatusCode.Created);
        await gateway.Client(nhri.Token).ApplyAsync(wg, "FRA", new { speakerName = "Nia", themes = new[] { "Torture" } }).ExpectAsync(HttpStatusCode.Created);
        return (wg, a, b, nhri);
    }

    private async Task<string> StatusAsync(Registered org) =>
        Assert.Single((await gateway.Client(org.Token).GetJsonAsync($"/api/organisations/{org.Id}")).GetProperty("applications").EnumerateArray()).Str("status");

    [Fact]
    public async Task Checking_the_balance_shows_the_proposed_panels_warnings_and_stores_nothing_then_saving_selects()
    {
        var (wg, a, b, nhri) = await ReviewedAsync();
        var visitor = await gateway.OperatorSignedInAsync();
        var page = await visitor.GetAsync($"/operator/wg-sessions/{wg}/pre-sessions/FRA/selection");
        Assert.Equal(3, page.QuerySelectorAll("select[name=place]").Length);
        Assert.Contains("The NHRI Gamma NHRI applied but is not on the panel.", page.QuerySelector("ul.warnings")!.TextContent);

        // Each of the form's buttons posts to its handler (formaction), as a browser does with the button pressed.
        Assert.Equal(["?handler=Balance", "?handler=Select"],
            page.QuerySelectorAll("#selection button").Select(button => button.GetAttribute("formaction")![^16..].TrimStart('/', 'n')).Select(f => f[f.IndexOf('?')..]).ToArray());
        var check = await visitor.PostAsync($"/operator/wg-sessions/{wg}/pre-sessions/FRA/selection?handler=Balance", Form(page, [$"{a.Id}:panel", $"{b.Id}:panel", $"{nhri.Id}:pending"]));
        Assert.Equal(HttpStatusCode.OK, check.StatusCode);
        page = visitor.Document!;
        Assert.Contains("Balance of the proposed panel", page.QuerySelector("#balance")!.TextContent);
        var warnings = page.QuerySelector("ul.warnings")!.TextContent;
        Assert.Contains("The theme Women's rights is covered by 2 speakers.", warnings);
        Assert.Contains("The NHRI Gamma NHRI applied but is not on the panel.", warnings);
        Assert.Equal(["pending", "pending", "pending"], await Task.WhenAll(new[] { a, b, nhri }.Select(StatusAsync)));
        Assert.Equal($"{b.Id}:panel", page.QuerySelector("#place-1 option[selected]")!.GetAttribute("value"));   // the choice kept

        await visitor.PostAsync($"/operator/wg-sessions/{wg}/pre-sessions/FRA/selection?handler=Select", Form(page, [$"{nhri.Id}:panel", $"{a.Id}:panel", $"{b.Id}:declined"]));
        page = await visitor.FollowAsync();

        Assert.Contains("The selection is saved: 2 on the panel, 0 waiting, 1 declined.", page.QuerySelector(".notice")!.TextContent);
        Assert.Equal(["panel", "declined", "panel"], await Task.WhenAll(new[] { a, b, nhri }.Select(StatusAsync)));
        Assert.Contains("No warnings.", page.Body!.TextContent);
    }

    [Fact]
    public async Task A_refused_selection_says_why_in_the_pages_language()
    {
        var (wg, a, b, nhri) = await ReviewedAsync();
        var visitor = await gateway.OperatorSignedInAsync("fr");
        var page = await visitor.GetAsync($"/operator/wg-sessions/{wg}/pre-sessions/FRA/selection");
        Assert.Contains("Équilibre du panel", page.QuerySelector("#balance")!.TextContent);

        await visitor.PostAsync($"/operator/wg-sessions/{wg}/pre-sessions/FRA/selection?handler=Select", Form(page, [$"{a.Id}:panel", $"{b.Id}:panel", $"{nhri.Id}:panel"]));
        page = await visitor.FollowAsync();

        Assert.Contains("has 2 places", page.QuerySelector(".notice.bad")!.TextContent);
        Assert.Equal("pending", await StatusAsync(a));
    }

    /// <summary>The page's form as a browser posts it: its antiforgery token and one place per row.</summary>
    private static List<KeyValuePair<string, string>> Form(AngleSharp.Html.Dom.IHtmlDocument page, string[] places) =>
    [
        new("__RequestVerificationToken", page.QuerySelector("#selection input[name=__RequestVerificationToken]")!.GetAttribute("value")!),
        .. places.Select(p => new KeyValuePair<string, string>("place", p)),
    ];
}
