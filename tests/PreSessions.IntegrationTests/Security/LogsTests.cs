using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace PreSessions.IntegrationTests.Security;

/// <summary>
/// The built gateway as a service manager starts it (`dotnet /path/PreSessions.Gateway.dll` from another working
/// directory): it finds its settings beside the program, writes nothing per request at its default levels, and no
/// token a client sends (in a query string or a header) reaches its log, even with every request logged.
/// </summary>
public sealed class LogsTests
{
    private const int Requests = 100;

    [Fact]
    public async Task Started_from_elsewhere_it_finds_its_settings_and_logs_nothing_per_request()
    {
        var (output, tokens) = await RunRequests(settings: null);

        Assert.Contains($"Content root path: {ServiceProcess.BinDirectory("Gateway")}", output.Before);
        var perRequest = (output.After.Length - output.Before.Length) / (double)Requests;
        Assert.True(perRequest < 10, $"{perRequest:F0} bytes of log per request:\n{output.After[output.Before.Length..][..Math.Min(2000, output.After.Length - output.Before.Length)]}");
        AssertNoToken(output.After, tokens);
    }

    [Fact]
    public async Task With_every_request_logged_no_token_is_written()
    {
        var (output, tokens) = await RunRequests(new Dictionary<string, string>
        {
            ["Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics"] = "Debug",
            ["Logging__LogLevel__Microsoft.AspNetCore.Authentication"] = "Debug",
            ["Logging__LogLevel__Microsoft.AspNetCore.Routing"] = "Debug",
            ["Logging__LogLevel__Microsoft.AspNetCore.Server.Kestrel"] = "Debug",
        });

        // The request lines are there, their query strings redacted: the test reads what it should.
        Assert.Contains("Request starting", output.After);
        var requestLines = output.After.Split('\n').Where(l => l.Contains("Request starting", StringComparison.Ordinal) && l.Contains("/api/organisations/org-", StringComparison.Ordinal)).ToList();
        Assert.Equal(Requests, requestLines.Count(line => line.TrimEnd().EndsWith("?[redacted] - - -", StringComparison.Ordinal)));
        AssertNoToken(output.After, tokens);
    }

    private static async Task<((string Before, string After) Output, string[] Tokens)> RunRequests(IReadOnlyDictionary<string, string>? settings)
    {
        using var data = new TempDataDirectory();
        using var elsewhere = new TempDataDirectory();
        var operatorToken = "pso_operator_" + Guid.NewGuid().ToString("N");
        await using var gateway = ServiceProcess.Start(data.Path, seedDemo: false, operatorToken, settings, workingDirectory: elsewhere.Path);
        await gateway.WaitUntilReadyAsync();
        using var registered = await gateway.Http.PostAsJsonAsync("/api/organisations", new { name = "Logged CSO", kind = "cso" });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var body = await registered.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        var (id, token) = (body.GetProperty("id").GetString()!, body.GetProperty("token").GetString()!);
        var forged = "pso_" + id + "_" + new string('Z', 43);

        var before = gateway.Output;
        for (var i = 0; i < Requests; i++)
        {
            var sent = (i % 3) switch { 0 => token, 1 => forged, _ => operatorToken };
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/organisations/{id}?access_token={Uri.EscapeDataString(sent)}&token={sent}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", sent);
            using var answer = await gateway.Http.SendAsync(request);
            Assert.True((int)answer.StatusCode < 500, $"{(int)answer.StatusCode}");
        }
        using (var plain = await gateway.Client(token).GetAsync($"/api/organisations/{id}"))
            Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.Equal(0, await gateway.StopAsync());
        return ((before, gateway.Output), [token, forged, operatorToken]);
    }

    private static void AssertNoToken(string output, string[] tokens)
    {
        foreach (var token in tokens)
        {
            // The whole token and its secret alone (the part after the organisation id, or the operator's hex).
            Assert.DoesNotContain(token, output);
            Assert.DoesNotContain(token[^32..], output);
        }
    }
}
