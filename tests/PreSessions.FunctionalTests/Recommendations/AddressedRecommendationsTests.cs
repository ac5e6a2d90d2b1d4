using System.Net;
using System.Net.Http.Json;
using System.Text;
using PreSessions.FunctionalTests.Pages;

namespace PreSessions.FunctionalTests.Recommendations;

/// <summary>Which recommendations the panel's applications address: in the list, the pre-session's JSON and its page.</summary>
public sealed class AddressedRecommendationsTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    [Fact]
    public async Task Only_the_panels_applications_address_recommendations_and_a_withdrawal_moves_that_with_the_panel()
    {
        var wg = await gateway.NewPreSessionAsync(panelSize: 1);
        var url = $"/api/wg-sessions/{wg}/pre-sessions/FRA";
        await gateway.Operator().PutAsync($"{url}/recommendations", new StringContent(
            "id,text,recommendingState,response,theme\n1.1,Protect journalists,DEU,supported,\n1.2,Abolish solitary confinement,MEX,noted,\n1.3,Unaddressed,CHL,noted,\n",
            Encoding.UTF8, "text/csv")).ExpectAsync(HttpStatusCode.OK);
        var first = await gateway.RegisterAsync("cso");
        var second = await gateway.RegisterAsync("nhri");
        await gateway.Client(first.Token).ApplyAsync(wg, "FRA", new { speakerName = "A", recommendationIds = new[] { "1.1" } }).ExpectAsync(HttpStatusCode.Created);
        await gateway.Client(second.Token).ApplyAsync(wg, "FRA", new { speakerName = "B", recommendationIds = new[] { "1.2" } }).ExpectAsync(HttpStatusCode.Created);

        Assert.Equal(["1.1"], await AddressedAsync(url));
        Assert.Equal(["1.1"], (await gateway.Client().GetJsonAsync(url)).GetProperty("addressedRecommendations").EnumerateArray().Select(r => r.Str("id")));
        var page = await gateway.Client().PageAsync($"/wg-sessions/{wg}/pre-sessions/FRA");
        Assert.Equal(["1.1"], page.QuerySelectorAll("#recommendations + p + ul li").Select(li => li.GetAttribute("data-recommendation")));
        Assert.Contains("Protect journalists", page.Text(".recommendations"));
        Assert.Contains("Germany", page.Text(".recommendations"));

        await gateway.Client(first.Token).WithdrawAsync(wg, "FRA", first.Id).ExpectAsync(HttpStatusCode.NoContent);

        Assert.Equal(["1.2"], await AddressedAsync(url));
    }

    [Fact]
    public async Task The_page_names_the_recommending_state_and_the_response_in_its_language()
    {
        var wg = await gateway.NewPreSessionAsync();
        var url = $"/api/wg-sessions/{wg}/pre-sessions/FRA";
        await gateway.Operator().PutAsync($"{url}/recommendations", new StringContent(
            "id,text,recommendingState,response,theme\n1.1,Protect journalists,DEU,supported,\n", Encoding.UTF8, "text/csv")).ExpectAsync(HttpStatusCode.OK);
        var cso = await gateway.RegisterAsync("cso");
        await gateway.Client(cso.Token).ApplyAsync(wg, "FRA", new { speakerName = "A", recommendationIds = new[] { "1.1" } }).ExpectAsync(HttpStatusCode.Created);

        var page = await gateway.Client().PageAsync($"/wg-sessions/{wg}/pre-sessions/FRA", language: "fr");

        Assert.Contains("formulée par Allemagne ; acceptée", page.Text(".recommendations"));
    }

    [Fact]
    public async Task A_pre_session_without_recommendations_has_none_addressed_and_no_section()
    {
        var wg = await gateway.NewPreSessionAsync();

        Assert.Empty((await gateway.Client().GetJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/FRA")).GetProperty("addressedRecommendations").EnumerateArray());
        Assert.Null((await gateway.Client().PageAsync($"/wg-sessions/{wg}/pre-sessions/FRA")).QuerySelector("#recommendations"));
    }

    [Fact]
    public async Task An_import_is_in_the_audit_log_of_the_pre_session()
    {
        var wg = await gateway.NewPreSessionAsync();
        await gateway.Operator().PutAsync($"/api/wg-sessions/{wg}/pre-sessions/FRA/recommendations", new StringContent(
            "id,text,recommendingState,response,theme\n1.1,Protect journalists,DEU,supported,\n", Encoding.UTF8, "text/csv")).ExpectAsync(HttpStatusCode.OK);

        var audit = await gateway.Operator().GetJsonAsync($"/api/audit?wg={wg}&sur=FRA");

        var entry = Assert.Single(audit.GetProperty("entries").EnumerateArray(), e => e.Str("action") == "recommendations.imported");
        Assert.Equal("1 recommendations", entry.Str("detail"));
    }

    private async Task<string[]> AddressedAsync(string url) =>
        [.. (await gateway.Client().GetJsonAsync($"{url}/recommendations")).EnumerateArray()
            .Where(r => r.GetProperty("addressed").GetBoolean()).Select(r => r.Str("id"))];
}
