using System.Net;
using System.Net.Http.Json;

namespace PreSessions.FunctionalTests.Pages;

/// <summary>
/// The rooms' console tokens on the operator's pages (issued and shown once, listed, revoked, through the API's calls)
/// and the audit log read as the API reads it, with its filters and cursor.
/// </summary>
public sealed class OperatorRoomsAndAuditPagesTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    [Fact]
    public async Task A_console_token_is_issued_shown_once_listed_and_revoked()
    {
        var room = $"Room {Guid.NewGuid():N}"[..13];
        var wg = await gateway.CreateWgSessionAsync();
        await gateway.SchedulePreSessionAsync(wg, "FRA", room: room);
        var op = await gateway.OperatorSignedInAsync();
        var rooms = await op.GetAsync("/operator/rooms");
        var link = rooms.QuerySelector($"a[href='/operator/rooms/{Uri.EscapeDataString(room)}']")!;

        await op.GetAsync(link.GetAttribute("href")!);
        Assert.Empty(op.Document.QuerySelectorAll("tr[data-token]"));
        var response = await op.SubmitAsync("#issue");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore);
        var token = op.Document.QuerySelector("#new-token")!.TextContent.Trim();
        var id = Assert.Single(op.Document.QuerySelectorAll("tr[data-token]")).GetAttribute("data-token")!;
        Assert.StartsWith("psc_", token);
        var listed = await gateway.Operator().GetJsonAsync($"/api/rooms/{Uri.EscapeDataString(room)}/console-tokens");
        Assert.Equal(id, Assert.Single(listed.EnumerateArray()).Str("id"));
        Assert.NotEqual(HttpStatusCode.Unauthorized, (await SayAsync(token, wg)).StatusCode);

        var page = await op.GetAsync($"/operator/rooms/{Uri.EscapeDataString(room)}");
        Assert.DoesNotContain(token, page.DocumentElement.OuterHtml);
        page = await op.SubmitAndFollowAsync($"tr[data-token='{id}'] form.revoke");
        Assert.Equal($"The console token {id} is revoked: that console drives no timer any more.", page.Notice());
        Assert.Empty(page.QuerySelectorAll("tr[data-token]"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await SayAsync(token, wg)).StatusCode);

        // Revoked twice (a second tab): the API's refusal, in the page's words.
        await op.PostAsync($"/operator/rooms/{Uri.EscapeDataString(room)}?handler=Revoke", Form(op, ("tokenId", id)));
        Assert.Equal($"The room \"{room}\" has no console token {id}.", (await op.FollowAsync()).Notice());
    }

    [Fact]
    public async Task Room_forms_need_their_antiforgery_token_and_a_name_no_room_may_have_is_an_error()
    {
        var op = await gateway.OperatorSignedInAsync();
        await op.GetAsync("/operator/rooms/XXIV");
        Assert.Equal(HttpStatusCode.BadRequest, (await op.SubmitAsync("#issue", withAntiforgery: false)).StatusCode);
        Assert.Null(op.Document.QuerySelector("#new-token"));
        Assert.Empty((await gateway.Operator().GetJsonAsync("/api/rooms/XXIV/console-tokens")).EnumerateArray());

        await op.GetAsync("/operator/rooms");
        await op.SubmitAsync("#open", new Dictionary<string, string?> { ["room"] = "XX?IV" });
        Assert.Equal(HttpStatusCode.BadRequest, op.Response.StatusCode);
        Assert.StartsWith("A room's name is made of letters", op.Document.QuerySelector("#room-error")!.TextContent.Trim());
        await op.SubmitAsync("#open", new Dictionary<string, string?> { ["room"] = "Salle XX" });
        Assert.Equal("/operator/rooms/Salle%20XX", op.Response.Headers.Location!.OriginalString);
        await op.GetAsync("/operator/rooms/%20XXIV", HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_audit_log_reads_a_WG_session_a_pre_session_an_organisation_and_a_room()
    {
        var wg = await gateway.NewPreSessionAsync();
        var cso = await gateway.RegisterAsync("cso");
        await gateway.Client(cso.Token).ApplyAsync(wg, "FRA", "Ana").ExpectAsync(HttpStatusCode.Created);
        await gateway.Operator().PostAsync("/api/organisations/" + cso.Id + "/token", null).ExpectAsync(HttpStatusCode.OK);
        await gateway.Operator().PostAsync("/api/rooms/Audit%20Room/console-tokens", null).ExpectAsync(HttpStatusCode.Created);
        var op = await gateway.OperatorSignedInAsync();

        foreach (var (query, expected) in new[]
        {
            ($"?wg={wg}", await ApiEntriesAsync($"?wg={wg}")),
            ($"?wg={wg}&sur=FRA", await ApiEntriesAsync($"?wg={wg}&sur=FRA")),
            ($"?organisationId={cso.Id}", await ApiEntriesAsync($"?organisationId={cso.Id}")),
            ("?room=Audit%20Room", await ApiEntriesAsync("?room=Audit%20Room")),
        })
        {
            var page = await op.GetAsync("/operator/audit" + query);
            var actions = page.QuerySelectorAll("#entries + table tbody tr").Select(r => r.QuerySelector("td[data-label='What']")!.TextContent).ToArray();
            Assert.NotEmpty(actions);
            Assert.Equal(expected, actions);
        }
        var filtered = await op.GetAsync("/operator/audit");
        await op.SubmitAsync("#filter", new Dictionary<string, string?> { ["wg"] = wg.ToString(), ["sur"] = "FRA" });
        Assert.Equal(await ApiEntriesAsync($"?wg={wg}&sur=FRA"), op.Document.QuerySelectorAll("td[data-label='What']").Select(td => td.TextContent).ToArray());
        Assert.NotNull(filtered.QuerySelector("#filter"));
    }

    [Theory]
    [InlineData("en", "Ask for one of: wg (with sur for one pre-session), organisationId, room.", "There is no WG session 998.")]
    [InlineData("fr", "Indiquez un seul critère : une session du Groupe de travail (avec un État pour une pré-session), une organisation ou une salle.", "Il n'y a pas de session 998 du Groupe de travail.")]
    public async Task The_audit_filters_errors_are_the_APIs_in_the_page_language(string language, string oneOf, string noWeek)
    {
        var op = await gateway.OperatorSignedInAsync(language);
        await op.GetAsync("/operator/audit?wg=1&room=XXIV", HttpStatusCode.BadRequest);
        Assert.Equal(oneOf, op.Document.QuerySelector("main .notice.bad li")!.TextContent.Trim());
        await op.GetAsync("/operator/audit?organisationId=someone", HttpStatusCode.BadRequest);
        Assert.Equal("true", op.Document.QuerySelector("#organisationId")!.GetAttribute("aria-invalid"));
        await op.GetAsync("/operator/audit?wg=998", HttpStatusCode.NotFound);
        Assert.Equal(noWeek, op.Document.Notice());
    }

    [Fact]
    public async Task The_audit_log_pages_with_the_APIs_cursor()
    {
        var room = $"Busy {Guid.NewGuid():N}"[..12];
        for (var i = 0; i < 101; i++)
            await gateway.Operator().PostAsync($"/api/rooms/{room}/console-tokens", null).ExpectAsync(HttpStatusCode.Created);
        var op = await gateway.OperatorSignedInAsync();
        var first = await op.GetAsync($"/operator/audit?room={Uri.EscapeDataString(room)}");
        Assert.Equal(100, first.QuerySelectorAll("#entries + table tbody tr").Length);

        var second = await op.GetAsync(first.QuerySelector("#next-page")!.GetAttribute("href")!);
        Assert.Single(second.QuerySelectorAll("#entries + table tbody tr"));
        Assert.Null(second.QuerySelector("#next-page"));
        Assert.NotNull(second.QuerySelector($".pager a[href='/operator/audit?room={Uri.EscapeDataString(room)}']"));
        await op.GetAsync($"/operator/audit?room={Uri.EscapeDataString(room)}&after=x", HttpStatusCode.BadRequest);
    }

    private async Task<string[]> ApiEntriesAsync(string query) =>
        [.. (await gateway.Operator().GetJsonAsync("/api/audit" + query)).GetProperty("entries").EnumerateArray().Select(e => e.Str("action"))];

    private Task<HttpResponseMessage> SayAsync(string consoleToken, int wg) =>
        gateway.Client(consoleToken).PutAsJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/FRA/timer/message", new { text = "Please conclude" });

    private static List<KeyValuePair<string, string>> Form(PageVisitor visitor, params (string Name, string Value)[] fields) =>
    [
        new("__RequestVerificationToken", visitor.Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!),
        .. fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)),
    ];
}
