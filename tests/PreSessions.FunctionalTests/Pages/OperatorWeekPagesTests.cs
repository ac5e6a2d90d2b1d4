using System.Net;

namespace PreSessions.FunctionalTests.Pages;

/// <summary>
/// The operator sets up a week on the pages: a WG session's details and each pre-session's plan, through the API's
/// rules (the same errors, in the page's language, nothing stored) and grain calls (the API reads what the page did).
/// Times are typed on Geneva's clock.
/// </summary>
public sealed class OperatorWeekPagesTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    [Fact]
    public async Task The_operator_defines_a_WG_session_then_changes_its_details()
    {
        var wg = gateway.NextWg();
        var op = await gateway.OperatorSignedInAsync();
        await op.GetAsync("/operator");
        await op.SubmitAsync("#open", new Dictionary<string, string?> { ["wg"] = wg.ToString() });
        Assert.Equal($"/operator/wg-sessions/{wg}", op.Response.Headers.Location!.OriginalString);
        var page = await op.FollowAsync();
        Assert.Null(page.QuerySelector("#add-pre-session"));

        page = await op.SubmitAndFollowAsync("#details", new Dictionary<string, string?>
        {
            ["title"] = "Pre-sessions for WG 31", ["venue"] = "Salle XXIV", ["provisional"] = "true", ["applicationsClose"] = "2017-12-01T18:00",
        });
        Assert.Equal($"WG session {wg} is defined.", page.Notice());
        var week = await gateway.Client().GetJsonAsync($"/api/wg-sessions/{wg}");
        Assert.Equal(("Pre-sessions for WG 31", "Salle XXIV", true, "2017-12-01T17:00:00Z"),
            (week.Str("title"), week.Str("venue"), week.GetProperty("provisional").GetBoolean(), week.Str("applicationsClose")));
        Assert.Equal("2017-12-01T18:00", page.QuerySelector("#applicationsClose")!.GetAttribute("value"));
        // The audit log names the operator as who acted on the page.
        var entries = (await gateway.Operator().GetJsonAsync($"/api/audit?wg={wg}")).GetProperty("entries").EnumerateArray().ToArray();
        Assert.NotEmpty(entries);
        Assert.All(entries, e => Assert.Equal("operator", e.Str("actor")));

        // The checkbox left unticked is "confirmed"; an empty close is none.
        page = await op.SubmitAndFollowAsync("#details", new Dictionary<string, string?> { ["title"] = "WG 31", ["provisional"] = null, ["applicationsClose"] = "" });
        Assert.Equal($"The details of WG session {wg} are saved.", page.Notice());
        week = await gateway.Client().GetJsonAsync($"/api/wg-sessions/{wg}");
        Assert.Equal(("WG 31", false), (week.Str("title"), week.GetProperty("provisional").GetBoolean()));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, week.GetProperty("applicationsClose").ValueKind);
    }

    [Theory]
    [InlineData("en", "This field is required.", "Give a real date and time between 2000-01-01T00:00:00Z and 2099-12-31T23:59:59Z, e.g. 2017-12-12T10:00:00+01:00.")]
    [InlineData("fr", "Ce champ est obligatoire.", "Indiquez une date et une heure réelles entre le 1er janvier 2000 et le 31 décembre 2099.")]
    [InlineData("es", "Este campo es obligatorio.", "Indique una fecha y una hora reales entre el 1 de enero de 2000 y el 31 de diciembre de 2099.")]
    public async Task Malformed_details_are_the_APIs_errors_beside_their_fields_and_define_nothing(string language, string required, string instant)
    {
        var wg = gateway.NextWg();
        var op = await gateway.OperatorSignedInAsync(language);
        await op.GetAsync($"/operator/wg-sessions/{wg}");
        var page = await op.SubmitInvalidAsync("#details", new Dictionary<string, string?> { ["title"] = null, ["venue"] = "Geneva", ["applicationsClose"] = "2150-01-01T10:00" });

        Assert.Equal(required, page.QuerySelector("#title-error")!.TextContent.Trim());
        Assert.Equal(instant, page.QuerySelector("#applicationsClose-error")!.TextContent.Trim());
        Assert.Equal("true", page.QuerySelector("#title")!.GetAttribute("aria-invalid"));
        Assert.Equal("Geneva", page.QuerySelector("#venue")!.GetAttribute("value"));
        Assert.Equal("2150-01-01T10:00", page.QuerySelector("#applicationsClose")!.GetAttribute("value"));
        Assert.NotNull(page.QuerySelector("main .notice.bad[role=alert]"));
        await (await gateway.Client().GetAsync($"/api/wg-sessions/{wg}")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_operator_schedules_a_pre_session_and_changes_its_plan()
    {
        var wg = await gateway.CreateWgSessionAsync();
        var op = await gateway.OperatorSignedInAsync();
        await op.GetAsync($"/operator/wg-sessions/{wg}");
        await op.SubmitAsync("#add-pre-session", new Dictionary<string, string?> { ["sur"] = "CHE" });
        var page = await op.FollowAsync();
        Assert.Equal($"WG {wg} · Switzerland", page.QuerySelector("h1")!.TextContent);

        page = await op.SubmitAndFollowAsync("#plan", new Dictionary<string, string?>
        {
            ["startsAt"] = "2017-12-12T10:00", ["durationMinutes"] = "60", ["room"] = "XXIV", ["panelSize"] = "5", ["seats"] = "30",
        });
        Assert.Equal($"The pre-session {wg}/CHE is scheduled.", page.Notice());
        var preSession = await gateway.Client().GetJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/CHE");
        Assert.Equal(("2017-12-12T09:00:00Z", "XXIV", 5, 30),
            (preSession.Str("startsAt"), preSession.Str("room"), preSession.Int("panelSize"), preSession.Int("seats")));

        page = await op.SubmitAndFollowAsync("#plan", new Dictionary<string, string?> { ["startsAt"] = "2017-06-12T10:00", ["seats"] = "35" });
        Assert.Equal($"The plan of the pre-session {wg}/CHE is saved.", page.Notice());
        preSession = await gateway.Client().GetJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/CHE");
        Assert.Equal(("2017-06-12T08:00:00Z", 35), (preSession.Str("startsAt"), preSession.Int("seats")));   // summer time in Geneva

        var week = await op.GetAsync($"/operator/wg-sessions/{wg}");
        Assert.NotNull(week.QuerySelector($"a[href='/operator/wg-sessions/{wg}/pre-sessions/CHE']"));
        Assert.Null(week.QuerySelector("#sur option[value=CHE]"));   // scheduled States are not offered again
    }

    [Fact]
    public async Task A_malformed_plan_shows_the_APIs_errors_and_changes_nothing()
    {
        var wg = await gateway.NewPreSessionAsync();
        var op = await gateway.OperatorSignedInAsync("fr");
        await op.GetAsync($"/operator/wg-sessions/{wg}/pre-sessions/FRA");
        var page = await op.SubmitInvalidAsync("#plan", new Dictionary<string, string?> { ["room"] = "XX/IV", ["panelSize"] = "31", ["durationMinutes"] = "" });

        Assert.Equal("Indiquez un nombre entier de 0 à 30.", page.QuerySelector("#panelSize-error")!.TextContent.Trim());
        Assert.Equal("Ce champ est obligatoire.", page.QuerySelector("#durationMinutes-error")!.TextContent.Trim());
        Assert.StartsWith("Le nom d'une salle ne contient que", page.QuerySelector("#room-error")!.TextContent.Trim());
        Assert.Equal("XX/IV", page.QuerySelector("#room")!.GetAttribute("value"));
        var preSession = await gateway.Client().GetJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/FRA");
        Assert.Equal(("XXIV", 6), (preSession.Str("room"), preSession.Int("panelSize")));
    }

    [Fact]
    public async Task A_pre_session_of_a_WG_session_not_defined_is_refused_with_the_APIs_reason()
    {
        var wg = gateway.NextWg();
        var op = await gateway.OperatorSignedInAsync("es");
        var page = await op.GetAsync($"/operator/wg-sessions/{wg}/pre-sessions/FRA");
        Assert.NotNull(page.QuerySelector($"a[href='/operator/wg-sessions/{wg}']"));
        page = await op.SubmitAndFollowAsync("#plan", new Dictionary<string, string?> { ["startsAt"] = "2017-12-12T10:00", ["room"] = "XXIV" });
        Assert.Equal($"No existe la sesión {wg} del Grupo de Trabajo.", page.Notice());
        await (await gateway.Client().GetAsync($"/api/wg-sessions/{wg}/pre-sessions/FRA")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_week_forms_need_their_antiforgery_token_and_bad_addresses_are_error_pages()
    {
        var wg = await gateway.NewPreSessionAsync();
        var op = await gateway.OperatorSignedInAsync();
        await op.GetAsync($"/operator/wg-sessions/{wg}");
        Assert.Equal(HttpStatusCode.BadRequest, (await op.SubmitAsync("#details", new Dictionary<string, string?> { ["title"] = "Forged" }, withAntiforgery: false)).StatusCode);
        await op.GetAsync($"/operator/wg-sessions/{wg}/pre-sessions/FRA");
        Assert.Equal(HttpStatusCode.BadRequest, (await op.SubmitAsync("#plan", new Dictionary<string, string?> { ["seats"] = "1" }, withAntiforgery: false)).StatusCode);
        var preSession = await gateway.Client().GetJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/FRA");
        Assert.Equal(40, preSession.Int("seats"));
        Assert.NotEqual("Forged", (await gateway.Client().GetJsonAsync($"/api/wg-sessions/{wg}")).Str("title"));

        await op.GetAsync("/operator/wg-sessions/1000", HttpStatusCode.BadRequest);
        await op.GetAsync($"/operator/wg-sessions/{wg}/pre-sessions/fra", HttpStatusCode.BadRequest);
        await op.GetAsync($"/operator/wg-sessions/{wg}/pre-sessions/ZZZ", HttpStatusCode.NotFound);
        await op.GetAsync("/operator?handler=Open&wg=abc", HttpStatusCode.BadRequest);
        Assert.Equal("A WG session number is a whole number from 1 to 999.", op.Document.QuerySelector("#wg-error")!.TextContent.Trim());
    }

    [Fact]
    public async Task The_pre_session_page_names_every_speaker_to_the_operator()
    {
        var wg = await gateway.NewPreSessionAsync();
        var cso = await gateway.RegisterAsync("cso", "Quiet Rights");
        await gateway.Client(cso.Token).ApplyAsync(wg, "FRA", new { speakerName = "Private Speaker", publishSpeakerName = false }).ExpectAsync(HttpStatusCode.Created);
        var op = await gateway.OperatorSignedInAsync();
        var page = await op.GetAsync($"/operator/wg-sessions/{wg}/pre-sessions/FRA");
        var row = page.QuerySelector("table tbody tr")!.TextContent;
        Assert.Contains("Quiet Rights", row);
        Assert.Contains("Private Speaker", row);
        Assert.Contains("(not public)", row);
    }

    [Fact]
    public async Task Each_pre_session_of_the_week_links_to_its_selection_page()
    {
        var wg = await gateway.NewPreSessionAsync();
        await gateway.SchedulePreSessionAsync(wg, "CHE", startsAt: "2017-12-13T10:00:00+01:00");
        var op = await gateway.OperatorSignedInAsync("fr");
        var week = await op.GetAsync($"/operator/wg-sessions/{wg}");
        foreach (var sur in new[] { "FRA", "CHE" })
        {
            var link = week.QuerySelector($"table tbody a[href='/operator/wg-sessions/{wg}/pre-sessions/{sur}/selection']");
            Assert.NotNull(link);
            Assert.StartsWith("Choisir le panel", link.TextContent.Trim());
        }
        var selection = await op.GetAsync($"/operator/wg-sessions/{wg}/pre-sessions/CHE/selection");
        Assert.Equal("Sélection : Suisse", selection.QuerySelector("h1")!.TextContent.Trim());
    }
}
