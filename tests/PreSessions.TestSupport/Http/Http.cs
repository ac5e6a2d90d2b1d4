using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace PreSessions.TestSupport;

/// <summary>Requests and the contract's assertions on answers: exact status, media type and problem shape.</summary>
public static class Http
{
    /// <summary>A JSON answer with exactly this status; the body parsed.</summary>
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected,
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Only the status, for the requests that set a scene: the answer is checked and let go.</summary>
    public static async Task ExpectAsync(this Task<HttpResponseMessage> request, HttpStatusCode expected)
    {
        using var response = await request;
        Assert.True(response.StatusCode == expected,
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: expected {(int)expected}, got {(int)response.StatusCode}: " +
            await response.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// An RFC 9457 problem with exactly this status: application/problem+json, <c>status</c> equal to the HTTP status,
    /// a <c>title</c>, and a <c>detail</c> unless the caller says the gateway gives none there.
    /// </summary>
    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response, HttpStatusCode expected, bool hasDetail = true)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected,
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        if (hasDetail)
            Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        return problem;
    }

    /// <summary>A 400 validation problem whose <c>errors</c> name exactly <paramref name="field"/>, each with a message.</summary>
    public static async Task<JsonElement> ValidationProblemAsync(this HttpResponseMessage response, string field)
    {
        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.Equal([field], errors.EnumerateObject().Select(e => e.Name).ToArray());
        var messages = errors.GetProperty(field).EnumerateArray().Select(m => m.GetString()).ToArray();
        Assert.NotEmpty(messages);
        Assert.All(messages, m => Assert.False(string.IsNullOrWhiteSpace(m)));
        return problem;
    }

    /// <summary>401: a problem and the Bearer challenge.</summary>
    public static async Task<JsonElement> UnauthorizedAsync(this HttpResponseMessage response)
    {
        var problem = await response.ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        return problem;
    }

    /// <summary>A body sent exactly as written: malformed JSON, wrong types, or another media type.</summary>
    public static StringContent Raw(string body, string mediaType = "application/json") => new(body, Encoding.UTF8, mediaType);

    public static Task<HttpResponseMessage> SendAsync(
        this HttpClient client, HttpMethod method, string url, HttpContent? content = null, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        if (idempotencyKey is not null)
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> ApplyAsync(
        this HttpClient client, int wg, string sur, object body, string? idempotencyKey = null) =>
        client.SendAsync(HttpMethod.Post, $"/api/wg-sessions/{wg}/pre-sessions/{sur}/applications", JsonContent.Create(body), idempotencyKey);

    /// <summary>Applies with consent to publish the speaker's name, since most tests read the panel as the public does.</summary>
    public static Task<HttpResponseMessage> ApplyAsync(
        this HttpClient client, int wg, string sur, string speakerName, string? idempotencyKey = null) =>
        client.ApplyAsync(wg, sur, new { speakerName, themes = new[] { "Civic space" }, publishSpeakerName = true }, idempotencyKey);

    /// <summary>
    /// An application answering every question UPR Info's forms ask: gender, ECOSOC status, scope, submission, the
    /// recommendations it builds on; consent to publish the statement, not the speaker's name.
    /// </summary>
    public static object EveryQuestionAnswered(string speakerName = "Ana Pérez", string[]? themes = null, string gender = "woman") => new
    {
        speakerName,
        themes = themes ?? ["Women's rights"],
        speakerGender = gender,
        ecosocStatus = true,
        scope = "national",
        submissionUrl = "https://example.org/upr/submission.pdf",
        recommendationIds = new[] { "118.25", "118.26" },
        publishSpeakerName = false,
        publishStatement = true,
    };

    public static Task<HttpResponseMessage> WithdrawAsync(
        this HttpClient client, int wg, string sur, string organisationId, string? idempotencyKey = null) =>
        client.SendAsync(HttpMethod.Delete, $"/api/wg-sessions/{wg}/pre-sessions/{sur}/applications/{organisationId}", null, idempotencyKey);

    public static Task<HttpResponseMessage> RsvpAsync(
        this HttpClient client, int wg, string sur, string organisationId, object body) =>
        client.PutAsJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/{sur}/rsvps/{organisationId}", body);

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        return await response.JsonAsync(HttpStatusCode.OK);
    }

    public static string[] Names(this JsonElement obj) => [.. obj.EnumerateObject().Select(p => p.Name)];

    public static string Str(this JsonElement element, string property) => element.GetProperty(property).GetString()!;

    public static int Int(this JsonElement element, string property) => element.GetProperty(property).GetInt32();
}
