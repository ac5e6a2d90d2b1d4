using System.Net;
using System.Net.Http.Json;

namespace PreSessions.FunctionalTests.Security;

/// <summary>
/// Operators revoke and reissue organisation and console tokens. A revoked token is refused from the next request on:
/// gateways keep no cache of tokens, each request asks the grain that holds the hash.
/// </summary>
public sealed class TokenRevocationTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    [Fact]
    public async Task A_reissued_organisation_token_replaces_the_old_one_at_once()
    {
        var cso = await gateway.RegisterAsync("cso");
        await gateway.Client(cso.Token).GetAsync($"/api/organisations/{cso.Id}").ExpectAsync(HttpStatusCode.OK);

        var reissued = await (await gateway.Operator().PostAsync($"/api/organisations/{cso.Id}/token", null)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(cso.Id, reissued.Str("id"));
        var fresh = reissued.Str("token");
        Assert.NotEqual(cso.Token, fresh);
        Assert.StartsWith($"pso_{cso.Id}_", fresh);

        await (await gateway.Client(cso.Token).GetAsync($"/api/organisations/{cso.Id}")).UnauthorizedAsync();
        await gateway.Client(fresh).GetAsync($"/api/organisations/{cso.Id}").ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_revoked_organisation_token_is_refused_everywhere_until_one_is_reissued()
    {
        var wg = await gateway.NewPreSessionAsync();
        var cso = await gateway.RegisterAsync("cso");
        await gateway.Operator().DeleteAsync($"/api/organisations/{cso.Id}/token").ExpectAsync(HttpStatusCode.NoContent);
        // Revoking again is not an error: the token stays revoked.
        await gateway.Operator().DeleteAsync($"/api/organisations/{cso.Id}/token").ExpectAsync(HttpStatusCode.NoContent);

        await (await gateway.Client(cso.Token).GetAsync($"/api/organisations/{cso.Id}")).UnauthorizedAsync();
        await (await gateway.Client(cso.Token).ApplyAsync(wg, "FRA", "Jane")).UnauthorizedAsync();
        var preSession = await gateway.Client().GetJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/FRA");
        Assert.Empty(preSession.GetProperty("panel").EnumerateArray());

        var reissued = (await (await gateway.Operator().PostAsync($"/api/organisations/{cso.Id}/token", null)).JsonAsync(HttpStatusCode.OK)).Str("token");
        await gateway.Client(reissued).ApplyAsync(wg, "FRA", "Jane").ExpectAsync(HttpStatusCode.Created);
        await (await gateway.Client(cso.Token).GetAsync($"/api/organisations/{cso.Id}")).UnauthorizedAsync();
    }

    [Fact]
    public async Task A_registration_replayed_after_a_reissue_does_not_hand_out_the_old_token()
    {
        var key = Guid.NewGuid().ToString("N");
        var body = new { name = "Replayed CSO", kind = "cso" };
        var first = await (await gateway.Client().SendAsync(HttpMethod.Post, "/api/organisations", JsonContent.Create(body), key))
            .JsonAsync(HttpStatusCode.Created);
        await gateway.Operator().PostAsync($"/api/organisations/{first.Str("id")}/token", null).ExpectAsync(HttpStatusCode.OK);

        var replay = await gateway.Client().SendAsync(HttpMethod.Post, "/api/organisations", JsonContent.Create(body), key);
        var problem = await replay.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("reissued", problem.Str("detail"));
        Assert.DoesNotContain(first.Str("token"), await replay.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Only_the_operator_reissues_or_revokes_and_only_known_organisations()
    {
        var cso = await gateway.RegisterAsync("cso");
        var other = await gateway.RegisterAsync("nhri");
        await gateway.Client(cso.Token).PostAsync($"/api/organisations/{cso.Id}/token", null).ExpectAsync(HttpStatusCode.Forbidden);
        await gateway.Client(other.Token).DeleteAsync($"/api/organisations/{cso.Id}/token").ExpectAsync(HttpStatusCode.Forbidden);
        await (await gateway.Client().PostAsync($"/api/organisations/{cso.Id}/token", null)).UnauthorizedAsync();
        await (await gateway.Operator().PostAsync("/api/organisations/org-aaaaaaaaaaaaaaaa/token", null)).ProblemAsync(HttpStatusCode.NotFound);
        await (await gateway.Operator().DeleteAsync("/api/organisations/not-an-id/token")).ValidationProblemAsync("organisationId");
        await gateway.Client(cso.Token).GetAsync($"/api/organisations/{cso.Id}").ExpectAsync(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("%20XXIV")]
    [InlineData("XXIV%20")]
    [InlineData("XXIV%0A")]
    [InlineData("%09")]
    public async Task A_room_is_named_exactly_as_it_was_scheduled(string room)
    {
        await (await gateway.Operator().PostAsync($"/api/rooms/{room}/console-tokens", null)).ValidationProblemAsync("room");
        await (await gateway.Client().GetAsync($"/api/rooms/{room}")).ValidationProblemAsync("room");
    }

    [Fact]
    public async Task A_revoked_console_token_drives_no_timer_while_the_room_s_other_consoles_still_do()
    {
        var wg = await gateway.CreateWgSessionAsync();
        var room = $"Revocation {wg}";
        await gateway.SchedulePreSessionAsync(wg, "FRA", room: room);
        var roomPath = $"/api/rooms/{Uri.EscapeDataString(room)}/console-tokens";
        var first = await (await gateway.Operator().PostAsync(roomPath, null)).JsonAsync(HttpStatusCode.Created);
        var second = await (await gateway.Operator().PostAsync(roomPath, null)).JsonAsync(HttpStatusCode.Created);

        var listed = (await gateway.Operator().GetJsonAsync(roomPath)).EnumerateArray().ToList();
        Assert.Equal([first.Str("id"), second.Str("id")], listed.Select(t => t.Str("id")));
        Assert.All(listed, t => Assert.Equal(["id", "issuedAt"], t.Names()));

        await gateway.Operator().DeleteAsync($"{roomPath}/{first.Str("id")}").ExpectAsync(HttpStatusCode.NoContent);
        await (await gateway.Operator().DeleteAsync($"{roomPath}/{first.Str("id")}")).ProblemAsync(HttpStatusCode.NotFound);

        var timer = $"/api/wg-sessions/{wg}/pre-sessions/FRA/timer";
        await (await gateway.Client(first.Str("token")).PostAsync($"{timer}/start", null)).UnauthorizedAsync();
        await gateway.Client(second.Str("token")).PostAsync($"{timer}/start", null).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal([second.Str("id")], (await gateway.Operator().GetJsonAsync(roomPath)).EnumerateArray().Select(t => t.Str("id")));

        await gateway.Client(second.Str("token")).GetAsync(roomPath).ExpectAsync(HttpStatusCode.Forbidden);
        await gateway.Client(second.Str("token")).DeleteAsync($"{roomPath}/{second.Str("id")}").ExpectAsync(HttpStatusCode.Forbidden);
    }
}
