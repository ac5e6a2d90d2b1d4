using System.Diagnostics;
using PreSessions.Benchmarks.Load;
using PreSessions.Benchmarks.Processes;

namespace PreSessions.Benchmarks.Scenarios;

public sealed record ProcessFigures(string Name, long PeakBytes, TimeSpan Cpu);

/// <summary>One system under one scenario: what the clients saw, what the servers spent, and whether the result is right.</summary>
public sealed record PhaseResult(
    SystemUnderTest System,
    int Round,
    string Scenario,
    int Planned,
    int Sent,
    int Created,
    IReadOnlyDictionary<int, int> Errors,
    TimeSpan Elapsed,
    bool TimedOut,
    double P50Ms,
    double P95Ms,
    double P99Ms,
    double MaxMs,
    IReadOnlyList<ProcessFigures> Processes,
    bool PhasePeaks,
    TimeSpan PostgresCpu,
    TimeSpan LoadGeneratorCpu,
    double LoadAverageBefore,
    StorageCounts? Storage,
    bool Verified,
    string Verification)
{
    public double Throughput => Created / Elapsed.TotalSeconds;
}

/// <summary>
/// Runs every system through the same scenarios, one system at a time on the same machine: start it on fresh storage,
/// set up the WG session and its pre-sessions, register the organisations, warm up, then measure the hot scenario
/// (every application into one pre-session) and the spread one (the same load over several pre-sessions), and in
/// round 1 the bytes written per application as one pre-session grows (<see cref="Growth"/>). Every scenario ends
/// with the same checks (<see cref="Verification"/>).
/// </summary>
public sealed class Runner(Settings settings)
{
    public const string Scenario_Hot = "hot";
    public const string Scenario_Spread = "spread";

    private const string WarmupSur = "DEU";
    private const string HotSur = "FRA";

    private static readonly string[] SpreadSurs =
        ["ARG", "AUS", "AUT", "BEL", "BRA", "CAN", "CHL", "COL", "DNK", "EGY", "FIN", "GHA", "IND", "JPN", "KEN", "MEX"];

    public List<PhaseResult> Results { get; } = [];

    public List<(string System, string Failure)> Failures { get; } = [];

    /// <summary>Bytes per application as one pre-session grows, once per system (round 1): storage, not timing.</summary>
    public List<GrowthResult> GrowthResults { get; } = [];

    /// <summary>Each system's durability settings, as read from it in round 1.</summary>
    public List<(SystemUnderTest System, string Settings)> Durability { get; } = [];

    public IReadOnlyList<string> Spread => SpreadSurs[..settings.SpreadPreSessions];

    public async Task RunAsync(IReadOnlyList<Func<Settings, SystemUnderTest>> systems)
    {
        for (var round = 1; round <= settings.Rounds; round++)
        {
            foreach (var create in round % 2 == 1 ? systems : systems.Reverse())
            {
                var system = create(settings);
                try
                {
                    await RunOneAsync(system, round);
                }
                catch (Exception failure)
                {
                    Log($"{system.Name}: FAILED: {failure}");
                    Failures.Add(($"{system.Label}, round {round}", $"{failure.GetType().Name}: {failure.Message}"));
                }
                finally
                {
                    await system.DisposeAsync();
                }
            }
        }
    }

    private async Task RunOneAsync(SystemUnderTest system, int round)
    {
        var clock = Stopwatch.StartNew();
        Log($"{system.Name}: round {round}: starting");
        await system.StartAsync();
        Log($"{system.Name}: ready after {clock.Elapsed.TotalSeconds:0.0} s (pids {string.Join(", ", system.Processes.Select(p => $"{p.Name} {p.Id}"))})");

        if (round == 1)
            Durability.Add((system, await system.DurabilityAsync()));

        using var load = new LoadGenerator(system.BaseAddress, settings.Clients);
        using (var bound = new CancellationTokenSource(settings.PhaseBound))
        {
            await load.SetUpAsync(system.OperatorToken, [WarmupSur, HotSur, .. Spread, Growth.Sur], settings.PanelSize, bound.Token);
        }
        Organisation[] organisations;
        var needed = Math.Max(settings.Applications, round == 1 ? Growth.OrganisationsNeeded(settings) : 0);
        // The bound of a scenario per scenario's worth of organisations: the growth scenario needs many more.
        using (var bound = new CancellationTokenSource(settings.PhaseBound * Math.Ceiling(needed / (double)Math.Max(1, settings.Applications))))
        {
            var registering = Stopwatch.StartNew();
            organisations = await load.RegisterAsync(needed, bound.Token);
            Log($"{system.Name}: registered {organisations.Length} organisations in {registering.Elapsed.TotalSeconds:0.0} s (not measured)");
        }

        // Warm-up (not measured): the JIT, the pools, the grains' activations, on a pre-session of its own.
        var warmup = await load.ApplyAsync(organisations, Math.Min(settings.WarmupApplications, organisations.Length), _ => WarmupSur, settings.PhaseBound);
        Log($"{system.Name}: warm-up {warmup.Attempts.Count(a => a.StatusCode == 201)}/{warmup.Attempts.Length} applications in {warmup.Elapsed.TotalSeconds:0.0} s");

        await MeasureAsync(system, round, load, organisations, Scenario_Hot, _ => HotSur);
        var spread = Spread;
        await MeasureAsync(system, round, load, organisations, Scenario_Spread, i => spread[i % spread.Count]);
        if (round == 1 && settings.GrowthSizes.Count > 0)
            GrowthResults.Add(await new Growth(settings, load).RunAsync(system, organisations));
    }

    private async Task MeasureAsync(SystemUnderTest system, int round, LoadGenerator load, Organisation[] organisations, string scenario, Func<int, string> preSessionOf)
    {
        var phasePeaks = system.Processes.Select(p => p.ResetPeakMemory()).ToList().TrueForAll(reset => reset);
        var cpuBefore = system.Processes.Select(p => p.CpuTime()).ToArray();
        // PostgreSQL's CPU is the servers' only where the system keeps its data there: the embedded store never calls it.
        var postgresBefore = system.UsesPostgres ? ServerProcess.CpuTimeOfAll("postgres") : TimeSpan.Zero;
        var selfBefore = ServerProcess.CpuTimeOf(Environment.ProcessId) ?? TimeSpan.Zero;
        var loadAverage = LoadAverage();
        var storageBefore = await system.StorageSnapshotAsync();

        var phase = await load.ApplyAsync(organisations, settings.Applications, preSessionOf, settings.PhaseBound);
        foreach (var process in system.Processes)
            process.ThrowIfDied($"the {scenario} scenario of round {round}");

        var figures = system.Processes.Select((p, i) => new ProcessFigures(p.Name, p.PeakMemoryBytes(), p.CpuTime() - cpuBefore[i])).ToArray();
        // PostgreSQL processes that exit during the scenario (others' connections closing) take their CPU time along.
        var postgres = system.UsesPostgres
            ? TimeSpan.FromTicks(Math.Max(0, (ServerProcess.CpuTimeOfAll("postgres") - postgresBefore).Ticks))
            : TimeSpan.Zero;
        var self = (ServerProcess.CpuTimeOf(Environment.ProcessId) ?? TimeSpan.Zero) - selfBefore;

        var created = phase.Attempts.Where(a => a.StatusCode == 201).ToArray();
        var errors = phase.Attempts.Where(a => a.StatusCode != 201).GroupBy(a => a.StatusCode).ToDictionary(g => g.Key, g => g.Count());
        var latencies = phase.Attempts.Select(a => a.ElapsedTicks * 1000.0 / Stopwatch.Frequency).Order().ToArray();
        Verdict verdict;
        using (var bound = new CancellationTokenSource(settings.PhaseBound))
            verdict = await Verification.CheckAsync(load, phase, settings.PanelSize, bound.Token);
        var (verified, verification) = (verdict.Verified, verdict.Summary);
        var stateKeys = phase.PreSessionOf.Distinct().Select(sur => StorageSnapshot.PreSessionStateKey(LoadGenerator.Wg, sur));
        var storage = await system.StorageSnapshotAsync() is { } storageAfter && storageBefore is not null
            ? StorageCounts.Between(storageBefore, storageAfter, stateKeys)
            : null;
        var result = new PhaseResult(system, round, scenario, settings.Applications, phase.Attempts.Length, created.Length, errors,
            phase.Elapsed, phase.TimedOut, Percentile(latencies, 0.50), Percentile(latencies, 0.95), Percentile(latencies, 0.99),
            latencies.Length == 0 ? 0 : latencies[^1], figures, phasePeaks, postgres, self, loadAverage, storage, verified, verification);
        Results.Add(result);
        Log($"{system.Name} {scenario}: {result.Created}/{result.Planned} in {result.Elapsed.TotalSeconds:0.00} s = {result.Throughput:0} applications/s; " +
            $"p50 {result.P50Ms:0.0} ms, p95 {result.P95Ms:0.0} ms, p99 {result.P99Ms:0.0} ms; errors {result.Errors.Values.Sum()}; " +
            $"peak RSS {string.Join(", ", figures.Select(f => $"{f.Name} {f.PeakBytes / 1048576.0:0} MiB"))}; " +
            $"CPU {string.Join(", ", figures.Select(f => $"{f.Name} {f.Cpu.TotalSeconds:0.0} s"))}, PostgreSQL {postgres.TotalSeconds:0.0} s, " +
            $"load generator {self.TotalSeconds:0.0} s; storage writes {storage?.Writes.ToString() ?? "n/a"} " +
            $"(pre-sessions {storage?.PreSessionWrites.ToString() ?? "n/a"}, largest {storage?.LargestPreSessionBytes.ToString() ?? "n/a"} B); {(verified ? "verified" : "NOT VERIFIED")}: {verification}");
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static double LoadAverage() =>
        double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);

    public static void Log(string line) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {line}");
}
