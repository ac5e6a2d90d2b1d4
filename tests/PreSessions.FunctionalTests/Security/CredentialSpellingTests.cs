using System.Net;

namespace PreSessions.FunctionalTests.Security;

/// <summary>
/// Every way a client may spell one bearer credential (the scheme in any case, 1 to 200 spaces, tabs, blanks after
/// the token) is the same credential to authentication and to the per-token rate limit: one bucket, so spelling a
/// token another way never buys a fresh one. A gateway of its own, so no other test spends its budget.
/// </summary>
public sealed class CredentialSpellingTests(TightLimitsGatewayFactory gateway) : IClassFixture<TightLimitsGatewayFactory>
{
    private static IEnumerable<string> Spellings(string token) =>
        new[] { "Bearer", "bearer", "BEARER", "bEaReR" }.Select(scheme => $"{scheme} {token}")
            .Concat(Enumerable.Range(1, 200).Select(spaces => "Bearer" + new string(' ', spaces) + token))
            .Concat([$"Bearer\t{token}", $"Bearer \t {token}", $"Bearer\t\t{token}", $"Bearer {token}   ", $"Bearer {token}\t", $"bearer\t{token} \t"]);

    [Fact]
    public async Task Authentication_accepts_every_spelling_of_a_token()
    {
        var cso = await gateway.RegisterAsync("cso");
        foreach (var spelling in Spellings(cso.Token))
        {
            using var answer = await Send(HttpMethod.Get, $"/api/organisations/{cso.Id}", spelling);
            Assert.True(answer.StatusCode == HttpStatusCode.OK, $"{Shown(spelling)}: {(int)answer.StatusCode}");
        }
    }

    [Fact]
    public async Task Every_spelling_of_a_token_shares_one_rate_limit_bucket()
    {
        var wg = await gateway.NewPreSessionAsync(seats: 500);
        var mission = await gateway.RegisterAsync("mission");
        var statuses = new List<(string Spelling, HttpStatusCode Status)>();
        var delegates = 0;
        foreach (var (spelling, i) in Spellings(mission.Token).Select((s, i) => (s, i)))
        {
            using var answer = await Send(HttpMethod.Put, $"/api/wg-sessions/{wg}/pre-sessions/FRA/rsvps/{mission.Id}", spelling,
                new { attending = true, delegates = 1 + i % 5 });
            statuses.Add((spelling, answer.StatusCode));
            if (answer.StatusCode == HttpStatusCode.OK)
                delegates = 1 + i % 5;
        }

        Assert.All(statuses.Take(TightLimitsGatewayFactory.Commands), s => Assert.Equal(HttpStatusCode.OK, s.Status));
        var escaped = statuses.Skip(TightLimitsGatewayFactory.Commands).Where(s => s.Status != HttpStatusCode.TooManyRequests).ToList();
        Assert.True(escaped.Count == 0, $"{escaped.Count} spellings escaped the limit, first: {escaped.Select(s => Shown(s.Spelling)).FirstOrDefault()}");
        // The refused RSVPs stored nothing: the last accepted one stands.
        var preSession = await gateway.Client().GetJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/FRA");
        Assert.Equal(delegates, preSession.Int("seatsTaken"));
    }

    [Theory]
    [InlineData("Bearer")]
    [InlineData("Bearer    ")]
    [InlineData("Bearerpso_x")]
    [InlineData("Basic b3A6cGFzcw==")]
    [InlineData("Bearer two tokens")]
    public async Task What_is_not_a_bearer_credential_is_401(string header)
    {
        using var answer = await Send(HttpMethod.Get, "/api/organisations/org-aaaaaaaaaaaaaaaa", header);
        await answer.ProblemAsync(HttpStatusCode.Unauthorized);
    }

    private async Task<HttpResponseMessage> Send(HttpMethod method, string url, string authorization, object? body = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : System.Net.Http.Json.JsonContent.Create(body) };
        Assert.True(request.Headers.TryAddWithoutValidation("Authorization", authorization));
        return await gateway.Client().SendAsync(request);
    }

    private static string Shown(string spelling) => spelling[..Math.Min(spelling.Length, 12)].Replace("\t", "\\t") + $"... ({spelling.Length} chars)";
}
