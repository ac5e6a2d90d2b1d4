using System.Net;

namespace PreSessions.FunctionalTests.Pages;

/// <summary>
/// The operator's list of organisations on a page: the API's search, paging and flags; a token reissued (shown once,
/// in a no-store answer, never in an address) or revoked through the API's calls; every form with its antiforgery.
/// </summary>
public sealed class OperatorOrganisationsPagesTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    /// <summary>Letters only, so that the look-alike folding cannot make two markers alike.</summary>
    private static string Marker() => string.Concat(Guid.NewGuid().ToString("N").Where(char.IsLetter).Take(8).Select(c => (char)(c - 'a' + 'p')));

    [Fact]
    public async Task The_search_shows_each_organisation_with_its_flags_in_the_page_language()
    {
        var marker = Marker();
        var original = await gateway.RegisterAsync("cso", $"Rights Watch {marker}", "FRA");
        var cyrillic = await gateway.RegisterAsync("nhri", $"Rights W\u0430tch {marker}");
        var other = await gateway.RegisterAsync("mission", $"Other Voices {marker}");
        await gateway.RegisterAsync("cso", $"Unrelated {Marker()}");

        var op = await gateway.OperatorSignedInAsync("fr");
        await op.GetAsync("/operator/organisations");
        await op.SubmitAsync("#search", new Dictionary<string, string?> { ["search"] = marker.ToUpperInvariant() });
        var page = op.Document;

        var rows = page.QuerySelectorAll("#organisations tbody tr").ToDictionary(r => r.GetAttribute("data-organisation")!);
        Assert.Equal(new[] { original.Id, cyrillic.Id, other.Id }.Order(), rows.Keys.Order());
        Assert.Equal(["lookAlikeName"], rows[original.Id].QuerySelectorAll(".tag").Select(t => t.GetAttribute("data-flag")!).ToArray());
        Assert.Equal(["lookAlikeName", "mixedScripts"], rows[cyrillic.Id].QuerySelectorAll(".tag").Select(t => t.GetAttribute("data-flag")!).ToArray());
        Assert.Contains("Mélange d'alphabets dans un mot", rows[cyrillic.Id].TextContent);
        Assert.Contains("France", rows[original.Id].TextContent);
        Assert.Contains("Mission permanente", rows[other.Id].TextContent);
        Assert.Empty(rows[other.Id].QuerySelectorAll(".tag"));
        Assert.Equal(marker.ToUpperInvariant(), page.QuerySelector("#search-text")!.GetAttribute("value"));
    }

    [Fact]
    public async Task The_list_pages_with_the_APIs_cursor()
    {
        var marker = Marker();
        await Task.WhenAll(Enumerable.Range(0, 51).Select(i => gateway.RegisterAsync("cso", $"Paged {marker} {(char)('a' + i / 26)}{(char)('a' + i % 26)}")));
        var op = await gateway.OperatorSignedInAsync();
        var first = await op.GetAsync($"/operator/organisations?search={marker}");
        Assert.Equal(50, first.QuerySelectorAll("#organisations tbody tr").Length);
        var next = first.QuerySelector("#next-page")!.GetAttribute("href")!;

        var second = await op.GetAsync(next);
        Assert.StartsWith($"Paged {marker} by", Assert.Single(second.QuerySelectorAll("#organisations tbody tr")).QuerySelector("td")!.TextContent.Trim());
        Assert.Null(second.QuerySelector("#next-page"));
        Assert.NotNull(second.QuerySelector($".pager a[href='/operator/organisations?search={marker}']"));

        await op.GetAsync("/operator/organisations?cursor=not-a-cursor", HttpStatusCode.BadRequest);
        Assert.Equal("Give back the cursor of the previous page (its \"next\") as it was.", op.Document.QuerySelector("main .notice.bad li")!.TextContent.Trim());
    }

    [Fact]
    public async Task A_reissued_token_is_shown_once_and_the_former_one_stops_working()
    {
        var marker = Marker();
        var cso = await gateway.RegisterAsync("cso", $"Lost Token {marker}");
        var op = await gateway.OperatorSignedInAsync();
        await op.GetAsync($"/operator/organisations?search={marker}");

        var response = await op.SubmitAsync($"tr[data-organisation='{cso.Id}'] form.reissue");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore, $"Cache-Control: {response.Headers.CacheControl}");
        var token = op.Document.QuerySelector("#new-token")!.TextContent.Trim();
        Assert.StartsWith($"pso_{cso.Id}_", token);
        Assert.DoesNotContain(token, response.RequestMessage!.RequestUri!.ToString());

        await gateway.Client(token).GetAsync($"/api/organisations/{cso.Id}").ExpectAsync(HttpStatusCode.OK);
        await (await gateway.Client(cso.Token).GetAsync($"/api/organisations/{cso.Id}")).UnauthorizedAsync();
        var again = await op.GetAsync($"/operator/organisations?search={marker}");
        Assert.Null(again.QuerySelector("#new-token"));
        Assert.DoesNotContain(token, again.DocumentElement.OuterHtml);
    }

    [Theory]
    [InlineData("en", "The token of {0} is revoked: it signs in and calls the API no more.")]
    [InlineData("es", "El token de {0} está revocado: ya no permite iniciar sesión ni llamar a la API.")]
    public async Task A_revoked_token_ends_the_organisations_access(string language, string told)
    {
        var marker = Marker();
        var cso = await gateway.RegisterAsync("cso", $"Stolen Token {marker}");
        var op = await gateway.OperatorSignedInAsync(language);
        await op.GetAsync($"/operator/organisations?search={marker}");

        var page = await op.SubmitAndFollowAsync($"tr[data-organisation='{cso.Id}'] form.revoke");
        Assert.Equal(string.Format(told, cso.Id), page.Notice());
        Assert.Equal($"/operator/organisations?search={marker}", op.Response.RequestMessage!.RequestUri!.PathAndQuery);
        await (await gateway.Client(cso.Token).GetAsync($"/api/organisations/{cso.Id}")).UnauthorizedAsync();
    }

    [Fact]
    public async Task Token_forms_need_their_antiforgery_token_and_a_forged_id_is_the_APIs_refusal()
    {
        var marker = Marker();
        var cso = await gateway.RegisterAsync("cso", $"Kept Token {marker}");
        var op = await gateway.OperatorSignedInAsync();
        await op.GetAsync($"/operator/organisations?search={marker}");
        Assert.Equal(HttpStatusCode.BadRequest, (await op.SubmitAsync($"tr[data-organisation='{cso.Id}'] form.revoke", withAntiforgery: false)).StatusCode);
        await op.GetAsync($"/operator/organisations?search={marker}");
        Assert.Equal(HttpStatusCode.BadRequest, (await op.SubmitAsync($"tr[data-organisation='{cso.Id}'] form.reissue", withAntiforgery: false)).StatusCode);
        await gateway.Client(cso.Token).GetAsync($"/api/organisations/{cso.Id}").ExpectAsync(HttpStatusCode.OK);

        await op.GetAsync($"/operator/organisations?search={marker}");
        var page = await op.SubmitAndFollowAsync($"tr[data-organisation='{cso.Id}'] form.revoke", new Dictionary<string, string?> { ["organisationId"] = "org-bbbbbbbbbbbbbbbb" });
        Assert.Equal("There is no organisation org-bbbbbbbbbbbbbbbb.", page.Notice());
        await op.GetAsync($"/operator/organisations?search={marker}");
        page = await op.SubmitAndFollowAsync($"tr[data-organisation='{cso.Id}'] form.reissue", new Dictionary<string, string?> { ["organisationId"] = "someone" });
        Assert.Equal("An organisation id looks like org-abcdefghijklmnop.", page.Notice());
        await gateway.Client(cso.Token).GetAsync($"/api/organisations/{cso.Id}").ExpectAsync(HttpStatusCode.OK);
    }
}
