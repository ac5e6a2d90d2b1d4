using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace PreSessions.TestSupport;

/// <summary>
/// A built PreSessions program (the gateway, or a silo) as a real child process, so a test can SIGKILL it and start it
/// again: what an in-process host cannot show, since it never dies. Every instance takes its own free ports, so tests
/// may run side by side.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    public static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan GracefulStopTimeout = TimeSpan.FromSeconds(30);

    private readonly ChildProcess _process;
    private readonly OutputLog _output;
    private readonly List<HttpClient> _clients = [];

    private ServiceProcess(ChildProcess process, OutputLog output, Uri baseAddress, int port)
    {
        _process = process;
        _output = output;
        BaseAddress = baseAddress;
        Port = port;
        Http = Client();
    }

    /// <summary>Where the gateway was told to listen (ASPNETCORE_URLS), with no trailing slash in <see cref="Url"/>.</summary>
    public Uri BaseAddress { get; }

    public string Url => BaseAddress.ToString().TrimEnd('/');

    public int Port { get; }

    public int ProcessId => _process.Id;

    /// <summary>An anonymous client on <see cref="BaseAddress"/>.</summary>
    public HttpClient Http { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the process wrote so far, stdout and stderr interleaved as received.</summary>
    public string Output => _output.ToString();

    /// <summary>
    /// The folder a built program runs from: &lt;under&gt;/&lt;project&gt;/bin/&lt;Debug|Release&gt;/net10.0, under src/ for the
    /// servers (tests/ for the benchmark program).
    /// </summary>
    public static string BinDirectory(string project, string under = "src")
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "PreSessions.sln")))
            root = root.Parent;
        Assert.True(root is not null, $"No PreSessions.sln above {AppContext.BaseDirectory}.");
        // The test assembly lives in tests/<project>/bin/<Configuration>/net10.0: build the same configuration.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/')).Parent!.Name;
        Assert.True(configuration is "Debug" or "Release", $"Cannot tell the build configuration from {AppContext.BaseDirectory}.");
        return Path.Combine(root.FullName, under, project, "bin", configuration, "net10.0");
    }

    /// <summary>
    /// Starts the gateway on <paramref name="dataDirectory"/>. <paramref name="seedDemo"/> null leaves
    /// PreSessions__SeedDemo unset (its default), and <paramref name="operatorToken"/> null leaves Auth__OperatorToken
    /// unset (the gateway generates one). It listens where ASPNETCORE_URLS alone says, as operators start it.
    /// <paramref name="settings"/> adds or overrides environment settings (a cluster's connection string, say).
    /// </summary>
    /// <paramref name="workingDirectory"/> null starts it in its own folder; another one shows how it runs when a
    /// service manager starts it from elsewhere.
    public static ServiceProcess Start(string dataDirectory, bool? seedDemo = false, string? operatorToken = null,
        IReadOnlyDictionary<string, string>? settings = null, string? workingDirectory = null)
    {
        var (httpPort, siloPort, gatewayPort) = ThreePorts();
        var environment = new Dictionary<string, string>
        {
            ["PreSessions__DataDirectory"] = dataDirectory,
            ["Orleans__SiloPort"] = siloPort.ToString(),
            ["Orleans__GatewayPort"] = gatewayPort.ToString(),
        };
        // Tests send bursts from one address: rate limits are tested where a test sets them.
        foreach (var (name, value) in GenerousLimits)
            environment[name.Replace(":", "__")] = value;
        if (seedDemo is { } seed)
            environment["PreSessions__SeedDemo"] = seed ? "true" : "false";
        if (operatorToken is not null)
            environment["Auth__OperatorToken"] = operatorToken;
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
            environment[name] = value;
        return StartProgram("Gateway", httpPort, environment, [], workingDirectory);
    }

    /// <summary>Rate limits no test's burst reaches; the tests of the limits themselves set their own.</summary>
    public static readonly IReadOnlyDictionary<string, string> GenerousLimits = new Dictionary<string, string>
    {
        ["PreSessions:Limits:RegistrationsPerMinute"] = "1000000",
        ["PreSessions:Limits:CommandsPerMinute"] = "1000000",
        ["PreSessions:Limits:EventStreamsPerClient"] = "10000",
    };

    /// <summary>One silo of the PostgreSQL cluster <paramref name="postgres"/>, on loopback and ports of its own.</summary>
    public static ServiceProcess StartSilo(string postgres, IReadOnlyDictionary<string, string>? settings = null)
    {
        var (_, siloPort, gatewayPort) = ThreePorts();
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__PreSessions"] = postgres,
            ["Orleans__SiloPort"] = siloPort.ToString(),
            ["Orleans__GatewayPort"] = gatewayPort.ToString(),
            ["Orleans__AdvertisedIP"] = "127.0.0.1",
        };
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
            environment[name] = value;
        return StartProgram("Silo", siloPort, environment, []);
    }

    /// <summary>Runs a program to its end (the silo's <c>migrate</c>, say) and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string project, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        await using var program = StartProgram(project, 0, environment, args);
        using var bound = new CancellationTokenSource(ReadyTimeout);
        await program._process.WaitForExitAsync(bound.Token);
        return (program._process.ExitCode, program.Output);
    }

    private static ServiceProcess StartProgram(string project, int httpPort, IReadOnlyDictionary<string, string> environment, string[] args,
        string? workingDirectory = null)
    {
        var dll = Path.Combine(BinDirectory(project), $"PreSessions.{project}.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: build it first.");
        var url = $"http://127.0.0.1:{httpPort}";
        var settings = new Dictionary<string, string> { ["ASPNETCORE_URLS"] = url };
        foreach (var (name, value) in environment)
            settings[name] = value;
        var output = new OutputLog();
        return new ServiceProcess(ChildProcess.StartDotnet(dll, args, settings, output.Append, workingDirectory), output, new Uri(url + "/"), httpPort);
    }

    /// <summary>Starts the gateway and waits until /health/ready answers 200.</summary>
    public static async Task<ServiceProcess> StartReadyAsync(string dataDirectory, bool? seedDemo = false, string? operatorToken = null,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        var gateway = Start(dataDirectory, seedDemo, operatorToken, settings);
        try
        {
            await gateway.WaitUntilReadyAsync();
            return gateway;
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }
    }

    /// <summary>A client on <see cref="BaseAddress"/>, anonymous or with a bearer token; disposed with the process.</summary>
    public HttpClient Client(string? token = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        lock (_clients) _clients.Add(client);
        return client;
    }

    /// <summary>Polls GET /health/ready until 200; fails, with what the process wrote, after <see cref="ReadyTimeout"/>.</summary>
    public async Task WaitUntilReadyAsync()
    {
        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var last = "no answer yet";
        await Eventually.Until(async () =>
        {
            if (_process.HasExited)
                Assert.Fail($"The process exited with code {_process.ExitCode} before it was ready. Output:\n{Output}");
            using var response = await probe.GetAsync("/health/ready");
            if (response.StatusCode == HttpStatusCode.OK)
                return true;
            last = $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}";
            return false;
        }, ReadyTimeout, () => $"GET {BaseAddress}health/ready did not answer 200 (last: {last}). Output:\n{Output}", TimeSpan.FromMilliseconds(100));
    }

    /// <summary>Waits until the output contains <paramref name="text"/>; false if it does not within the timeout.</summary>
    public async Task<bool> WaitForOutputAsync(string text, TimeSpan timeout)
    {
        try
        {
            await Eventually.Until(() => Task.FromResult(Output.Contains(text, StringComparison.Ordinal) || _process.HasExited),
                timeout, $"no \"{text}\" in the output", TimeSpan.FromMilliseconds(50));
        }
        catch (TimeoutException) { }
        return Output.Contains(text, StringComparison.Ordinal);
    }

    /// <summary>SIGKILL, the whole process tree: no shutdown code runs, nothing is flushed. Returns once it has exited.</summary>
    public void Kill() => _process.Kill();

    /// <summary>SIGTERM (what Ctrl+C or a service manager sends), then waits for a graceful exit; returns the exit code.</summary>
    public async Task<int> StopAsync(TimeSpan? timeout = null)
    {
        var bound = timeout ?? GracefulStopTimeout;
        Assert.True(await _process.TerminateAsync(bound), $"The process did not exit within {bound.TotalSeconds} s of SIGTERM. Output:\n{Output}");
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        lock (_clients)
        {
            foreach (var client in _clients)
                client.Dispose();
            _clients.Clear();
        }
    }

    /// <summary>Three distinct free ports: HTTP, the silo's and the Orleans gateway's.</summary>
    private static (int Http, int Silo, int Gateway) ThreePorts()
    {
        var ports = FreePorts.Take(3);
        return (ports[0], ports[1], ports[2]);
    }

    /// <summary>What the process wrote, kept for the test's messages.</summary>
    private sealed class OutputLog
    {
        private readonly StringBuilder _text = new();

        public void Append(string line)
        {
            lock (_text) _text.AppendLine(line);
        }

        public override string ToString()
        {
            lock (_text) return _text.ToString();
        }
    }
}
