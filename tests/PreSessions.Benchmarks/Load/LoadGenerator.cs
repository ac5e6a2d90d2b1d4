using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace PreSessions.Benchmarks.Load;

public sealed record Organisation(string Id, string Token);

/// <summary>What one application got: its HTTP status (0: no answer), its latency, and its standing if 201.</summary>
public readonly record struct Attempt(int StatusCode, long ElapsedTicks, string? Status, int Position);

/// <summary>
/// One measured phase: every application sent, by whom and to which pre-session, with the wall time from the first
/// request to the last answer.
/// </summary>
public sealed record PhaseLoad(Attempt[] Attempts, Organisation[] OrganisationOf, string[] PreSessionOf, TimeSpan Elapsed, bool TimedOut);

/// <summary>
/// N concurrent clients speaking the PreSessions HTTP contract, which the conventional baseline answers too, so both
/// systems take exactly the same requests. Client c owns the organisations c, c + N, c + 2N, ...: it registers them
/// beforehand (not measured), then applies with their tokens, one request at a time, as fast as answers come.
/// </summary>
public sealed class LoadGenerator(Uri baseAddress, int clients) : IDisposable
{
    public const string Wg = "41";

    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        // One connection per client: no request waits for a connection of the load generator's own pool.
        MaxConnectionsPerServer = clients,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
    })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(60),
    };

    public int Clients => clients;

    /// <summary>Defines the WG session and schedules its pre-sessions, each with the given panel size.</summary>
    public async Task SetUpAsync(string operatorToken, IReadOnlyList<string> surs, int panelSize, CancellationToken cancel)
    {
        await SendOkAsync(HttpMethod.Put, $"/api/wg-sessions/{Wg}", operatorToken,
            new { title = "Benchmark WG session", venue = "Palais des Nations", provisional = false }, cancel);
        for (var i = 0; i < surs.Count; i++)
        {
            await SendOkAsync(HttpMethod.Put, $"/api/wg-sessions/{Wg}/pre-sessions/{surs[i]}", operatorToken, new
            {
                startsAt = $"2031-01-{13 + i / 8:00}T{9 + i % 8:00}:00:00+01:00",
                durationMinutes = 45,
                room = $"Room {i + 1}",
                panelSize,
                seats = 100,
            }, cancel);
        }
    }

    /// <summary>Registers <paramref name="count"/> CSOs, the clients side by side; throws at the first refusal.</summary>
    public async Task<Organisation[]> RegisterAsync(int count, CancellationToken cancel)
    {
        var organisations = new Organisation[count];
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async client =>
        {
            for (var i = client; i < count; i += clients)
            {
                using var response = await _http.PostAsJsonAsync("/api/organisations",
                    new { name = $"Benchmark CSO {i}", kind = "cso" }, cancel);
                if (response.StatusCode != HttpStatusCode.Created)
                    throw new InvalidOperationException(
                        $"Registration {i}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancel)}");
                organisations[i] = (await response.Content.ReadFromJsonAsync<Organisation>(cancel))!;
            }
        }));
        return organisations;
    }

    /// <summary>
    /// Organisation i applies to the pre-session <paramref name="preSessionOf"/>(i), for i below
    /// <paramref name="count"/>. Stops sending when <paramref name="bound"/> has passed; what was not sent is not counted.
    /// </summary>
    public async Task<PhaseLoad> ApplyAsync(Organisation[] organisations, int count, Func<int, string> preSessionOf, TimeSpan bound)
    {
        var attempts = new Attempt[count];
        var sent = new bool[count];
        var surs = Enumerable.Range(0, count).Select(preSessionOf).ToArray();
        using var deadline = new CancellationTokenSource(bound);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            for (var i = client; i < count && !deadline.IsCancellationRequested; i += clients)
            {
                sent[i] = true;
                attempts[i] = await ApplyOnceAsync(organisations[i], surs[i], deadline.Token);
            }
        })));
        var elapsed = clock.Elapsed;
        var timedOut = deadline.IsCancellationRequested;
        var taken = Enumerable.Range(0, count).Where(i => sent[i]).ToArray();
        return new PhaseLoad([.. taken.Select(i => attempts[i])], [.. taken.Select(i => organisations[i])], [.. taken.Select(i => surs[i])],
            elapsed, timedOut);
    }

    /// <summary>The pre-session's standing as GET answers it (the PreSessions contract's shape; the baseline's is the same).</summary>
    public async Task<PreSessionStanding> GetPreSessionAsync(string sur, CancellationToken cancel) =>
        (await _http.GetFromJsonAsync<PreSessionStanding>($"/api/wg-sessions/{Wg}/pre-sessions/{sur}", cancel))!;

    public sealed record PanelSpeaker(string OrganisationId, int Position);

    public sealed record PreSessionStanding(PanelSpeaker[] Panel, int WaitlistCount);

    private sealed record Answer(string Status, int Position);

    /// <summary>
    /// Sends organisation <paramref name="organisation"/>'s application to <paramref name="sur"/> again, as a client
    /// that never saw the answer would: same body, same Idempotency-Key.
    /// </summary>
    public Task<Attempt> ReplayAsync(Organisation organisation, string sur, CancellationToken cancel) =>
        ApplyOnceAsync(organisation, sur, cancel);

    /// <summary>
    /// One key per organisation and pre-session, as a client that retries its one application would send it: a replay
    /// is told apart from a first application by the key alone.
    /// </summary>
    private static string IdempotencyKey(string sur) => $"apply-{Wg}-{sur}";

    private async Task<Attempt> ApplyOnceAsync(Organisation organisation, string sur, CancellationToken cancel)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/wg-sessions/{Wg}/pre-sessions/{sur}/applications")
        {
            Content = JsonContent.Create(new { speakerName = $"Speaker of {organisation.Id}", themes = new[] { "civic space" } }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", organisation.Token);
        request.Headers.Add("Idempotency-Key", IdempotencyKey(sur));
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await _http.SendAsync(request, cancel);
            var body = await response.Content.ReadAsStringAsync(cancel);
            var elapsed = Stopwatch.GetTimestamp() - started;
            if (response.StatusCode != HttpStatusCode.Created)
                return new Attempt((int)response.StatusCode, elapsed, null, 0);
            var answer = System.Text.Json.JsonSerializer.Deserialize<Answer>(body, System.Text.Json.JsonSerializerOptions.Web)!;
            return new Attempt(201, elapsed, answer.Status, answer.Position);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return new Attempt(0, Stopwatch.GetTimestamp() - started, null, 0);
        }
    }

    private async Task SendOkAsync(HttpMethod method, string path, string token, object body, CancellationToken cancel)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _http.SendAsync(request, cancel);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException(
                $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancel)}");
    }

    public void Dispose() => _http.Dispose();
}
