using System.Net;

namespace PreSessions.FunctionalTests.Pages;

/// <summary>
/// The call for applications on the operator's pages: the week sets when applications open and close and when
/// statements are due, a pre-session its own closing time, all typed on Geneva's clock and through the API's rules
/// (the API reads what the page stored; a refused value is the API's error in the page's language, nothing stored).
/// </summary>
public sealed class OperatorCallWindowPagesTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    [Fact]
    public async Task The_operator_sets_then_changes_the_week_s_call_and_keeps_its_other_details()
    {
        var wg = await gateway.CreateWgSessionAsync(title: "WG with a call");
        var op = await gateway.OperatorSignedInAsync();
        await op.GetAsync($"/operator/wg-sessions/{wg}");

        var page = await op.SubmitAndFollowAsync("#details", new Dictionary<string, string?>
        {
            ["applicationsOpen"] = "2017-10-02T09:00", ["applicationsClose"] = "2017-11-20T18:00", ["statementsDue"] = "2017-11-27T12:00",
        });
        Assert.Equal($"The details of WG session {wg} are saved.", page.Notice());
        var week = await gateway.Client().GetJsonAsync($"/api/wg-sessions/{wg}");
        Assert.Equal(("2017-10-02T07:00:00Z", "2017-11-20T17:00:00Z", "2017-11-27T11:00:00Z"),   // summer, then winter time in Geneva
            (week.Str("applicationsOpen"), week.Str("applicationsClose"), week.Str("statementsDue")));
        Assert.Equal(("WG with a call", "Palais des Nations, Geneva"), (week.Str("title"), week.Str("venue")));
        Assert.Equal(("2017-10-02T09:00", "2017-11-20T18:00", "2017-11-27T12:00"),
            (page.QuerySelector("#applicationsOpen")!.GetAttribute("value"), page.QuerySelector("#applicationsClose")!.GetAttribute("value"),
             page.QuerySelector("#statementsDue")!.GetAttribute("value")));

        // Changing one date keeps the others as the page showed them; emptying one returns it to its default.
        page = await op.SubmitAndFollowAsync("#details", new Dictionary<string, string?> { ["applicationsClose"] = "2017-11-24T18:00", ["statementsDue"] = "" });
        week = await gateway.Client().GetJsonAsync($"/api/wg-sessions/{wg}");
        Assert.Equal(("2017-10-02T07:00:00Z", "2017-11-24T17:00:00Z"), (week.Str("applicationsOpen"), week.Str("applicationsClose")));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, week.GetProperty("statementsDue").ValueKind);
        Assert.Equal("WG with a call", week.Str("title"));
        Assert.Equal("", page.QuerySelector("#statementsDue")!.GetAttribute("value") ?? "");
    }

    [Theory]
    [InlineData("en", "Applications open before they close.")]
    [InlineData("fr", "Les demandes ouvrent avant de fermer.")]
    [InlineData("es", "Las solicitudes se abren antes de cerrarse.")]
    public async Task A_call_that_opens_after_it_closes_is_refused_in_the_page_s_language_and_stores_nothing(string language, string refused)
    {
        var wg = await gateway.CreateWgSessionAsync(applicationsClose: new DateTimeOffset(2017, 11, 20, 18, 0, 0, TimeSpan.FromHours(1)));
        var op = await gateway.OperatorSignedInAsync(language);
        await op.GetAsync($"/operator/wg-sessions/{wg}");
        var page = await op.SubmitInvalidAsync("#details", new Dictionary<string, string?>
        {
            ["title"] = "Not saved", ["applicationsOpen"] = "2017-11-21T09:00", ["statementsDue"] = "2017-11-27T12:00",
        });

        Assert.Equal(refused, page.QuerySelector("#applicationsOpen-error")!.TextContent.Trim());
        Assert.Equal("true", page.QuerySelector("#applicationsOpen")!.GetAttribute("aria-invalid"));
        Assert.Equal("2017-11-21T09:00", page.QuerySelector("#applicationsOpen")!.GetAttribute("value"));
        Assert.Equal("2017-11-27T12:00", page.QuerySelector("#statementsDue")!.GetAttribute("value"));
        var week = await gateway.Client().GetJsonAsync($"/api/wg-sessions/{wg}");
        Assert.Equal(System.Text.Json.JsonValueKind.Null, week.GetProperty("applicationsOpen").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, week.GetProperty("statementsDue").ValueKind);
        Assert.NotEqual("Not saved", week.Str("title"));
    }

    [Fact]
    public async Task A_pre_session_s_own_closing_time_is_shown_set_changed_and_refused_like_the_API()
    {
        var wg = await gateway.NewPreSessionAsync(applicationsClose: new DateTimeOffset(2017, 11, 20, 18, 0, 0, TimeSpan.FromHours(1)));
        var op = await gateway.OperatorSignedInAsync("es");
        var page = await op.GetAsync($"/operator/wg-sessions/{wg}/pre-sessions/FRA");
        Assert.Equal("", page.QuerySelector("#applicationsClose")!.GetAttribute("value") ?? "");

        page = await op.SubmitAndFollowAsync("#plan", new Dictionary<string, string?> { ["applicationsClose"] = "2017-12-01T18:00" });
        var preSession = await gateway.Client().GetJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/FRA");
        Assert.Equal(("2017-12-01T17:00:00Z", "XXIV"), (preSession.Str("applicationsClose"), preSession.Str("room")));
        Assert.Equal("2017-12-01T18:00", page.QuerySelector("#applicationsClose")!.GetAttribute("value"));

        await op.SubmitAndFollowAsync("#plan", new Dictionary<string, string?> { ["applicationsClose"] = "2017-12-04T09:30" });
        preSession = await gateway.Client().GetJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/FRA");
        Assert.Equal("2017-12-04T08:30:00Z", preSession.Str("applicationsClose"));

        page = await op.SubmitInvalidAsync("#plan", new Dictionary<string, string?> { ["applicationsClose"] = "2150-01-01T10:00", ["seats"] = "12" });
        Assert.Equal("Indique una fecha y una hora reales entre el 1 de enero de 2000 y el 31 de diciembre de 2099.",
            page.QuerySelector("#applicationsClose-error")!.TextContent.Trim());
        Assert.Equal("2150-01-01T10:00", page.QuerySelector("#applicationsClose")!.GetAttribute("value"));
        preSession = await gateway.Client().GetJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/FRA");
        Assert.Equal(("2017-12-04T08:30:00Z", 40), (preSession.Str("applicationsClose"), preSession.Int("seats")));

        // Emptied, the WG session's closing time holds again.
        await op.GetAsync($"/operator/wg-sessions/{wg}/pre-sessions/FRA");
        await op.SubmitAndFollowAsync("#plan", new Dictionary<string, string?> { ["applicationsClose"] = "" });
        preSession = await gateway.Client().GetJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/FRA");
        Assert.Equal("2017-11-20T17:00:00Z", preSession.Str("applicationsClose"));
    }
}
