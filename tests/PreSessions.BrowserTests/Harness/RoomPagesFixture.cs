using System.Net.Http.Json;
using System.Text.Json;

namespace PreSessions.BrowserTests.Harness;

/// <summary>
/// One real gateway process (its own data directory, no demo week, a known operator token) and one headless chromium,
/// shared by the room page tests. Every test books its own room and pre-session, so none sees another's timer.
/// </summary>
public sealed class RoomPagesFixture : GatewayAndBrowser
{
    public const string OperatorToken = "browser-tests-operator-token-4c1d2e";
    public const int Wg = 41;
    /// <summary>Short, so a display's colours change within seconds of a start.</summary>
    public const int WarningSeconds = 3;

    protected override Task<ServiceProcess> StartAsync(string dataDirectory) => StartGatewayAsync(dataDirectory);

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

    /// <summary>The same, starting at <paramref name="startsAt"/> instead of in five minutes.</summary>
    public Task<RoomScenario> BookAsync(
        string sur, string room, DateTimeOffset startsAt, params (string Kind, string Title, int Seconds)[] rundown) =>
        BookAsync(Gateway, sur, room, rundown, startsAt);

    /// <summary>The same on <paramref name="gateway"/>; the WG session is put first (again: the same PUT changes nothing).</summary>
    public static Task<RoomScenario> BookAsync(
        ServiceProcess gateway, string sur, string room, params (string Kind, string Title, int Seconds)[] rundown) =>
        BookAsync(gateway, sur, room, rundown, DateTimeOffset.UtcNow.AddMinutes(5));

    private static async Task<RoomScenario> BookAsync(
        ServiceProcess gateway, string sur, string room, (string Kind, string Title, int Seconds)[] rundown, DateTimeOffset startsAt)
    {
        var operatorClient = gateway.Client(OperatorToken);
        await Expect(await operatorClient.PutAsJsonAsync($"/api/wg-sessions/{Wg}",
            new { title = $"Pre-sessions for WG {Wg}", venue = "Palais des Nations, Geneva", provisional = false }), "PUT WG session");
        var preSession = $"/api/wg-sessions/{Wg}/pre-sessions/{sur}";
        await Expect(await operatorClient.PutAsJsonAsync(preSession,
            new { startsAt, durationMinutes = 60, room, panelSize = 6, seats = 40 }), "PUT pre-session");
        await Expect(await operatorClient.PutAsJsonAsync($"{preSession}/rundown",
            new { items = rundown.Select(i => new { kind = i.Kind, title = i.Title, allottedSeconds = i.Seconds }) }), "PUT rundown");
        var token = await Expect(await operatorClient.PostAsync($"/api/rooms/{Uri.EscapeDataString(room)}/console-tokens", null), "POST console token");
        return new RoomScenario(gateway, operatorClient, Wg, sur, room, token.GetProperty("token").GetString()!);
    }

    /// <summary>
    /// A fresh browser context (its own storage, as another laptop would have) with a page in it; 1280x800 unless
    /// <paramref name="laptop"/> says otherwise (its size, time zone, locale, languages).
    /// </summary>
    public async Task<IPage> OpenAsync(string url, Func<IPage, Task>? beforeLoad = null, BrowserNewContextOptions? laptop = null)
    {
        laptop ??= new();
        laptop.ViewportSize ??= PagesFixture.Desktop;
        var context = await Browser.NewContextAsync(laptop);
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        if (beforeLoad is not null)
            await beforeLoad(page);
        await page.GotoAsync(url);
        return page;
    }

    /// <summary>The room's console at <paramref name="url"/>, opened with the scenario's console token, its pre-session picked.</summary>
    public async Task<IPage> OpenConsoleAsync(
        RoomScenario scenario, string url, Func<IPage, Task>? beforeLoad = null, BrowserNewContextOptions? laptop = null)
    {
        var console = await OpenAsync(url, beforeLoad, laptop);
        await EnterConsoleTokenAsync(console, scenario);
        return console;
    }

    /// <summary>Answers a console's question for its token, as the timekeeper does once per tab.</summary>
    public static async Task EnterConsoleTokenAsync(IPage console, RoomScenario scenario)
    {
        await Assertions.Expect(console.Locator("#token-form")).ToBeVisibleAsync();
        await console.Locator("#token").FillAsync(scenario.ConsoleToken);
        await console.Locator("#token-form button").ClickAsync();
        await Assertions.Expect(console.Locator("#console")).ToBeVisibleAsync();
        await Assertions.Expect(console.Locator("#pre-session")).ToHaveValueAsync($"{scenario.Wg}/{scenario.Sur}");
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
}

/// <summary>Room page tests run one at a time: they share a gateway and a browser, and each one times the displays.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RoomPagesCollection : ICollectionFixture<RoomPagesFixture>
{
    public const string Name = "Room pages";
}
