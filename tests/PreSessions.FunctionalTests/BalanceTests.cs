using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace PreSessions.FunctionalTests;

/// <summary>GET .../balance and GET /api/themes through the API.</summary>
public sealed class BalanceTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    [Fact]
    public async Task The_balance_of_the_current_and_of_a_proposed_panel()
    {
        var wg = await gateway.NewPreSessionAsync(panelSize: 1);
        var (cso, nhri) = (await gateway.RegisterAsync("cso", "Balance CSO"), await gateway.RegisterAsync("nhri", "Balance NHRI"));
        await gateway.Client(cso.Token).ApplyAsync(wg, "FRA", new { speakerName = "A", themes = new[] { "women-rights" }, speakerGender = "woman", scope = "national" })
            .ExpectAsync(HttpStatusCode.Created);
        await gateway.Client(nhri.Token).ApplyAsync(wg, "FRA", new { speakerName = "B", themes = new[] { "Droits des femmes" }, speakerGender = "man", scope = "international" })
            .ExpectAsync(HttpStatusCode.Created);
        var url = $"/api/wg-sessions/{wg}/pre-sessions/FRA/balance";

        var current = await gateway.Operator().GetJsonAsync(url);

        Assert.Equal(["panel", "applications", "minimumApplications", "themes", "national", "international", "scopeNotSaid", "genders",
            "nhriPresent", "nhriPlaceReserved", "warnings"], current.Names());
        Assert.Equal(cso.Id, Assert.Single(current.GetProperty("panel").EnumerateArray()).Str("organisationId"));
        Assert.Equal((2, 3, 1, 0), (current.Int("applications"), current.Int("minimumApplications"), current.Int("national"), current.Int("international")));
        Assert.Equal(1, current.GetProperty("genders").Int("woman"));
        Assert.Equal(["Only 2 application(s), fewer than the 3 this pre-session asks for.", "The NHRI Balance NHRI applied but is not on the panel."],
            current.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()).ToArray());

        var proposed = await gateway.Operator().GetJsonAsync($"{url}?panel={nhri.Id}&panel={cso.Id}");
        Assert.Equal([nhri.Id, cso.Id], proposed.GetProperty("panel").EnumerateArray().Select(p => p.Str("organisationId")).ToArray());
        Assert.True(proposed.GetProperty("nhriPresent").GetBoolean());
        var theme = Assert.Single(proposed.GetProperty("themes").EnumerateArray());
        Assert.Equal(("Women's rights", "women-rights", 2), (theme.Str("theme"), theme.Str("themeId"), theme.Int("speakers")));
        Assert.Contains("The theme Women's rights is covered by 2 speakers.", proposed.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()));

        var stranger = await gateway.RegisterAsync("cso");
        using var refused = await gateway.Operator().GetAsync($"{url}?panel={stranger.Id}");
        Assert.Contains(stranger.Id, (await refused.ProblemAsync(HttpStatusCode.Conflict)).Str("detail"));
        using var malformed = await gateway.Operator().GetAsync($"{url}?panel=nobody");
        await malformed.ValidationProblemAsync("panel[0]");
        using var unknown = await gateway.Operator().GetAsync($"/api/wg-sessions/{wg}/pre-sessions/DEU/balance");
        await unknown.ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_themes_list_is_reference_data_in_three_languages()
    {
        var themes = (await gateway.Client().GetJsonAsync("/api/themes")).EnumerateArray().ToArray();

        Assert.True(themes.Length >= 40);
        Assert.All(themes, t => Assert.Equal(["id", "en", "fr", "es"], t.Names()));
        var women = Assert.Single(themes, t => t.Str("id") == "women-rights");
        Assert.Equal(("Women's rights", "Droits des femmes", "Derechos de la mujer"), (women.Str("en"), women.Str("fr"), women.Str("es")));
    }
}
