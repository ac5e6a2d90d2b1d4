using System.Net;
using System.Net.Http.Json;
using System.Text;
using Xunit.Abstractions;

namespace PreSessions.IntegrationTests.Security;

/// <summary>
/// Body and header sizes are enforced by the real server (Kestrel), so these run the real gateway process: too large a
/// body is 413 and too many header bytes 431, both as problem+json, and nothing is created.
/// </summary>
public sealed class RequestSizeTests(ITestOutputHelper log) : IAsyncLifetime
{
    private readonly TempDataDirectory _data = new();
    private ServiceProcess _gateway = null!;

    public async Task InitializeAsync() => _gateway = await ServiceProcess.StartReadyAsync(_data.Path, seedDemo: false, "size-operator");

    public async Task DisposeAsync()
    {
        log.WriteLine(_gateway.Output);
        await _gateway.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413_with_or_without_a_content_length()
    {
        var huge = new string('x', 100 * 1024);
        using var declared = await _gateway.Http.PostAsync("/api/organisations",
            new StringContent($$"""{"name":"{{huge}}","kind":"cso"}""", Encoding.UTF8, "application/json"));
        await declared.ProblemAsync(HttpStatusCode.RequestEntityTooLarge);

        // Chunked: the size is only known while reading, so the refusal comes from the read itself.
        var chunked = new PushStreamContent(Encoding.UTF8.GetBytes($$"""{"name":"{{huge}}","kind":"cso"}"""));
        chunked.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var streamed = await _gateway.Http.PostAsync("/api/organisations", chunked);
        await streamed.ProblemAsync(HttpStatusCode.RequestEntityTooLarge);

        var schedule = await _gateway.Client("size-operator").PutAsJsonAsync("/api/wg-sessions/40",
            new { title = "WG 40", venue = "Geneva", provisional = true });
        Assert.Equal(HttpStatusCode.Created, schedule.StatusCode);
    }

    [Fact]
    public async Task Too_many_header_bytes_are_431_as_a_problem()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/wg-sessions/29");
        request.Headers.TryAddWithoutValidation("X-Padding", new string('a', 20 * 1024));
        using var answer = await _gateway.Http.SendAsync(request);
        var problem = await answer.ProblemAsync(HttpStatusCode.RequestHeaderFieldsTooLarge);
        Assert.Contains("headers", problem.Str("detail"));
    }

    /// <summary>A body with no Content-Length, sent in chunks.</summary>
    private sealed class PushStreamContent(byte[] body) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            for (var offset = 0; offset < body.Length; offset += 4096)
                await stream.WriteAsync(body.AsMemory(offset, Math.Min(4096, body.Length - offset)));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
