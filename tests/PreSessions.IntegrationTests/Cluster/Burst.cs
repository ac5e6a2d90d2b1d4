using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace PreSessions.IntegrationTests.Cluster;

/// <summary>
/// Commands sent as a careful client would: on 503 or a lost connection, again with the same request. A test may hold
/// the clients (no request leaves until it releases them), to read the system while nothing is in flight.
/// </summary>
internal sealed class Burst
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(150);

    private int _acknowledged;
    private int _unavailable;
    private int _inFlight;
    private volatile TaskCompletionSource _resumed = Resumed();

    public int Acknowledged => Volatile.Read(ref _acknowledged);

    /// <summary>Answers of 503 (each with Retry-After) and lost connections: the outage as the clients met it.</summary>
    public int Unavailable => Volatile.Read(ref _unavailable);

    /// <summary>Requests sent and not yet answered.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    public List<string> ServerErrors { get; } = [];

    public async Task Run(IEnumerable<Func<Task>> commands, int inFlight)
    {
        using var gate = new SemaphoreSlim(inFlight);
        await Task.WhenAll(commands.Select(async command =>
        {
            await gate.WaitAsync();
            try { await command(); }
            finally { gate.Release(); }
        }));
    }

    /// <summary>From now on no request leaves (first attempts and retries alike) until <see cref="Release"/>.</summary>
    public void Hold() => _resumed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _resumed.TrySetResult();

    /// <summary>Sends until a 2xx answer, and returns its JSON body (undefined for a 204).</summary>
    public async Task<JsonElement> UntilAcknowledged(HttpClient client, Func<HttpClient, Task<HttpResponseMessage>> send)
    {
        // Only time spent asking counts against the bound: a held client waits for the test, which bounds its own waits.
        var asking = Stopwatch.StartNew();
        while (true)
        {
            if (!_resumed.Task.IsCompleted)
            {
                asking.Stop();
                await _resumed.Task;
                asking.Start();
            }
            Interlocked.Increment(ref _inFlight);
            try
            {
                using var response = await send(client);
                if (response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref _acknowledged);
                    var body = await response.Content.ReadAsStringAsync();
                    return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
                }
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    Interlocked.Increment(ref _unavailable);
                    if (response.Headers.RetryAfter is null)
                        lock (ServerErrors) ServerErrors.Add("503 without Retry-After");
                }
                else
                {
                    var answer = $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}";
                    Assert.True((int)response.StatusCode >= 500, $"A command was refused: {answer}");
                    lock (ServerErrors) ServerErrors.Add(answer);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                Interlocked.Increment(ref _unavailable);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
            Assert.True(asking.Elapsed < Bound, $"A command was not acknowledged within {Bound.TotalSeconds} s.");
            await Task.Delay(300);
        }
    }

    private static TaskCompletionSource Resumed()
    {
        var resumed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        resumed.SetResult();
        return resumed;
    }
}
