using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using PreSessions.IntegrationTests.Cluster;
using PreSessions.IntegrationTests.Postgres;
using Xunit.Abstractions;

namespace PreSessions.IntegrationTests.Benchmarks;

/// <summary>
/// The benchmark's quick mode, as the test build left it (the Debug benchmark starts the Debug servers): every system
/// (the conventional baseline and the cluster on PostgreSQL, the embedded gateway on SQLite) takes a small load, and
/// the program's own checks decide: exact counts, dense positions, replays that answer the stored answer. Its figures
/// are never asserted: the machine is shared, and a timing would only measure the neighbours.
/// </summary>
[Collection(ClusterProcesses.Name)] // it runs a silo on PostgreSQL: never while another test restarts PostgreSQL or kills silos
public sealed class BenchmarkQuickModeTests(ITestOutputHelper log)
{
    /// <summary>Quick mode takes about a minute and a half here; the bound only stops a hung run.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(5);

    private static readonly string[] Systems =
        ["(a) conventional, PostgreSQL", "(b) PreSessions cluster, PostgreSQL", "(c) PreSessions embedded, SQLite"];

    [Fact]
    public async Task Quick_mode_verifies_every_system_and_measures_bytes_per_application()
    {
        var program = Path.Combine(ServiceProcess.BinDirectory("PreSessions.Benchmarks", under: "tests"), "PreSessions.Benchmarks.dll");
        Assert.True(File.Exists(program), $"{program} is missing: the test build builds it (a ProjectReference of this project).");
        using var output = new TempDataDirectory();
        var report = Path.Combine(output.Path, "benchmarks.md");
        var lines = new ConcurrentQueue<string>();

        int exitCode;
        await using (var benchmark = ChildProcess.StartDotnet(program,
            ["run", "--quick", "--out", report, "--logs", Path.Combine(output.Path, "logs"), "--postgres", PostgresDatabase.AdminConnectionString],
            new Dictionary<string, string>(), lines.Enqueue))
        {
            using var bound = new CancellationTokenSource(Bound);
            try
            {
                await benchmark.WaitForExitAsync(bound.Token);
            }
            finally
            {
                foreach (var line in lines)
                    log.WriteLine(line);
            }
            exitCode = benchmark.ExitCode;
        }

        if (exitCode != 0)
            KeepLogs(Path.Combine(output.Path, "logs"));
        Assert.True(File.Exists(report), "The benchmark wrote no report.");
        var markdown = await File.ReadAllTextAsync(report);
        log.WriteLine(markdown);
        Assert.Equal(0, exitCode);
        Assert.Contains("**Every system verified** (3 systems)", markdown);
        Assert.DoesNotContain("Systems that did not complete", markdown);
        foreach (var system in Systems)
        {
            // Hot, spread and growth, each checked and right.
            Assert.Contains($"- {system}: verified (3 scenarios checked)", markdown);
            Assert.Matches(BytesPerApplicationRow(system), markdown);
            Assert.Matches(new Regex($@"^\| {Regex.Escape(system)} \| (PostgreSQL .*synchronous_commit=\w+|SQLite journal_mode=\w+.*synchronous=\w+)", RegexOptions.Multiline), markdown);
        }
    }

    /// <summary>A failed run's server logs (and the dump of a server that crashed) outlive the test's temporary folder.</summary>
    private void KeepLogs(string logs)
    {
        if (!Directory.Exists(logs))
            return;
        var kept = Path.Combine(Path.GetTempPath(), $"presessions-benchmark-failed-{DateTime.UtcNow:yyyyMMdd-HHmmss}");
        Directory.CreateDirectory(kept);
        foreach (var file in Directory.EnumerateFiles(logs))
            File.Copy(file, Path.Combine(kept, Path.GetFileName(file)));
        log.WriteLine($"The servers' logs of this failed run are kept in {kept}.");
    }

    /// <summary>A growth row with a figure at each quick size (10 and 100): bytes per application, never zero.</summary>
    private static Regex BytesPerApplicationRow(string system) =>
        new($@"^\| {Regex.Escape(system)} \| \*\*[1-9][\d,]* B\*\* \([\d,]+ B / \d+[^)|]*\) \| \*\*[1-9][\d,]* B\*\* \([\d,]+ B / \d+[^)|]*\) \| yes", RegexOptions.Multiline);
}
