using System.Net;
using AngleSharp.Dom;
using PreSessions.FunctionalTests.Pages;

namespace PreSessions.FunctionalTests.Organisers;

/// <summary>The organisers' check-in at the door and exports pages, read and posted without a browser (and without script).</summary>
public sealed class OrganisersDoorPagesTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    [Fact]
    public async Task Check_in_lists_the_rsvped_missions_and_records_their_delegates_through_a_plain_form()
    {
        var wg = await gateway.NewPreSessionAsync();
        var brazil = await gateway.RegisterAsync("mission", "Permanent Mission of Brazil");
        var chile = await gateway.RegisterAsync("mission", "Permanent Mission of Chile");
        var walkIn = await gateway.RegisterAsync("mission", "Permanent Mission of Denmark");
        foreach (var mission in new[] { brazil, chile })
            await gateway.Client(mission.Token).RsvpAsync(wg, "FRA", mission.Id, new { attending = true, delegates = 2 }).ExpectAsync(HttpStatusCode.OK);
        var visitor = await gateway.OperatorSignedInAsync("fr");
        var door = $"/operator/wg-sessions/{wg}/pre-sessions/FRA/check-in";

        var page = await visitor.GetAsync(door);
        Assert.Equal("Accueil : France", page.QuerySelector("h1")!.Text());
        Assert.Equal([brazil.Name, chile.Name], page.QuerySelectorAll("tbody tr td:first-child").Select(td => td.Text()));

        page = await visitor.SubmitAndFollowAsync($"#check-in-{brazil.Id}", new Dictionary<string, string?> { ["delegates"] = "3" });
        Assert.Contains("Permanent Mission of Brazil : 3 délégué(s) enregistré(s).", page.QuerySelector("[role=status]")!.Text());
        page = await visitor.SubmitAndFollowAsync("#walk-in-form", new Dictionary<string, string?> { ["organisationId"] = walkIn.Id, ["delegates"] = "1" });
        Assert.Equal([brazil.Name, chile.Name, walkIn.Name], page.QuerySelectorAll("tbody tr td:first-child").Select(td => td.Text()));

        var ledger = await gateway.Operator().GetJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/FRA/attendance");
        Assert.Equal([(brazil.Id, 3), (walkIn.Id, 1)],
            ledger.GetProperty("missions").EnumerateArray().Select(m => (m.Str("organisationId"), m.Int("delegates"))));

        // A malformed id is shown again with the API's message beside the field, and nothing is recorded.
        page = await visitor.SubmitInvalidAsync("#walk-in-form", new Dictionary<string, string?> { ["organisationId"] = "nobody", ["delegates"] = "1" });
        Assert.NotNull(page.QuerySelector("#organisationId-error"));
        Assert.Equal("nobody", page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#organisationId")!.Value);
        Assert.Equal(2, (await gateway.Operator().GetJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/FRA/attendance")).Int("missionsAttending"));
    }

    [Fact]
    public async Task The_exports_page_links_every_export_and_serves_it_to_the_signed_in_organiser()
    {
        var wg = await gateway.NewPreSessionAsync();
        var mission = await gateway.RegisterAsync("mission", "=Permanent Mission");
        await gateway.Operator().PutAsync($"/api/wg-sessions/{wg}/pre-sessions/FRA/attendance/{mission.Id}", Http.Raw("{\"delegates\":2}")).ExpectAsync(HttpStatusCode.OK);
        var visitor = await gateway.OperatorSignedInAsync("es");

        var page = await visitor.GetAsync($"/operator/wg-sessions/{wg}/exports");
        var links = page.QuerySelectorAll("main li a, body li a").Select(a => a.GetAttribute("href")!).Where(h => h.Contains("handler=csv")).Distinct().ToArray();
        Assert.Equal(new[] { "applications", "panels", "waitlists", "rsvps", "attendance" }.Select(k => $"/operator/wg-sessions/{wg}/exports?handler=csv&kind={k}"), links);

        using var csv = await visitor.SendApiAsync(links[^1]);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var text = await csv.Content.ReadAsStringAsync();
        Assert.StartsWith("wg,sur,stateName,startsAt,organisationId,organisationName,delegates,recordedAt\r\n", text);
        Assert.Contains($",{mission.Id},\"'=Permanent Mission\",2,", text);

        // Not for anyone else: signed out, the file is not served.
        using var anonymous = await gateway.Client().GetAsync(links[^1]);
        Assert.NotEqual(HttpStatusCode.OK, anonymous.StatusCode);
    }
}
