using System.Net;
using System.Net.Http.Json;

namespace PreSessions.FunctionalTests.Security;

/// <summary>
/// A keyed registration's replay hands its token out again only within 24 hours of the registration and until the
/// token is first used (issue 16, item 2): the Idempotency-Key must not work as a password for whoever repeats it.
/// A class of its own, since it moves its gateway's clock.
/// </summary>
public sealed class RegistrationReplayTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(24);

    private async Task<HttpResponseMessage> Register(string key, string name) =>
        await gateway.Client().SendAsync(HttpMethod.Post, "/api/organisations", JsonContent.Create(new { name, kind = "cso" }), key);

    [Fact]
    public async Task A_replay_at_the_end_of_the_window_still_answers_the_token_and_one_after_it_is_a_conflict_without_one()
    {
        var key = "replay-" + Guid.NewGuid();
        using var first = await Register(key, "Window Watchers");
        var registered = await first.JsonAsync(HttpStatusCode.Created);

        gateway.Clock.Advance(Window);
        using var atTheEdge = await Register(key, "Window Watchers");
        Assert.Equal(registered.Str("token"), (await atTheEdge.JsonAsync(HttpStatusCode.Created)).Str("token"));

        gateway.Clock.Advance(TimeSpan.FromSeconds(1));
        using var late = await Register(key, "Window Watchers");
        var problem = await late.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("operator", problem.Str("detail"));
        Assert.DoesNotContain(registered.Str("token"), problem.GetRawText());
        // Still the same organisation, its token still working: the refusal changed nothing.
        var profile = await gateway.Client(registered.Str("token")).GetJsonAsync($"/api/organisations/{registered.Str("id")}");
        Assert.Equal("Window Watchers", profile.Str("name"));
    }

    [Fact]
    public async Task The_first_use_of_the_token_ends_the_window()
    {
        var key = "replay-" + Guid.NewGuid();
        using var first = await Register(key, "First Use Forum");
        var registered = await first.JsonAsync(HttpStatusCode.Created);
        using (var lostAnswer = await Register(key, "First Use Forum"))   // before any use: the retry of a lost answer
            Assert.Equal(registered.Str("token"), (await lostAnswer.JsonAsync(HttpStatusCode.Created)).Str("token"));

        await gateway.Client(registered.Str("token")).GetJsonAsync($"/api/organisations/{registered.Str("id")}");

        using var replay = await Register(key, "First Use Forum");
        var problem = await replay.ProblemAsync(HttpStatusCode.Conflict);
        Assert.DoesNotContain(registered.Str("token"), problem.GetRawText());
    }

    [Fact]
    public async Task A_reissued_token_is_never_handed_out_by_a_replay_and_its_use_keeps_working()
    {
        var key = "replay-" + Guid.NewGuid();
        using var first = await Register(key, "Reissue Relay");
        var registered = await first.JsonAsync(HttpStatusCode.Created);
        using var reissue = await gateway.Operator().PostAsync($"/api/organisations/{registered.Str("id")}/token", null);
        var reissued = (await reissue.JsonAsync(HttpStatusCode.OK)).Str("token");

        using var replay = await Register(key, "Reissue Relay");
        var problem = await replay.ProblemAsync(HttpStatusCode.Conflict);
        Assert.DoesNotContain(reissued, problem.GetRawText());
        Assert.DoesNotContain(registered.Str("token"), problem.GetRawText());
        await gateway.Client(reissued).GetJsonAsync($"/api/organisations/{registered.Str("id")}");
    }
}
