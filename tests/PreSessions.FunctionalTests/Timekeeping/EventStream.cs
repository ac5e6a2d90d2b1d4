using System.Net;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace PreSessions.FunctionalTests.Timekeeping;

/// <summary>One server-sent event as the wire carries it.</summary>
public sealed record ServerEvent(string Type, string? Id, string Data)
{
    public JsonElement Json => JsonDocument.Parse(Data).RootElement.Clone();

    public override string ToString() => $"event: {Type} id: {Id} data: {Data}";
}

/// <summary>
/// A display's connection to an event stream through the gateway: the response is read line by line in the background
/// into a queue, so each wait for an event is bounded without cancelling a read of the stream itself.
/// </summary>
public sealed class EventStream : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly HttpResponseMessage _response;
    private readonly Channel<ServerEvent> _events = Channel.CreateUnbounded<ServerEvent>();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reading;

    private EventStream(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _reading = Task.Run(() => Read(body));
    }

    public HttpResponseMessage Response => _response;

    public static async Task<EventStream> OpenAsync(HttpClient client, string url)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("text/event-stream");
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        // The body is read only when it is a problem: a stream's never ends.
        if (response.StatusCode != HttpStatusCode.OK)
            Assert.Fail($"GET {url}: expected 200, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(timeout.Token)}");
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new EventStream(response, await response.Content.ReadAsStreamAsync(timeout.Token));
    }

    private async Task Read(Stream body)
    {
        try
        {
            using var reader = new StreamReader(body, Encoding.UTF8);
            string? type = null, id = null;
            var data = new StringBuilder();
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                if (line.Length == 0)
                {
                    if (data.Length > 0 || type is not null)
                        _events.Writer.TryWrite(new ServerEvent(type ?? "message", id, data.ToString()));
                    (type, id) = (null, null);
                    data.Clear();
                    continue;
                }
                if (line.StartsWith(':'))
                    continue;
                var colon = line.IndexOf(':');
                var field = colon < 0 ? line : line[..colon];
                var value = colon < 0 ? "" : line[(colon + 1)..];
                if (value.StartsWith(' '))
                    value = value[1..];
                switch (field)
                {
                    case "event": type = value; break;
                    case "id": id = value; break;
                    case "data":
                        if (data.Length > 0)
                            data.Append('\n');
                        data.Append(value);
                        break;
                }
            }
            _events.Writer.TryComplete();
        }
        catch (Exception failure)
        {
            _events.Writer.TryComplete(_stop.IsCancellationRequested ? null : failure);
        }
    }

    /// <summary>The next event, whatever its type; fails when none comes within the bound.</summary>
    public async Task<ServerEvent> NextAsync(TimeSpan? within = null)
    {
        using var timeout = new CancellationTokenSource(within ?? Patience);
        try
        {
            return await _events.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No event within {(within ?? Patience).TotalSeconds} s.");
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException("The stream ended.");
        }
    }

    /// <summary>The next event if one comes within the bound, else null.</summary>
    public async Task<ServerEvent?> TryNextAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        try
        {
            return await _events.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>The next event that is not a heartbeat.</summary>
    public async Task<ServerEvent> NextNotHeartbeatAsync()
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
                throw new TimeoutException("No event but heartbeats.");
            var next = await NextAsync(left);
            if (next.Type != "heartbeat")
                return next;
        }
    }

    /// <summary>The next event, which must be of this type.</summary>
    public async Task<JsonElement> ExpectAsync(string type)
    {
        var next = await NextNotHeartbeatAsync();
        Assert.True(next.Type == type, $"Expected a \"{type}\" event, got {next}");
        return next.Json;
    }

    /// <summary>Nothing but heartbeats arrives within the bound.</summary>
    public async Task ExpectQuietAsync(TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            var next = await TryNextAsync(deadline - DateTime.UtcNow);
            Assert.True(next is null || next.Type == "heartbeat", $"Expected no event, got {next}");
        }
    }

    private int _disposed;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        await _stop.CancelAsync();
        _response.Dispose();
        await Task.WhenAny(_reading, Task.Delay(TimeSpan.FromSeconds(5)));
        _stop.Dispose();
    }
}
