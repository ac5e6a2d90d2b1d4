using System.Diagnostics;
using System.Runtime.InteropServices;

namespace PreSessions.TestSupport;

/// <summary>
/// A program as a child process of its own, started with exactly the settings a caller gives it: nothing of the test
/// runner's own configuration (ASP.NET Core, PreSessions, Orleans, OpenTelemetry settings) leaks in. Every line it
/// writes, stdout and stderr interleaved as received, goes to the caller's sink. The one launcher of the tests and
/// the benchmark: <see cref="ServiceProcess"/>, <see cref="TraceViewer"/> and the benchmark's servers build on it.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private static readonly TimeSpan KillTimeout = TimeSpan.FromSeconds(15);

    /// <summary>The settings that would configure a PreSessions program (or the dashboard) behind a test's back.</summary>
    private static readonly string[] ScrubbedPrefixes = ["ASPNETCORE_", "PreSessions__", "Auth__", "Orleans__", "ConnectionStrings__", "OTEL_"];
    private static readonly string[] ScrubbedNames = ["URLS", "DOTNET_ENVIRONMENT"];

    private readonly Process _process;

    private ChildProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>
    /// Runs <c>dotnet <paramref name="dll"/> <paramref name="args"/></c> (the host's own <c>dotnet</c> when the test
    /// runner says which), in the dll's folder unless <paramref name="workingDirectory"/> says otherwise, as Production.
    /// <c>dotnet X.dll</c> runs the program in the host's process, so <see cref="Id"/> is the program's.
    /// </summary>
    public static ChildProcess StartDotnet(string dll, IEnumerable<string> args, IReadOnlyDictionary<string, string> settings,
        Action<string> output, string? workingDirectory = null)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        return Start(dotnet, [dll, .. args], settings, output, workingDirectory ?? Path.GetDirectoryName(dll));
    }

    /// <summary>Runs <paramref name="program"/> with <paramref name="args"/> and the given settings on a scrubbed environment.</summary>
    public static ChildProcess Start(string program, IEnumerable<string> args, IReadOnlyDictionary<string, string> settings,
        Action<string> output, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory ?? "",
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        foreach (var name in start.Environment.Keys.ToList())
        {
            if (ScrubbedPrefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase)) ||
                ScrubbedNames.Any(n => name.Equals(n, StringComparison.OrdinalIgnoreCase)))
                start.Environment.Remove(name);
        }
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        foreach (var (name, value) in settings)
            start.Environment[name] = value;

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output(e.Data); };
        if (!process.Start())
            throw new InvalidOperationException($"{program} did not start.");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ChildProcess(process);
    }

    /// <summary>Waits for the process to exit, and for the last of its output to reach the sink.</summary>
    public async Task WaitForExitAsync(CancellationToken cancel = default)
    {
        await _process.WaitForExitAsync(cancel);
        _process.WaitForExit();
    }

    /// <summary>SIGKILL, the whole process tree: no shutdown code runs, nothing is flushed. Returns once it has exited.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        if (!_process.WaitForExit(KillTimeout))
            throw new TimeoutException($"The process (pid {_process.Id}) did not die within {KillTimeout.TotalSeconds} s of SIGKILL.");
    }

    /// <summary>
    /// SIGTERM (what Ctrl+C or a service manager sends), then waits for a graceful exit; false if the process still
    /// runs after <paramref name="bound"/>.
    /// </summary>
    public async Task<bool> TerminateAsync(TimeSpan bound)
    {
        if (!_process.HasExited && SendSignal(_process.Id, SigTerm) != 0 && !_process.HasExited)
            throw new InvalidOperationException($"SIGTERM to pid {_process.Id} failed (errno {Marshal.GetLastPInvokeError()}).");
        using var timeout = new CancellationTokenSource(bound);
        try
        {
            await WaitForExitAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
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
            // Already gone.
        }
        _process.Dispose();
    }

    private const int SigTerm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
}
