using System.Net;
using AngleSharp.Dom;

namespace PreSessions.FunctionalTests.Pages;

/// <summary>
/// What the public pages render, read without a browser: times on Geneva's clock, the panel and seats as the grains
/// have them, speakers named only with consent, dates written out and States named in the page's language.
/// </summary>
public sealed class PublicPagesTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    [Fact]
    public async Task The_week_gives_each_pre_session_on_geneva_s_clock_with_its_panel_and_the_seats_left()
    {
        var wg = await gateway.CreateWgSessionAsync();
        await gateway.SchedulePreSessionAsync(wg, "FRA", panelSize: 6, seats: 40, startsAt: "2017-12-12T09:00:00Z", room: "XXIV");
        // Summer: Geneva is two hours ahead of UTC, and a 05:30 UTC start is still the 12th in Geneva.
        await gateway.SchedulePreSessionAsync(wg, "CIV", panelSize: 4, seats: 1000, startsAt: "2018-06-12T05:30:00Z", durationMinutes: 90, room: "XX");
        var cso = await gateway.RegisterAsync("cso");
        await gateway.Client(cso.Token).ApplyAsync(wg, "FRA", "A. Speaker").ExpectAsync(HttpStatusCode.Created);
        var mission = await gateway.RegisterAsync("mission");
        await gateway.Client(mission.Token).RsvpAsync(wg, "FRA", mission.Id, new { attending = true, delegates = 3 }).ExpectAsync(HttpStatusCode.OK);

        var page = await gateway.Client().PageAsync($"/wg-sessions/{wg}?lang=fr");

        Assert.Equal(["mardi 12 décembre 2017", "mardi 12 juin 2018"], page.QuerySelectorAll("section.day h2").Select(h => h.Text()));
        var france = page.WeekRow(wg, "FRA");
        Assert.Equal("de 10:00 à 11:00", france["Heure"]);
        Assert.Equal("France", france["État examiné"]);
        Assert.Equal("XXIV", france["Salle"]);
        Assert.Equal("1 sur 6", france["Panel"]);
        Assert.Equal("37 sur 40", france["Places restantes"]);
        var ivoire = page.WeekRow(wg, "CIV");
        Assert.Equal("de 07:30 à 09:00", ivoire["Heure"]);
        Assert.Equal("1 000 sur 1 000", ivoire["Places restantes"].Replace('\u202f', ' ').Replace('\u00a0', ' '));
        Assert.NotNull(page.QuerySelector($"a[href='/api/wg-sessions/{wg}/schedule.ics']"));
    }

    [Fact]
    public async Task A_pre_session_names_a_speaker_only_with_consent_and_counts_the_waitlist()
    {
        var wg = await gateway.NewPreSessionAsync(panelSize: 2, seats: 10);
        var withheld = await gateway.RegisterAsync("cso", name: "Quiet Organisation");
        var published = await gateway.RegisterAsync("nhri", name: "Open Institution");
        var waiting = await gateway.RegisterAsync("cso", name: "Waiting Organisation");
        await gateway.Client(withheld.Token).ApplyAsync(wg, "FRA", new { speakerName = "Hidden Speaker" }).ExpectAsync(HttpStatusCode.Created);
        await gateway.Client(published.Token).ApplyAsync(wg, "FRA", new { speakerName = "Open Speaker", publishSpeakerName = true })
            .ExpectAsync(HttpStatusCode.Created);
        await gateway.Client(waiting.Token).ApplyAsync(wg, "FRA", "Waiting Speaker").ExpectAsync(HttpStatusCode.Created);

        var page = await gateway.Client().PageAsync($"/wg-sessions/{wg}/pre-sessions/FRA?lang=en");

        var panel = page.QuerySelectorAll("ol.panel li").Select(li => li.Text()).ToArray();
        Assert.Equal(["Quiet Organisation speaker not named publicly", "Open Institution Open Speaker"], panel);
        var html = page.DocumentElement.OuterHtml;
        Assert.DoesNotContain("Hidden Speaker", html);
        Assert.DoesNotContain("Waiting", html);
        Assert.Equal("1", page.Text("[aria-labelledby=waitlist-figure] .figure"));
        Assert.Equal("2 of 2", page.Text("[aria-labelledby=panel-figure] .figure"));
        Assert.Equal("10 of 10", page.Text("[aria-labelledby=seats-figure] .figure"));
        Assert.Equal("Tuesday, December 12, 2017", page.Text("dl.facts div:first-child dd"));
        Assert.NotNull(page.QuerySelector($"a[href='/account?wg={wg}&sur=FRA#apply']"));
        Assert.NotNull(page.QuerySelector($"a[href='/account?wg={wg}&sur=FRA#rsvp']"));
    }

    [Fact]
    public async Task A_closed_call_says_until_when_it_was_open_and_offers_no_application()
    {
        var wg = await gateway.NewPreSessionAsync(applicationsClose: GatewayFactory.Start.AddDays(-1));

        var page = await gateway.Client().PageAsync($"/wg-sessions/{wg}/pre-sessions/FRA?lang=es");

        Assert.Equal("Las solicitudes para intervenir se cerraron el martes, 31 de octubre de 2017 a las 10:00, hora de Ginebra.", page.Text("p.notice:not(.warning)"));
        Assert.Null(page.QuerySelector("a[href$='#apply']"));
        Assert.Equal("Francia", page.Text("h1"));
    }

    [Fact]
    public async Task The_home_page_lists_the_weeks_to_come_apart_from_those_held_with_their_states_in_the_page_s_language()
    {
        var upcoming = await gateway.CreateWgSessionAsync();
        await gateway.SchedulePreSessionAsync(upcoming, "LAO", startsAt: "2017-12-13T09:00:00Z");
        await gateway.SchedulePreSessionAsync(upcoming, "BOL", startsAt: "2017-12-12T09:00:00Z");
        var held = await gateway.CreateWgSessionAsync();
        await gateway.SchedulePreSessionAsync(held, "DEU", startsAt: "2017-05-02T08:00:00Z");

        var page = await gateway.Client().PageAsync("/", language: "fr-CH");

        var upcomingCard = CardOf(page, upcoming);
        Assert.Contains("Du mardi 12 décembre 2017 au mercredi 13 décembre 2017", upcomingCard.Text());
        Assert.Contains("Bolivie (État plurinational de), République démocratique populaire lao", upcomingCard.Text());
        Assert.Contains(page.QuerySelectorAll("h2#upcoming ~ div.cards").First().Children, c => c == upcomingCard);
        var heldCard = CardOf(page, held);
        Assert.Contains("Le mardi 2 mai 2017", heldCard.Text());
        Assert.Contains(page.QuerySelectorAll("h2#past ~ div.cards").Single().Children, c => c == heldCard);
        Assert.DoesNotContain(page.QuerySelectorAll("h2#past ~ div.cards").Single().Children, c => c == upcomingCard);
    }

    private static IElement CardOf(IDocument page, int wg) =>
        page.QuerySelector($"article a[href='/wg-sessions/{wg}']")?.Closest("article") ?? throw new Xunit.Sdk.XunitException($"No card for WG {wg}.");

    [Theory]
    [InlineData("/wg-sessions/998", HttpStatusCode.NotFound, "fr", "Page introuvable")]
    [InlineData("/wg-sessions/998/pre-sessions/FRA", HttpStatusCode.NotFound, "es", "Página no encontrada")]
    [InlineData("/wg-sessions/0", HttpStatusCode.BadRequest, "fr", "Cette adresse n'est pas valide")]
    [InlineData("/wg-sessions/1/pre-sessions/fra", HttpStatusCode.BadRequest, "es", "Esta dirección no es válida")]
    [InlineData("/wg-sessions/1/no-such-page", HttpStatusCode.NotFound, "en", "Page not found")]
    [InlineData("/error/404", HttpStatusCode.NotFound, "en", "Page not found")]
    public async Task A_failed_page_address_answers_a_page_in_the_visitor_s_language_with_the_way_home(
        string url, HttpStatusCode status, string language, string heading)
    {
        var page = await gateway.Client().PageAsync($"{url}?lang={language}", status);

        Assert.Equal(language, page.DocumentElement.GetAttribute("lang"));
        Assert.Equal(heading, page.Text("h1"));
        Assert.NotNull(page.QuerySelector("main a[href='/']"));
    }

    [Theory]
    [InlineData("/api/wg-sessions/998", HttpStatusCode.NotFound)]
    [InlineData("/api/wg-sessions/abc", HttpStatusCode.BadRequest)]
    [InlineData("/no/such/place", HttpStatusCode.NotFound)]
    public async Task Other_addresses_keep_their_problem_json(string url, HttpStatusCode status)
    {
        using var response = await gateway.Client().GetAsync(url + "?lang=fr");
        await response.ProblemAsync(status);
    }
}
