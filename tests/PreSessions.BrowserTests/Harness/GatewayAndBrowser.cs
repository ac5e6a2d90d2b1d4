namespace PreSessions.BrowserTests.Harness;

/// <summary>
/// What every browser test collection shares: one real gateway process on a data directory of its own, started as the
/// collection needs it, and one headless chromium, Debian's package. Both are stopped, and the directory deleted, after
/// the collection.
/// </summary>
public abstract class GatewayAndBrowser : IAsyncLifetime
{
    /// <summary>Debian's package; the tests never download a browser of their own.</summary>
    public const string Chromium = "/usr/bin/chromium";

    private readonly TempDataDirectory _data = new();
    private IPlaywright? _playwright;

    public ServiceProcess Gateway { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The collection's gateway on <paramref name="dataDirectory"/>, ready.</summary>
    protected abstract Task<ServiceProcess> StartAsync(string dataDirectory);

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: run scripts/chromium.sh (apt-get install chromium).");
        Gateway = await StartAsync(_data.Path);
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
