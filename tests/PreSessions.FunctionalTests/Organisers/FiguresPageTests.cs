using AngleSharp.Dom;
using PreSessions.FunctionalTests.Pages;

namespace PreSessions.FunctionalTests.Organisers;

/// <summary>The published figures on the week's page and the home page, in the page's language.</summary>
public sealed class FiguresPageTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private static readonly SeededPreSession[] Week =
    [
        new("FRA", 2, [new("nhri", "woman", "national"), new("cso", "man", "national"), new("cso", "woman", "international")], [0, 1]),
        new("LUX", 2, [new("cso", "woman", "international"), new("cso", "undisclosed", null)], [1]),
        new("MLI", 2, [new("cso", "woman", "national")], []),
    ];

    /// <summary>The figures section as term -> value, spaces of any width read as one.</summary>
    private static Dictionary<string, string> Figures(IDocument page)
    {
        var list = page.QuerySelector("section.figures dl");
        Assert.NotNull(list);
        return list.QuerySelectorAll("dt").Zip(list.QuerySelectorAll("dd"))
            .ToDictionary(p => p.First.Text().Trim(), p => p.Second.Text().Trim().Replace('\u202f', ' ').Replace('\u00a0', ' '));
    }

    [Fact]
    public async Task The_week_and_the_home_page_show_the_figures_once_a_pre_session_was_held()
    {
        var wg = await gateway.CreateWgSessionAsync();
        var missions = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => gateway.RegisterAsync("mission")));
        Assert.Null((await gateway.Client().PageAsync($"/?lang=en")).QuerySelector("section.figures"));
        await gateway.SeedAsync(wg, Week, missions);
        Assert.Null((await gateway.Client().PageAsync($"/wg-sessions/{await gateway.NewPreSessionAsync()}")).QuerySelector("section.figures"));

        var french = Figures(await gateway.Client().PageAsync($"/wg-sessions/{wg}?lang=fr"));

        // Held: FRA and LUX; 2 + 2 speakers, one NHRI; missions 0 and 1, 3 recordings over 2; women 2 of 3; national 2 of 3.
        Assert.Equal(new Dictionary<string, string>
        {
            ["Pré-sessions tenues"] = "2",
            ["Présentations de la société civile et des INDH"] = "4",
            ["dont par des INDH"] = "1",
            ["Missions permanentes présentes"] = "2",
            ["Missions par pré-session, en moyenne"] = "1,5",
            ["Intervenantes (femmes)"] = "67 %",
            ["Présentations d'organisations nationales"] = "67 %",
        }, french);

        var spanish = Figures(await gateway.Client().PageAsync("/?lang=es"));
        Assert.Equal(("2", "1,5", "67 %"), (spanish["Pre-sesiones celebradas"], spanish["Misiones por pre-sesión, en promedio"], spanish["Oradoras (mujeres)"]));
    }
}
