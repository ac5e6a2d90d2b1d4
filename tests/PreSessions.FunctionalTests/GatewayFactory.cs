using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace PreSessions.FunctionalTests;

/// <summary>
/// The whole gateway in process, with its embedded silo on a fresh SQLite store of its own, free ports and a
/// clock the tests drive. One instance per test class (IClassFixture), so classes run in parallel and never
/// share state; within a class every test takes its own WG session number so tests do not see each other.
/// </summary>
public class GatewayFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    /// <summary>The fake clock starts a month before the WG 29 pre-sessions week, as a real set-up would.</summary>
    public static readonly DateTimeOffset Start = new(2017, 11, 1, 9, 0, 0, TimeSpan.Zero);

    private int _lastWg;

    public string OperatorToken { get; } = "test-operator-" + Guid.NewGuid().ToString("N");

    public string DataDirectory { get; } =
        Path.Combine(Path.GetTempPath(), "presessions-functional-tests", Guid.NewGuid().ToString("N"));

    public FakeTimeProvider Clock { get; } = new(Start);

    private readonly int[] _ports = FreePorts.Take(2);

    public int SiloPort => _ports[0];

    public int GatewayPort => _ports[1];

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The rate limits this gateway runs with: none a test's burst reaches, unless a test class sets its own.</summary>
    protected virtual IReadOnlyDictionary<string, string> Limits => ServiceProcess.GenerousLimits;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // UseSetting, not ConfigureAppConfiguration: Program reads these while it builds (operator token, silo ports).
        builder.UseSetting("PreSessions:DataDirectory", DataDirectory);
        builder.UseSetting("PreSessions:SeedDemo", "false");
        builder.UseSetting("Auth:OperatorToken", OperatorToken);
        builder.UseSetting("Orleans:SiloPort", SiloPort.ToString());
        builder.UseSetting("Orleans:GatewayPort", GatewayPort.ToString());
        foreach (var (name, value) in Limits)
            builder.UseSetting(name, value);
        // The embedded silo shares the host's services, so the grains read this clock too.
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    public Task InitializeAsync()
    {
        // Starts the host (and the silo) now rather than inside the first test.
        _ = Server;
        return Task.CompletedTask;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(DataDirectory, recursive: true); }
        catch (IOException) { /* a file still held open; the OS cleans its temp folder */ }
    }

    /// <summary>A client with no token (anonymous), or with the given bearer token.</summary>
    public HttpClient Client(string? token = null)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (token is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public HttpClient Operator() => Client(OperatorToken);

    /// <summary>A WG session number no other test of this factory uses.</summary>
    public int NextWg() => Interlocked.Increment(ref _lastWg);

    public async Task<Registered> RegisterAsync(string kind, string? name = null, string? country = null)
    {
        name ??= $"{kind.ToUpperInvariant()} {Guid.NewGuid():N}"[..20];
        using var response = await Client().PostAsJsonAsync("/api/organisations", new { name, kind, country });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new Registered(body.GetProperty("id").GetString()!, body.GetProperty("token").GetString()!, name);
    }

    /// <summary>Defines a fresh WG session (applications open unless <paramref name="applicationsClose"/> says otherwise).</summary>
    public async Task<int> CreateWgSessionAsync(bool provisional = true, DateTimeOffset? applicationsClose = null, string? title = null)
    {
        var wg = NextWg();
        using var response = await Operator().PutAsJsonAsync($"/api/wg-sessions/{wg}", new
        {
            title = title ?? $"Pre-sessions for WG {wg}",
            venue = "Palais des Nations, Geneva",
            provisional,
            applicationsClose = applicationsClose?.ToString("yyyy-MM-dd'T'HH:mm:sszzz"),
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return wg;
    }

    public async Task<JsonElement> SchedulePreSessionAsync(
        int wg, string sur, int panelSize = 6, int seats = 40, string startsAt = "2017-12-12T10:00:00+01:00",
        int durationMinutes = 60, string room = "XXIV")
    {
        using var response = await Operator().PutAsJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/{sur}",
            new { startsAt, durationMinutes, room, panelSize, seats });
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK,
            $"PUT pre-session {wg}/{sur} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>A fresh WG session with one pre-session for France: the common ground of most tests.</summary>
    public async Task<int> NewPreSessionAsync(int panelSize = 6, int seats = 40, string sur = "FRA", DateTimeOffset? applicationsClose = null)
    {
        var wg = await CreateWgSessionAsync(applicationsClose: applicationsClose);
        await SchedulePreSessionAsync(wg, sur, panelSize, seats);
        return wg;
    }
}
