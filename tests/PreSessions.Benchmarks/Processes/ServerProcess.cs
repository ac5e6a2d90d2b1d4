using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace PreSessions.Benchmarks.Processes;

/// <summary>
/// A server under test as a child process of its own (<c>dotnet X.dll</c> runs the program in the host's process,
/// so its pid is the program's), so that its memory and CPU are its own: peak RSS from /proc/&lt;pid&gt;/status
/// (VmHWM), CPU time from /proc/&lt;pid&gt;/stat. Its output goes to a log file.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly StreamWriter _log;

    private ServerProcess(string name, Process process, StreamWriter log)
    {
        Name = name;
        _process = process;
        _log = log;
    }

    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Starts <c>dotnet <paramref name="dll"/> <paramref name="args"/></c> in the dll's folder with exactly the given
    /// settings on top of this process's environment, minus anything that would configure the program behind our back.
    /// </summary>
    public static ServerProcess Start(string name, string dll, IReadOnlyDictionary<string, string> settings, string logFile, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        foreach (var variable in start.Environment.Keys.ToList())
        {
            if (variable.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase) ||
                variable.StartsWith("PreSessions__", StringComparison.OrdinalIgnoreCase) ||
                variable.StartsWith("Auth__", StringComparison.OrdinalIgnoreCase) ||
                variable.StartsWith("Orleans__", StringComparison.OrdinalIgnoreCase) ||
                variable.StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase) ||
                variable.StartsWith("OTEL_", StringComparison.OrdinalIgnoreCase) ||
                variable.Equals("URLS", StringComparison.OrdinalIgnoreCase))
                start.Environment.Remove(variable);
        }
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (variable, value) in settings)
            start.Environment[variable] = value;

        Directory.CreateDirectory(Path.GetDirectoryName(logFile)!);
        var log = new StreamWriter(logFile, append: false) { AutoFlush = true };
        var process = new Process { StartInfo = start };
        var server = new ServerProcess(name, process, log);
        process.OutputDataReceived += (_, e) => server.Write(e.Data);
        process.ErrorDataReceived += (_, e) => server.Write(e.Data);
        if (!process.Start())
            throw new InvalidOperationException($"dotnet did not start {dll}.");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>Runs a program to its end (the silo's <c>migrate</c>), bounded in time; throws unless it exits with 0.</summary>
    public static async Task RunToEndAsync(string name, string dll, IReadOnlyDictionary<string, string> settings, string logFile,
        TimeSpan bound, params string[] args)
    {
        await using var program = Start(name, dll, settings, logFile, args);
        using var timeout = new CancellationTokenSource(bound);
        await program._process.WaitForExitAsync(timeout.Token);
        if (program._process.ExitCode != 0)
            throw new InvalidOperationException($"{name} exited with code {program._process.ExitCode}; see {logFile}.");
    }

    /// <summary>Waits until something listens on 127.0.0.1:<paramref name="port"/>; fails if the process dies or time runs out.</summary>
    public async Task WaitForPortAsync(int port, TimeSpan bound)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < bound)
        {
            ThrowIfExited();
            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(250);
            }
        }
        throw new TimeoutException($"{Name} does not listen on port {port} after {bound.TotalSeconds} s.");
    }

    /// <summary>Waits until GET <paramref name="url"/> answers 200; fails if the process dies or time runs out.</summary>
    public async Task WaitForReadyAsync(string url, TimeSpan bound)
    {
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        var last = "no answer";
        while (deadline.Elapsed < bound)
        {
            ThrowIfExited();
            try
            {
                using var response = await probe.GetAsync(url);
                if (response.StatusCode == HttpStatusCode.OK)
                    return;
                last = ((int)response.StatusCode).ToString();
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                last = e.GetType().Name;
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"{Name}: {url} did not answer 200 within {bound.TotalSeconds} s (last: {last}).");
    }

    /// <summary>The peak resident set size since the start or the last <see cref="ResetPeakMemory"/>, in bytes.</summary>
    public long PeakMemoryBytes() => ProcStatusKb(Id, "VmHWM") * 1024;

    /// <summary>
    /// Resets the peak RSS to the current RSS (writing 5 to /proc/&lt;pid&gt;/clear_refs), so that the next reading
    /// is the peak of one phase. False where the kernel refuses, and then the peak is the process's lifetime peak.
    /// </summary>
    public bool ResetPeakMemory()
    {
        try
        {
            File.WriteAllText($"/proc/{Id}/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The CPU time (user and system) the process has used so far.</summary>
    public TimeSpan CpuTime() => CpuTimeOf(Id) ?? TimeSpan.Zero;

    /// <summary>The CPU time of a process from /proc/&lt;pid&gt;/stat; null if it is gone.</summary>
    public static TimeSpan? CpuTimeOf(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        // The command name, in parentheses, may hold spaces: the fields that follow it are counted from its end.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11]) + long.Parse(fields[12]);
        return TimeSpan.FromSeconds(ticks / (double)ClockTicksPerSecond);
    }

    /// <summary>The CPU time of every process whose command name is <paramref name="command"/> (all PostgreSQL processes).</summary>
    public static TimeSpan CpuTimeOfAll(string command)
    {
        var total = TimeSpan.Zero;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
                continue;
            try
            {
                if (File.ReadAllText(Path.Combine(directory, "comm")).Trim() != command)
                    continue;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            total += CpuTimeOf(pid) ?? TimeSpan.Zero;
        }
        return total;
    }

    public static long ProcStatusKb(int pid, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
                return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0]);
        }
        return 0;
    }

    /// <summary>SIGTERM (a graceful stop), then SIGKILL if it is still running after a while.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
            return;
        _ = Kill(_process.Id, SigTerm);
        using var timeout = new CancellationTokenSource(StopTimeout);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(new CancellationTokenSource(StopTimeout).Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }
        _process.Dispose();
        lock (_log) _log.Dispose();
    }

    /// <summary>Distinct free loopback ports (the OS picks them; all held until all are chosen).</summary>
    public static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        try
        {
            foreach (var listener in listeners)
                listener.Start();
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var listener in listeners)
                listener.Stop();
        }
    }

    private void ThrowIfExited()
    {
        if (_process.HasExited)
            throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode} before it was ready.");
    }

    private void Write(string? line)
    {
        if (line is null)
            return;
        lock (_log)
        {
            try { _log.WriteLine(line); }
            catch (ObjectDisposedException) { }
        }
    }

    private const int SigTerm = 15;

    // Linux reports CPU time in clock ticks of sysconf(_SC_CLK_TCK), which is 100 on every mainstream kernel.
    private const int ClockTicksPerSecond = 100;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
