using System.Net;

namespace PreSessions.FunctionalTests.Pages;

/// <summary>
/// Registration, sign-in and the account over HTTP without a browser: the same rules and messages as the API, in the
/// page's language, Post/Redirect/Get after each action, and the token shown once and never stored by a cache.
/// </summary>
public sealed class AccountPagesTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    [Fact]
    public async Task Registration_shows_the_token_once_in_a_no_store_answer_and_it_signs_in()
    {
        var visitor = new PageVisitor(gateway);
        await visitor.GetAsync("/organisations/new");
        Assert.True(visitor.Response.Headers.CacheControl?.NoStore, $"Cache-Control: {visitor.Response.Headers.CacheControl}");

        var cso = await visitor.RegisterAsync("cso", "Rights Watch Geneva");
        Assert.True(visitor.Response.Headers.CacheControl?.NoStore, $"Cache-Control: {visitor.Response.Headers.CacheControl}");
        Assert.Null(visitor.Response.Headers.Location);
        Assert.Matches("^pso_org-[a-z2-7]{16}_[A-Za-z0-9_-]{43}$", cso.Token);
        // The token is the organisation's: the API knows it.
        await gateway.Client(cso.Token).GetAsync($"/api/organisations/{cso.Id}").ExpectAsync(HttpStatusCode.OK);

        // Offered straight away: the sign-in form posts it (never a link), and lands on the account.
        Assert.Null(visitor.Document.QuerySelector($"a[href*='{cso.Token}']"));
        await visitor.SubmitAsync("#sign-in-now");
        Assert.Equal("/account", visitor.Response.Headers.Location?.OriginalString);
        var account = await visitor.FollowAsync();
        Assert.Equal("Rights Watch Geneva", account.QuerySelector("h1")!.TextContent);
        Assert.DoesNotContain(cso.Token, account.DocumentElement.OuterHtml);
    }

    [Theory]
    [InlineData("en", "This field is required.", "ZZZ is not the code of a UN member State.", "This is not an email address.")]
    [InlineData("fr", "Ce champ est obligatoire.", "ZZZ n'est pas le code d'un État membre de l'ONU.", "Ce n'est pas une adresse électronique.")]
    [InlineData("es", "Este campo es obligatorio.", "ZZZ no es el código de un Estado miembro de la ONU.", "No es una dirección de correo electrónico.")]
    public async Task Registration_errors_are_the_APIs_beside_each_field_in_the_page_language(string language, string required, string country, string email)
    {
        var visitor = new PageVisitor(gateway, language);
        await visitor.GetAsync("/organisations/new");
        var response = await visitor.SubmitAsync("#register", new Dictionary<string, string?> { ["name"] = "", ["country"] = "ZZZ", ["email"] = "not an address" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = visitor.Document;
        Assert.Equal(language, page.DocumentElement.GetAttribute("lang"));
        Assert.Equal(required, page.QuerySelector("#name-error")!.TextContent.Trim());
        Assert.Equal(country, page.QuerySelector("#country-error")!.TextContent.Trim());
        Assert.Equal(email, page.QuerySelector("#email-error")!.TextContent.Trim());
        Assert.NotNull(page.QuerySelector("#kind-error"));
        Assert.Equal("true", page.QuerySelector("#name")!.GetAttribute("aria-invalid"));
        Assert.Contains("name-error", page.QuerySelector("#name")!.GetAttribute("aria-describedby"));
        Assert.Null(page.QuerySelector("#token"));
        // The API's JSON stays English for the same mistakes.
        using var api = await gateway.Client().PostAsync("/api/organisations", Http.Raw("""{"name":"","kind":"cso","country":"ZZZ"}"""));
        var problem = await api.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("ZZZ is not the code of a UN member State.", problem.GetProperty("errors").GetProperty("country")[0].GetString());
    }

    [Theory]
    [InlineData("en", "Your application to the pre-session")]
    [InlineData("fr", "Votre demande pour la pré-session")]
    [InlineData("es", "Su solicitud para la presesión")]
    public async Task A_CSO_applies_sees_its_position_and_withdraws_in_its_language(string language, string withdrawn)
    {
        var wg = await gateway.NewPreSessionAsync(panelSize: 1);
        await gateway.Client((await gateway.RegisterAsync("nhri")).Token).ApplyAsync(wg, "FRA", "First").ExpectAsync(HttpStatusCode.Created);
        var (visitor, cso) = await gateway.SignedInAsync("cso", language);

        await visitor.AccountAsync($"?wg={wg}&sur=FRA");
        Assert.Equal("FRA", visitor.Document.QuerySelector("#sur option[selected]")!.GetAttribute("value"));
        await visitor.ApplyAsync(wg, "FRA", "Ana Speaker", "Detention\nFreedom of expression");
        Assert.Equal("/account", visitor.Response.Headers.Location?.OriginalString);
        var page = await visitor.FollowAsync();
        Assert.Contains($"{wg}/FRA", page.Notice());
        Assert.Contains(language switch { "fr" => "liste d'attente, position 1", "es" => "lista de espera, posición 1", _ => "waitlist, position 1" }, page.Notice());
        var row = page.QuerySelector("table tbody tr")!;
        Assert.Equal("1", row.QuerySelectorAll("td")[2].TextContent.Trim());

        // The API sees the application the page made, with every field.
        var view = await gateway.Client(cso.Token).GetJsonAsync($"/api/organisations/{cso.Id}");
        var application = Assert.Single(view.GetProperty("applications").EnumerateArray());
        Assert.Equal(("waitlist", 1), (application.Str("status"), application.Int("position")));

        await visitor.SubmitAsync($"form.withdraw[data-pre-session='{wg}/FRA']");
        page = await visitor.FollowAsync();
        Assert.StartsWith(withdrawn, page.Notice());
        Assert.Empty(page.QuerySelectorAll("form.withdraw"));
        view = await gateway.Client(cso.Token).GetJsonAsync($"/api/organisations/{cso.Id}");
        Assert.Empty(view.GetProperty("applications").EnumerateArray());
    }

    [Fact]
    public async Task Refusals_are_the_APIs_on_the_page_a_closed_call_says_until_when_it_was_open()
    {
        var close = GatewayFactory.Start.AddDays(-1);
        var closed = await gateway.NewPreSessionAsync(applicationsClose: close);
        var (visitor, _) = await gateway.SignedInAsync("cso", "fr");
        await visitor.AccountAsync($"?wg={closed}&sur=FRA");
        await visitor.ApplyAsync(closed, "FRA", "Ana");
        var page = await visitor.FollowAsync();
        // 31 October 2017, 10:00 in Geneva (UTC+1 in winter), in French.
        Assert.Equal($"Les candidatures à la pré-session {closed}/FRA étaient ouvertes jusqu'au mardi 31 octobre 2017 10:00 (heure de Genève) ; elles sont closes.", page.Notice());

        var open = await gateway.NewPreSessionAsync();
        await visitor.AccountAsync($"?wg={open}&sur=FRA");
        await visitor.ApplyAsync(open, "FRA", "Ana");
        await visitor.FollowAsync();
        await visitor.AccountAsync($"?wg={open}&sur=FRA");
        await visitor.ApplyAsync(open, "FRA", "Ana again");
        page = await visitor.FollowAsync();
        Assert.Equal($"Votre organisation a déjà postulé à la pré-session {open}/FRA.", page.Notice());
    }

    [Fact]
    public async Task A_malformed_application_is_shown_again_with_its_errors_and_nothing_is_stored()
    {
        var wg = await gateway.NewPreSessionAsync();
        var (visitor, cso) = await gateway.SignedInAsync("cso", "es");
        await visitor.AccountAsync($"?wg={wg}&sur=FRA");
        var themes = string.Join('\n', Enumerable.Range(1, 11).Select(i => $"Theme {i}"));
        var response = await visitor.ApplyAsync(wg, "FRA", "", themes);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Este campo es obligatorio.", visitor.Document.QuerySelector("#speakerName-error")!.TextContent.Trim());
        Assert.Equal("Indique como máximo 10 temas.", visitor.Document.QuerySelector("#themes-error")!.TextContent.Trim());
        Assert.Equal(themes, visitor.Document.QuerySelector("#themes")!.TextContent);
        var view = await gateway.Client(cso.Token).GetJsonAsync($"/api/organisations/{cso.Id}");
        Assert.Empty(view.GetProperty("applications").EnumerateArray());
    }

    [Fact]
    public async Task A_mission_RSVPs_changes_its_delegates_hears_the_409_and_declines()
    {
        var wg = await gateway.NewPreSessionAsync(seats: 3);
        var (visitor, mission) = await gateway.SignedInAsync("mission");
        Assert.Null(visitor.Document.QuerySelector("#apply"));

        await visitor.AccountAsync($"?wg={wg}&sur=FRA");
        await visitor.SubmitAsync("#rsvp", new Dictionary<string, string?> { ["attending"] = "true", ["delegates"] = "2" });
        var page = await visitor.FollowAsync();
        Assert.Equal($"Your RSVP to the pre-session {wg}/FRA is confirmed for 2 delegate(s).", page.Notice());

        await visitor.SubmitAsync($"form.change[data-pre-session='{wg}/FRA']", new Dictionary<string, string?> { ["delegates"] = "5" });
        page = await visitor.FollowAsync();
        Assert.Equal("Only 1 more seat(s) are free; this RSVP keeps its 2 confirmed seat(s).", page.Notice());

        await visitor.SubmitAsync($"form.decline[data-pre-session='{wg}/FRA']");
        page = await visitor.FollowAsync();
        Assert.Equal($"You declined the pre-session {wg}/FRA.", page.Notice());
        var rsvp = Assert.Single((await gateway.Client(mission.Token).GetJsonAsync($"/api/organisations/{mission.Id}")).GetProperty("rsvps").EnumerateArray());
        Assert.Equal("declined", rsvp.Str("status"));
    }

    [Fact]
    public async Task A_deep_link_asks_to_sign_in_and_comes_back_to_the_chosen_pre_session()
    {
        var wg = await gateway.NewPreSessionAsync();
        var cso = await gateway.RegisterAsync("cso");
        var visitor = new PageVisitor(gateway);
        await visitor.GetAsync($"/account?wg={wg}&sur=FRA", HttpStatusCode.Redirect);
        var signIn = visitor.Response.Headers.Location!.OriginalString;
        Assert.Equal($"/sign-in?returnUrl=%2Faccount%3Fwg%3D{wg}%26sur%3DFRA", new Uri(new Uri("http://localhost"), signIn).PathAndQuery);

        await visitor.GetAsync(signIn);
        await visitor.SubmitAsync("#sign-in", new Dictionary<string, string?> { ["token"] = cso.Token });
        Assert.Equal($"/account?wg={wg}&sur=FRA", visitor.Response.Headers.Location?.OriginalString);
        var page = await visitor.FollowAsync();
        Assert.Equal("FRA", page.QuerySelector("#sur option[selected]")!.GetAttribute("value"));
    }
}
