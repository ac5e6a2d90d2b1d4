using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PreSessions.FunctionalTests;

/// <summary>Health, the OpenAPI document, and the traceparent every response carries.</summary>
public sealed partial class OperationsTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    [GeneratedRegex("^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$")]
    private static partial Regex TraceParent();

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Parameter();

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")] // the embedded silo and the SQLite store answer
    public async Task Health_answers_200(string path)
    {
        using var response = await gateway.Client().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
    }

    private async Task<Dictionary<string, string[]>> OpenApiPaths()
    {
        var document = await gateway.Client().GetJsonAsync("/openapi/v1.json");
        Assert.StartsWith("3.", document.Str("openapi"));
        // Parameter names are the server's own choice ({id} in the contract, {organisationId} here): compare templates.
        return document.GetProperty("paths").EnumerateObject().ToDictionary(
            p => Parameter().Replace(p.Name, "{}"),
            p => p.Value.EnumerateObject().Select(o => o.Name).Where(m => m is "get" or "put" or "post" or "delete" or "patch").Order().ToArray());
    }

    [Theory]
    [InlineData("/api/organisations", "get post")]
    [InlineData("/api/organisations/{id}", "get")]
    [InlineData("/api/wg-sessions", "get")]
    [InlineData("/api/wg-sessions/{wg}", "get put")]
    [InlineData("/api/wg-sessions/{wg}/schedule.ics", "get")]
    [InlineData("/api/wg-sessions/{wg}/pre-sessions/{sur}", "get put")]
    [InlineData("/api/wg-sessions/{wg}/pre-sessions/{sur}/applications", "post")]
    [InlineData("/api/wg-sessions/{wg}/pre-sessions/{sur}/applications/{organisationId}", "delete")]
    [InlineData("/api/wg-sessions/{wg}/pre-sessions/{sur}/rsvps/{organisationId}", "put")]
    [InlineData("/api/states/{sur}", "get")]
    public async Task The_openapi_document_describes_every_api_path(string path, string methods)
    {
        var paths = await OpenApiPaths();

        Assert.True(paths.TryGetValue(Parameter().Replace(path, "{}"), out var described), $"{path} is missing from /openapi/v1.json");
        Assert.Equal(methods.Split(' '), described);
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task The_openapi_document_describes_the_health_paths(string path)
    {
        // CONTRACT.md: "The OpenAPI document served by the gateway must describe all of it", Operations included.
        var paths = await OpenApiPaths();

        Assert.True(paths.TryGetValue(path, out var described), $"{path} is missing from /openapi/v1.json");
        Assert.Equal(["get"], described);
    }

    public static TheoryData<string, string, string?, string?, string?> Requests => new()
    {
        // method, path, token ("operator", "org" or a literal), JSON body, content type
        { "GET", "/health/live", null, null, null },
        { "GET", "/health/ready", null, null, null },
        { "GET", "/openapi/v1.json", null, null, null },
        { "GET", "/no/such/route", null, null, null },
        { "DELETE", "/api/organisations", null, null, null },
        { "POST", "/api/organisations", null, """{"name":"Traced","kind":"cso"}""", null },
        { "POST", "/api/organisations", null, """{"name":"Traced","kind":"club"}""", null },
        { "POST", "/api/organisations", null, """{"name":""", null },
        { "POST", "/api/organisations", null, """{"name":5,"kind":"cso"}""", null },
        { "POST", "/api/organisations", null, """{"name":"Traced","kind":"cso"}""", "text/plain" },
        { "GET", "/api/organisations/org-abcdefghijklmnop", null, null, null },
        { "GET", "/api/organisations/org-abcdefghijklmnop", "garbage", null, null },
        { "GET", "/api/organisations/org-abcdefghijklmnop", "operator", null, null },
        { "PUT", "/api/wg-sessions/990", "org", """{"title":"T","venue":"V","provisional":true}""", null },
        { "GET", "/api/wg-sessions/abc", null, null, null },
        { "GET", "/api/wg-sessions/990", null, null, null },
        { "GET", "/api/wg-sessions/990/schedule.ics", null, null, null },
        { "GET", "/api/states/FRA", null, null, null },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Every_response_carries_a_w3c_traceparent(string method, string path, string? token, string? json, string? contentType)
    {
        var client = token switch
        {
            null => gateway.Client(),
            "operator" => gateway.Operator(),
            "org" => gateway.Client((await gateway.RegisterAsync("cso")).Token),
            _ => gateway.Client(token),
        };
        var content = json is null ? null : Http.Raw(json, contentType ?? "application/json");

        using var response = await client.SendAsync(new HttpMethod(method), path, content);

        Assert.True(response.Headers.TryGetValues("traceparent", out var values),
            $"{(int)response.StatusCode} {method} {path}: no traceparent header");
        var traceparent = Assert.Single(values);
        var match = TraceParent().Match(traceparent);
        Assert.True(match.Success, $"{(int)response.StatusCode} {method} {path}: traceparent '{traceparent}'");
        Assert.NotEqual(new string('0', 32), match.Groups[1].Value);
        Assert.NotEqual(new string('0', 16), match.Groups[2].Value);
    }

    [Fact]
    public async Task Each_request_has_its_own_trace()
    {
        using var first = await gateway.Client().GetAsync("/health/live");
        using var second = await gateway.Client().GetAsync("/health/live");

        Assert.NotEqual(TraceId(first), TraceId(second));
    }

    [Fact]
    public async Task A_caller_s_trace_is_continued()
    {
        const string traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        const string callerSpan = "00f067aa0ba902b7";
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/states/FRA");
        request.Headers.Add("traceparent", $"00-{traceId}-{callerSpan}-01");

        using var response = await gateway.Client().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var match = TraceParent().Match(Assert.Single(response.Headers.GetValues("traceparent")));
        Assert.True(match.Success);
        Assert.Equal(traceId, match.Groups[1].Value);
        Assert.NotEqual(callerSpan, match.Groups[2].Value); // the server's own span within the caller's trace
    }

    [Fact]
    public async Task An_unknown_route_is_a_404_problem()
    {
        using var response = await gateway.Client().GetAsync("/api/nothing-here");

        await response.ProblemAsync(HttpStatusCode.NotFound, hasDetail: false);
    }

    private static string TraceId(HttpResponseMessage response) =>
        TraceParent().Match(Assert.Single(response.Headers.GetValues("traceparent"))).Groups[1].Value;
}
