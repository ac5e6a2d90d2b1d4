using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using PreSessions.TestSupport;

namespace PreSessions.BrowserTests.Harness;

/// <summary>
/// One real gateway process (its own data directory, no demo week, a known operator token) and one headless chromium,
/// shared by the room page tests. Every test books its own room and pre-session, so none sees another's timer.
/// </summary>
public sealed class RoomPagesFixture : IAsyncLifetime
{
    public const string OperatorToken = "browser-tests-operator-token-4c1d2e";
    public const int Wg = 41;
    /// <summary>Short, so a display's colours change within seconds of a start.</summary>
    public const int WarningSeconds = 3;

    /// <summary>Debian's package; the tests never download a browser of their own.</summary>
    public const string Chromium = "/usr/bin/chromium";

    private readonly TempDataDirectory _data = new();
    private IPlaywright? _playwright;

    public ServiceProcess Gateway { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: run scripts/chromium.sh (apt-get install chromium).");
        Gateway = await StartGatewayAsync(_data.Path);

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox"],
            Timeout = 60_000,
        });
        // Bounded waits everywhere; generous, since the machine is shared with other builds and tests.
        Assertions.SetDefaultExpectTimeout(20_000);
    }

    /// <summary>The gateway as these tests run it, on <paramref name="dataDirectory"/>: a process of its own, ready.</summary>
    public static Task<ServiceProcess> StartGatewayAsync(string dataDirectory) =>
        ServiceProcess.StartReadyAsync(dataDirectory, seedDemo: false, OperatorToken, new Dictionary<string, string>
        {
            ["PreSessions__Timekeeping__WarningSeconds"] = WarningSeconds.ToString(),
        });

    /// <summary>
    /// Books <paramref name="sur"/> in <paramref name="room"/> with a custom rundown (kind, title, seconds) and issues
    /// the room a console token.
    /// </summary>
    public Task<RoomScenario> BookAsync(string sur, string room, params (string Kind, string Title, int Seconds)[] rundown) =>
        BookAsync(Gateway, sur, room, rundown);

    /// <summary>The same on <paramref name="gateway"/>; the WG session is put first (again: the same PUT changes nothing).</summary>
    public static async Task<RoomScenario> BookAsync(
        ServiceProcess gateway, string sur, string room, params (string Kind, string Title, int Seconds)[] rundown)
    {
        var operatorClient = gateway.Client(OperatorToken);
        await Expect(await operatorClient.PutAsJsonAsync($"/api/wg-sessions/{Wg}",
            new { title = $"Pre-sessions for WG {Wg}", venue = "Palais des Nations, Geneva", provisional = false }), "PUT WG session");
        var preSession = $"/api/wg-sessions/{Wg}/pre-sessions/{sur}";
        var startsAt = DateTimeOffset.UtcNow.AddMinutes(5);
        await Expect(await operatorClient.PutAsJsonAsync(preSession,
            new { startsAt, durationMinutes = 60, room, panelSize = 6, seats = 40 }), "PUT pre-session");
        await Expect(await operatorClient.PutAsJsonAsync($"{preSession}/rundown",
            new { items = rundown.Select(i => new { kind = i.Kind, title = i.Title, allottedSeconds = i.Seconds }) }), "PUT rundown");
        var token = await Expect(await operatorClient.PostAsync($"/api/rooms/{Uri.EscapeDataString(room)}/console-tokens", null), "POST console token");
        return new RoomScenario(gateway, operatorClient, Wg, sur, room, token.GetProperty("token").GetString()!);
    }

    /// <summary>A fresh browser context (its own storage, as another laptop would have) with a page in it.</summary>
    public async Task<IPage> OpenAsync(string url, Func<IPage, Task>? beforeLoad = null)
    {
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        if (beforeLoad is not null)
            await beforeLoad(page);
        await page.GotoAsync(url);
        return page;
    }

    public static async Task<JsonElement> Expect(HttpResponseMessage response, string what)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{what}: {(int)response.StatusCode} {body}");
            return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
        }
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
            await Browser.CloseAsync();
        _playwright?.Dispose();
        if (Gateway is not null)
            await Gateway.DisposeAsync();
        _data.Dispose();
    }
}

/// <summary>Room page tests run one at a time: they share a gateway and a browser, and each one times the displays.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RoomPagesCollection : ICollectionFixture<RoomPagesFixture>
{
    public const string Name = "Room pages";
}
