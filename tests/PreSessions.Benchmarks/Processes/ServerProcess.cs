using System.Net;
using System.Net.Sockets;
using PreSessions.TestSupport;

namespace PreSessions.Benchmarks.Processes;

/// <summary>
/// A server under test as a child process of its own (the test toolkit's <see cref="ChildProcess"/>), so that its
/// memory and CPU are its own: peak RSS from /proc/&lt;pid&gt;/status (VmHWM), CPU time from /proc/&lt;pid&gt;/stat.
/// Its output goes to a log file.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How many of its last lines a server's death reports.</summary>
    private const int LastLines = 30;

    private readonly ChildProcess _process;
    private readonly StreamWriter _log;
    private readonly Queue<string> _last;

    private ServerProcess(string name, ChildProcess process, StreamWriter log, Queue<string> last)
    {
        Name = name;
        _process = process;
        _log = log;
        _last = last;
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
        Directory.CreateDirectory(Path.GetDirectoryName(logFile)!);
        var log = new StreamWriter(logFile, append: false) { AutoFlush = true };
        var last = new Queue<string>();
        return new ServerProcess(name, ChildProcess.StartDotnet(dll, args, settings, line => Write(log, last, line)), log, last);
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
    public Task WaitForPortAsync(int port, TimeSpan bound) => Eventually.Until(async () =>
    {
        ThrowIfExited();
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        return true;
    }, bound, $"{Name} does not listen on port {port}", TimeSpan.FromMilliseconds(250));

    /// <summary>Waits until GET <paramref name="url"/> answers 200; fails if the process dies or time runs out.</summary>
    public async Task WaitForReadyAsync(string url, TimeSpan bound)
    {
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var last = "no answer";
        await Eventually.Until(async () =>
        {
            ThrowIfExited();
            using var response = await probe.GetAsync(url);
            last = ((int)response.StatusCode).ToString();
            return response.StatusCode == HttpStatusCode.OK;
        }, bound, () => $"{Name}: {url} did not answer 200 (last: {last})", TimeSpan.FromMilliseconds(250));
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
        if (!await _process.TerminateAsync(StopTimeout))
            _process.Kill();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _process.DisposeAsync();
        lock (_log) _log.Dispose();
    }

    private void ThrowIfExited()
    {
        if (_process.HasExited)
            throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode} before it was ready.");
    }

    /// <summary>
    /// Throws, saying how the process ended and what it wrote last, if it is no longer running: a server that dies
    /// mid-scenario must be reported as such (its exit code tells a crash from a kill), not as a missing /proc file.
    /// </summary>
    public void ThrowIfDied(string during)
    {
        if (!_process.HasExited)
            return;
        var code = _process.ExitCode;
        // The runtime reports a process ended by a signal as 128 + the signal's number.
        var how = code > 128 ? $"code {code}, signal {code - 128}{(code - 128 == 9 ? " (SIGKILL: killed from outside, or out of memory)" : "")}" : $"code {code}";
        string[] last;
        lock (_last) last = [.. _last];
        throw new InvalidOperationException(
            $"{Name} (pid {Id}) died during {during}, with {how}. Its last lines:{Environment.NewLine}{string.Join(Environment.NewLine, last)}");
    }

    private static void Write(StreamWriter log, Queue<string> last, string line)
    {
        lock (log)
        {
            try { log.WriteLine(line); }
            catch (ObjectDisposedException) { }
        }
        lock (last)
        {
            last.Enqueue(line);
            if (last.Count > LastLines)
                last.Dequeue();
        }
    }

    // Linux reports CPU time in clock ticks of sysconf(_SC_CLK_TCK), which is 100 on every mainstream kernel.
    private const int ClockTicksPerSecond = 100;
}
