using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Xunit.Abstractions;

namespace PreSessions.IntegrationTests.Security;

/// <summary>
/// Tokens are stored only as hashes and never logged: after a real gateway process has issued, used, reissued and
/// refused every kind of token (with its logs at Debug), no token is found in any file of its store or in its output.
/// </summary>
public sealed class SecretsAtRestTests(ITestOutputHelper log)
{
    [Fact]
    public async Task No_token_is_in_the_embedded_store_or_the_logs()
    {
        using var data = new TempDataDirectory();
        var operatorToken = "pso_operator_" + Guid.NewGuid().ToString("N");
        var tokens = new List<string> { operatorToken };
        string output;

        await using (var gateway = ServiceProcess.Start(data.Path, seedDemo: false, operatorToken,
            new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Debug" }))
        {
            await gateway.WaitUntilReadyAsync();
            var op = gateway.Client(operatorToken);
            await (await op.PutAsJsonAsync("/api/wg-sessions/41", new { title = "WG 41", venue = "Geneva", provisional = true }))
                .JsonAsync(HttpStatusCode.Created);
            await (await op.PutAsJsonAsync("/api/wg-sessions/41/pre-sessions/FRA",
                new { startsAt = "2031-01-14T10:00:00+01:00", durationMinutes = 60, room = "XXIV", panelSize = 3, seats = 10 }))
                .JsonAsync(HttpStatusCode.Created);

            var cso = await Register(gateway, "cso", idempotencyKey: null);
            var keyed = await Register(gateway, "nhri", idempotencyKey: "registration-" + Guid.NewGuid().ToString("N"));
            var mission = await Register(gateway, "mission", idempotencyKey: null);
            tokens.AddRange([cso.Token, keyed.Token, mission.Token]);

            await Send(gateway, HttpMethod.Post, "/api/wg-sessions/41/pre-sessions/FRA/applications", cso.Token,
                new { speakerName = "Secret Speaker", themes = new[] { "Detention" } }, HttpStatusCode.Created);
            await Send(gateway, HttpMethod.Put, $"/api/wg-sessions/41/pre-sessions/FRA/rsvps/{mission.Id}", mission.Token,
                new { attending = true, delegates = 2 }, HttpStatusCode.OK);
            var reissued = (await (await op.PostAsync($"/api/organisations/{keyed.Id}/token", null)).JsonAsync(HttpStatusCode.OK)).Str("token");
            tokens.Add(reissued);
            // The replaced token, refused: a failed authentication must not log what was presented either.
            await Send(gateway, HttpMethod.Get, $"/api/organisations/{keyed.Id}", keyed.Token, null, HttpStatusCode.Unauthorized);

            var console = (await (await op.PostAsync("/api/rooms/XXIV/console-tokens", null)).JsonAsync(HttpStatusCode.Created)).Str("token");
            tokens.Add(console);
            await Send(gateway, HttpMethod.Post, "/api/wg-sessions/41/pre-sessions/FRA/timer/start", console, null, HttpStatusCode.OK);
            await Send(gateway, HttpMethod.Get, "/api/organisations/" + cso.Id, "pso_" + cso.Id + "_forged" + new string('x', 37), null, HttpStatusCode.Unauthorized);

            // The invitations: their links' tokens (opened, so a request line holds one) and the token a redeemed link hands out.
            await Send(gateway, HttpMethod.Post, "/api/wg-sessions/41/invitations", operatorToken, null, HttpStatusCode.OK);
            var csv = await op.GetStringAsync("/api/wg-sessions/41/invitations.csv");
            var links = System.Text.RegularExpressions.Regex.Matches(csv, @"https?://[^,/]+(/invitations/(psi_[A-Za-z0-9_-]+))").ToList();
            Assert.Equal(193, links.Count);
            tokens.AddRange(links.Select(l => l.Groups[2].Value));
            tokens.Add(await RedeemAsync(gateway, links[0].Groups[1].Value));

            Assert.Equal(0, await gateway.StopAsync());
            output = gateway.Output;
        }

        var files = Directory.EnumerateFiles(data.Path, "*", SearchOption.AllDirectories).ToList();
        Assert.Contains(files, f => f.EndsWith(".db", StringComparison.Ordinal));
        foreach (var file in files)
        {
            var bytes = await File.ReadAllBytesAsync(file);
            foreach (var token in tokens)
            {
                Assert.False(Contains(bytes, Encoding.UTF8.GetBytes(token)), $"A token is in plain text in {file}.");
                Assert.False(Contains(bytes, Encoding.Unicode.GetBytes(token)), $"A token is in plain text (UTF-16) in {file}.");
                // Each token's secret part alone, in case a store split it from its prefix.
                var secret = TokenSecrets.Of(token);
                Assert.False(Contains(bytes, Encoding.UTF8.GetBytes(secret)), $"A token's secret is in plain text in {file}.");
            }
        }
        foreach (var token in tokens)
            Assert.DoesNotContain(TokenSecrets.Of(token), output);
        log.WriteLine($"{files.Count} files, {tokens.Count} tokens checked.");
        // What was stored is readable there: the test reads the files it should.
        Assert.Contains("Secret Speaker", Encoding.UTF8.GetString(await File.ReadAllBytesAsync(files.First(f => f.EndsWith(".db", StringComparison.Ordinal))))
            + string.Concat(files.Where(f => f.EndsWith("-wal", StringComparison.Ordinal)).Select(f => Encoding.UTF8.GetString(File.ReadAllBytes(f)))));
    }

    private static async Task<Registered> Register(ServiceProcess gateway, string kind, string? idempotencyKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/organisations")
        {
            Content = JsonContent.Create(new { name = $"Secret {kind} {Guid.NewGuid():N}"[..24], kind, email = "someone@example.org" }),
        };
        if (idempotencyKey is not null)
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        var body = await (await gateway.Http.SendAsync(request)).JsonAsync(HttpStatusCode.Created);
        return new Registered(body.Str("id"), body.Str("token"), body.Str("name"));
    }

    private static async Task Send(ServiceProcess gateway, HttpMethod method, string url, string token, object? body, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await gateway.Http.SendAsync(request);
        Assert.True(response.StatusCode == expected, $"{method} {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Opens an invitation link and presses its button, as a browser would (cookies, antiforgery); answers the token shown.</summary>
    private static async Task<string> RedeemAsync(ServiceProcess gateway, string path)
    {
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new System.Net.CookieContainer() }) { BaseAddress = gateway.BaseAddress };
        var page = await browser.GetStringAsync(path);
        var antiforgery = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var redeemed = await browser.PostAsync(path, new FormUrlEncodedContent([new("__RequestVerificationToken", antiforgery)]));
        var answer = await redeemed.Content.ReadAsStringAsync();
        Assert.True(redeemed.StatusCode == HttpStatusCode.OK, $"POST {path}: {(int)redeemed.StatusCode}");
        return System.Text.RegularExpressions.Regex.Match(answer, "id=\"token\"[^>]*>(pso_[^<]+)<").Groups[1].Value;
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
