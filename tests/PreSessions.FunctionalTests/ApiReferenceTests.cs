using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PreSessions.FunctionalTests;

/// <summary>
/// The API reference: the served OpenAPI document passes <c>redocly lint</c> (recommended rules) and says what every
/// operation answers; the interactive page at /api/reference works under the gateway's policy with every file from here.
/// </summary>
public sealed partial class ApiReferenceTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private static readonly TimeSpan LintTimeout = TimeSpan.FromMinutes(3);

    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    private async Task<JsonElement> DocumentAsync() => await gateway.Client().GetJsonAsync("/openapi/v1.json");

    private static (string Name, JsonElement Operation)[] Operations(JsonElement document) =>
        [.. document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Where(o => Methods.Contains(o.Name)).Select(o => ($"{o.Name.ToUpperInvariant()} {p.Name}", o.Value)))];

    [Fact]
    public async Task Redocly_lint_with_the_recommended_rules_finds_no_error_in_the_served_document()
    {
        var redocly = Path.Combine(RepositoryRoot(), ".tools", "redocly", "node_modules", ".bin", "redocly");
        Assert.True(File.Exists(redocly), $"{redocly} is missing: run scripts/redocly.sh (scripts/test.sh does).");
        var folder = Directory.CreateTempSubdirectory("presessions-openapi-");
        try
        {
            var document = Path.Combine(folder.FullName, "openapi.json");
            await File.WriteAllTextAsync(document, await gateway.Client().GetStringAsync("/openapi/v1.json"));

            // No configuration file in the folder it runs in: redocly applies its recommended rules.
            var (exitCode, output) = await RunAsync(redocly, folder.FullName, "lint", document);

            Assert.True(exitCode == 0, $"redocly lint exited with {exitCode}:\n{output}");
            Assert.Contains("Your API description is valid", output);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Every_operation_has_a_summary_and_a_unique_id()
    {
        var operations = Operations(await DocumentAsync());

        Assert.All(operations, o => Assert.False(string.IsNullOrWhiteSpace(o.Operation.GetProperty("summary").GetString()), $"{o.Name} has no summary"));
        var ids = operations.Select(o => o.Operation.GetProperty("operationId").GetString()).ToArray();
        Assert.Equal(ids.Length, ids.Distinct().Count());
    }

    [Fact]
    public async Task Bearer_operations_declare_the_scheme_and_their_401_and_403_and_public_ones_no_security()
    {
        var document = await DocumentAsync();
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer");
        Assert.Equal(("http", "bearer"), (scheme.Str("type"), scheme.Str("scheme")));

        var operations = Operations(document).ToDictionary(o => o.Name, o => o.Operation);
        foreach (var name in new[] { "PUT /api/wg-sessions/{wg}", "GET /api/audit", "POST /api/wg-sessions/{wg}/pre-sessions/{sur}/applications" })
        {
            var security = operations[name].GetProperty("security").EnumerateArray().Single();
            Assert.Equal(["bearer"], security.Names());
            Problem(document, operations[name], "401");
            Problem(document, operations[name], "403");
        }
        foreach (var name in new[] { "GET /api/wg-sessions", "GET /api/wg-sessions/{wg}", "POST /api/organisations", "GET /health/live" })
        {
            Assert.Empty(operations[name].GetProperty("security").EnumerateArray());
            Assert.False(operations[name].GetProperty("responses").TryGetProperty("401", out _), $"{name} is public but lists a 401");
        }
    }

    [Fact]
    public async Task The_answers_that_follow_from_an_endpoint_are_problems_and_the_specific_ones_stay()
    {
        var document = await DocumentAsync();
        var operations = Operations(document).ToDictionary(o => o.Name, o => o.Operation);

        var apply = operations["POST /api/wg-sessions/{wg}/pre-sessions/{sur}/applications"];
        foreach (var status in new[] { "401", "403", "404", "409", "413", "415", "429", "503" })
            Problem(document, apply, status);
        Assert.True(Problem(document, apply, "400").GetProperty("properties").TryGetProperty("errors", out _), "the 400 problem has no errors");
        Assert.True(apply.GetProperty("responses").TryGetProperty("201", out _));
        foreach (var status in new[] { "429", "503" })
            Assert.Equal("integer", apply.GetProperty("responses").GetProperty(status).GetProperty("headers").GetProperty("Retry-After").GetProperty("schema").Str("type"));

        Assert.Equal(["200", "503"], operations["GET /api/wg-sessions"].GetProperty("responses").Names().Order());
        Assert.Equal(["200"], operations["GET /health/live"].GetProperty("responses").Names());
        foreach (var stream in new[] { "GET /api/rooms/{room}/events", "GET /api/wg-sessions/{wg}/pre-sessions/{sur}/timer/events" })
            Assert.Equal(["text/event-stream"], operations[stream].GetProperty("responses").GetProperty("200").GetProperty("content").Names());
        Assert.Equal(["text/calendar"],
            operations["GET /api/wg-sessions/{wg}/schedule.ics"].GetProperty("responses").GetProperty("200").GetProperty("content").Names());
    }

    [Fact]
    public async Task The_document_describes_the_api_and_health_only()
    {
        var paths = (await DocumentAsync()).GetProperty("paths").Names();

        Assert.All(paths, p => Assert.True(p.StartsWith("/api/") || p.StartsWith("/health/"), $"{p} is not API"));
        Assert.DoesNotContain(paths, p => p.StartsWith("/api/reference", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_reference_page_is_served_from_the_gateway_under_a_policy_that_allows_only_its_own_nonce()
    {
        using (var bare = await gateway.Client().GetAsync("/api/reference"))
            Assert.Equal(HttpStatusCode.Redirect, bare.StatusCode);

        using var page = await gateway.Client().GetAsync("/api/reference/");
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);

        var csp = Assert.Single(page.Headers.GetValues("Content-Security-Policy"));
        var nonce = Assert.Single(Regex.Matches(csp, "script-src 'self' 'nonce-([0-9A-F]{64})'")).Groups[1].Value;
        Assert.Contains($"style-src 'self' 'nonce-{nonce}'", csp);
        Assert.Contains("connect-src 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.DoesNotContain("unsafe-", csp);
        Assert.Contains($"<meta property=\"csp-nonce\" content=\"{nonce}\"", html);
        var scripts = ScriptTag().Matches(html).ToArray();
        Assert.NotEmpty(scripts);
        Assert.All(scripts, s => Assert.Equal(nonce, s.Groups["nonce"].Value));

        // Every file the page loads is the gateway's own (relative to /api/reference/), and is there.
        var sources = scripts.Select(s => s.Groups["src"].Value).Where(src => src.Length > 0).ToArray();
        Assert.Contains("scalar.js", sources);
        Assert.DoesNotMatch("(src|href)=\"(https?:)?//", html);
        foreach (var source in sources)
        {
            using var asset = await gateway.Client().GetAsync("/api/reference/" + source);
            Assert.True(asset.StatusCode == HttpStatusCode.OK, $"{source}: {(int)asset.StatusCode}");
            Assert.Equal("text/javascript", asset.Content.Headers.ContentType?.MediaType);
            Assert.True((await asset.Content.ReadAsByteArrayAsync()).Length > 0, $"{source} is empty");
        }
        // The configuration turns off what would reach out: web fonts, telemetry.
        Assert.Contains("\"withDefaultFonts\":false", html);
        Assert.Contains("\"telemetry\":false", html);

        // A fresh nonce for every page; the rest of the gateway keeps the strict policy.
        using var again = await gateway.Client().GetAsync("/api/reference/");
        Assert.DoesNotContain(nonce, Assert.Single(again.Headers.GetValues("Content-Security-Policy")));
        using var api = await gateway.Client().GetAsync("/api/wg-sessions");
        Assert.DoesNotContain("nonce-", Assert.Single(api.Headers.GetValues("Content-Security-Policy")));
    }

    /// <summary>A script tag's src (empty for an inline one) and nonce, whatever the attributes' order.</summary>
    [GeneratedRegex("""<script(?=[^>]*\bnonce="(?<nonce>[^"]*)")?(?:(?=[^>]*\bsrc="(?<src>[^"]*)"))?[^>]*>""")]
    private static partial Regex ScriptTag();

    /// <summary>The operation's answer with this status: a problem+json; its schema, the component's when it refers to one.</summary>
    private static JsonElement Problem(JsonElement document, JsonElement operation, string status)
    {
        Assert.True(operation.GetProperty("responses").TryGetProperty(status, out var response), $"no {status}");
        var schema = response.GetProperty("content").GetProperty("application/problem+json").GetProperty("schema");
        return schema.TryGetProperty("$ref", out var reference)
            ? document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!["#/components/schemas/".Length..])
            : schema;
    }

    private static string RepositoryRoot()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "PreSessions.sln")))
            root = root.Parent;
        Assert.True(root is not null, $"No PreSessions.sln above {AppContext.BaseDirectory}.");
        return root.FullName;
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo(program, args)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // A test asks nobody on the network: no usage telemetry, no check for a newer version.
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var bound = new CancellationTokenSource(LintTimeout);
        try
        {
            await process.WaitForExitAsync(bound.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"redocly lint did not finish within {LintTimeout}.");
        }
        return (process.ExitCode, await output + await errors);
    }
}
