using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
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
    private static readonly TimeSpan KillTimeout = TimeSpan.FromSeconds(15);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _outputLock = new();
    private readonly List<HttpClient> _clients = [];

    private ServiceProcess(Process process, Uri baseAddress, int port)
    {
        _process = process;
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
    public string Output
    {
        get { lock (_outputLock) return _output.ToString(); }
    }

    /// <summary>The folder a built program runs from: src/&lt;project&gt;/bin/&lt;Debug|Release&gt;/net10.0.</summary>
    public static string BinDirectory(string project)
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "PreSessions.sln")))
            root = root.Parent;
        Assert.True(root is not null, $"No PreSessions.sln above {AppContext.BaseDirectory}.");
        // The test assembly lives in tests/<project>/bin/<Configuration>/net10.0: build the same configuration.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/')).Parent!.Name;
        Assert.True(configuration is "Debug" or "Release", $"Cannot tell the build configuration from {AppContext.BaseDirectory}.");
        return Path.Combine(root.FullName, "src", project, "bin", configuration, "net10.0");
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
        var (httpPort, siloPort, gatewayPort) = FreePorts();
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
        var (_, siloPort, gatewayPort) = FreePorts();
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
        program._process.WaitForExit();
        return (program._process.ExitCode, program.Output);
    }

    private static ServiceProcess StartProgram(string project, int httpPort, IReadOnlyDictionary<string, string> environment, string[] args,
        string? workingDirectory = null)
    {
        var bin = BinDirectory(project);
        var dll = Path.Combine(bin, $"PreSessions.{project}.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: build it first.");
        var url = $"http://127.0.0.1:{httpPort}";
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            WorkingDirectory = workingDirectory ?? bin,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);

        // Nothing of the test runner's own settings leaks in: the child sees exactly what the test gives it.
        foreach (var name in start.Environment.Keys.ToList())
        {
            if (name.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase) ||
                name.StartsWith("PreSessions__", StringComparison.OrdinalIgnoreCase) ||
                name.StartsWith("Auth__", StringComparison.OrdinalIgnoreCase) ||
                name.StartsWith("Orleans__", StringComparison.OrdinalIgnoreCase) ||
                name.StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase) ||
                name.StartsWith("OTEL_", StringComparison.OrdinalIgnoreCase) ||
                name.Equals("URLS", StringComparison.OrdinalIgnoreCase) ||
                name.Equals("DOTNET_ENVIRONMENT", StringComparison.OrdinalIgnoreCase))
                start.Environment.Remove(name);
        }
        start.Environment["ASPNETCORE_URLS"] = url;
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        foreach (var (name, value) in environment)
            start.Environment[name] = value;

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var service = new ServiceProcess(process, new Uri(url + "/"), httpPort);
        process.OutputDataReceived += (_, e) => service.Append(e.Data);
        process.ErrorDataReceived += (_, e) => service.Append(e.Data);
        Assert.True(process.Start(), "dotnet did not start.");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return service;
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
        var deadline = Stopwatch.StartNew();
        var last = "no answer yet";
        while (deadline.Elapsed < ReadyTimeout)
        {
            if (_process.HasExited)
                Assert.Fail($"The process exited with code {_process.ExitCode} before it was ready. Output:\n{Output}");
            try
            {
                using var response = await probe.GetAsync("/health/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                    return;
                last = $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                last = e.Message;
            }
            await Task.Delay(100);
        }
        Assert.Fail($"GET {BaseAddress}health/ready did not answer 200 within {ReadyTimeout.TotalSeconds} s (last: {last}). Output:\n{Output}");
    }

    /// <summary>Waits until the output contains <paramref name="text"/>; false if it does not within the timeout.</summary>
    public async Task<bool> WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (deadline.Elapsed > timeout || _process.HasExited && !Output.Contains(text, StringComparison.Ordinal))
                return Output.Contains(text, StringComparison.Ordinal);
            await Task.Delay(50);
        }
        return true;
    }

    /// <summary>SIGKILL, the whole process tree: no shutdown code runs, nothing is flushed. Returns once it has exited.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        Assert.True(_process.WaitForExit(KillTimeout), $"The process (pid {_process.Id}) did not die within {KillTimeout.TotalSeconds} s of SIGKILL.");
    }

    /// <summary>SIGTERM (what Ctrl+C or a service manager sends), then waits for a graceful exit; returns the exit code.</summary>
    public async Task<int> StopAsync(TimeSpan? timeout = null)
    {
        var bound = timeout ?? GracefulStopTimeout;
        if (!_process.HasExited)
        {
            using var signal = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString()]) { UseShellExecute = false })!;
            await signal.WaitForExitAsync();
            Assert.Equal(0, signal.ExitCode);
        }
        using var cancel = new CancellationTokenSource(bound);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"The process did not exit within {bound.TotalSeconds} s of SIGTERM. Output:\n{Output}");
        }
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(new CancellationTokenSource(KillTimeout).Token);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
        {
            // Never started, or already gone.
        }
        lock (_clients)
        {
            foreach (var client in _clients)
                client.Dispose();
            _clients.Clear();
        }
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_outputLock) _output.AppendLine(line);
    }

    /// <summary>Three distinct ports nobody listens on now (the OS picks them; all held until all are chosen).</summary>
    private static (int Http, int Silo, int Gateway) FreePorts()
    {
        var listeners = Enumerable.Range(0, 3).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        try
        {
            foreach (var listener in listeners)
                listener.Start();
            var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
            return (ports[0], ports[1], ports[2]);
        }
        finally
        {
            foreach (var listener in listeners)
                listener.Stop();
        }
    }
}

/// <summary>A fresh data directory under the temp folder, deleted (with the store's files) when disposed.</summary>
public sealed class TempDataDirectory : IDisposable
{
    public string Path { get; } =
        System.IO.Path.Combine(System.IO.Path.GetTempPath(), "presessions-process-tests", Guid.NewGuid().ToString("N"));

    public TempDataDirectory() => Directory.CreateDirectory(Path);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { /* a file still held by a dying process; the OS cleans its temp folder */ }
        catch (UnauthorizedAccessException) { }
    }
}
