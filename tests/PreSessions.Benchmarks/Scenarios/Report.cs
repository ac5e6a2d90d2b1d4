using System.Globalization;
using System.Text;

namespace PreSessions.Benchmarks.Scenarios;

/// <summary>
/// The results as markdown: one table per scenario, one row per system and round, each compared with the baseline of
/// its own round (the machine's load drifts between rounds, so only rows of one round were measured side by side).
/// </summary>
public static class Report
{
    /// <summary>The line that says every system ran every scenario and passed every check (the quick-mode test looks for it).</summary>
    public const string EverySystemVerified = "Every system verified";

    public static string Markdown(Settings settings, Runner runner)
    {
        var (results, failures) = (runner.Results, runner.Failures);
        var text = new StringBuilder();
        Table(text, settings, results, Runner.Scenario_Hot,
            F($"Hot: {settings.Applications:N0} applications into ONE pre-session (panel {settings.PanelSize}, the rest waitlist), {settings.Clients} clients"));
        Table(text, settings, results, Runner.Scenario_Spread,
            F($"Spread: {settings.Applications:N0} applications over {settings.SpreadPreSessions} pre-sessions, {settings.Clients} clients"));
        text.AppendLine("""
            Columns: **vs baseline**, throughput divided by the conventional baseline's in the same round. **Errors**, answers
            other than 201 by status (none: no answer within the bound). **Peak RSS**, VmHWM of each server process during
            the scenario. **CPU**, user + system seconds during the scenario: each server process, all PostgreSQL processes,
            the load generator. **CPU ms/appl.**, the servers' CPU per application answered 201, with PostgreSQL's for the
            systems that keep their data there (the embedded one never calls it, so others' use of the server is not its cost).
            **Storage writes**, grain state writes during the scenario (every stored row's version counts its writes), of
            which the pre-session grains', and **appl./write**, applications per pre-session write (the group commit).
            **Largest state**, the largest pre-session grain record stored (its head and its items, one row per application):
            how much a pre-session holds, not what one write writes (the growth table below says that).
            **Correct**, the checks after the scenario (see above).
            """);
        text.AppendLine();
        Growth(text, settings, runner.GrowthResults);
        Durability(text, runner.Durability);
        Correctness(text, runner);
        if (failures.Count > 0)
        {
            text.AppendLine("### Systems that did not complete").AppendLine();
            foreach (var (system, failure) in failures)
                text.AppendLine(F($"- {system}: {failure.ReplaceLineEndings(" ")}"));
            text.AppendLine();
        }
        return text.ToString();
    }

    private static void Table(StringBuilder text, Settings settings, IReadOnlyList<PhaseResult> results, string scenario, string title)
    {
        var rows = results.Where(r => r.Scenario == scenario).OrderBy(r => r.Round).ThenBy(r => r.System.Label, StringComparer.Ordinal).ToList();
        text.AppendLine(F($"### {title}")).AppendLine();
        if (rows.Count == 0)
        {
            text.AppendLine("No system completed this scenario.").AppendLine();
            return;
        }
        text.AppendLine("| Round | System | Applications/s | vs baseline | p50 ms | p95 ms | p99 ms | 201s / sent | Errors | Peak RSS | CPU s | CPU ms/appl. | Storage writes (pre-session) | Appl./write | Largest state | Correct |");
        text.AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|---|---|---|---:|---:|---:|---:|---|");
        foreach (var r in rows)
        {
            var baseline = rows.FirstOrDefault(b => b.Round == r.Round && b.System is ConventionalSystem);
            var ratio = baseline is null || baseline.Throughput == 0 ? "n/a" : F($"{r.Throughput / baseline.Throughput:0.00}×");
            var errors = r.Errors.Count == 0 ? "0" :
                F($"{r.Errors.Values.Sum()} (") + string.Join(", ", r.Errors.OrderBy(e => e.Key)
                    .Select(e => F($"{(e.Key == 0 ? "none" : e.Key.ToString(CultureInfo.InvariantCulture))}: {e.Value}"))) + ")";
            if (r.TimedOut)
                errors += F($"; stopped at the {settings.PhaseBound.TotalSeconds:0} s bound");
            var memory = string.Join(", ", r.Processes.Select(p => F($"{p.Name} {p.PeakBytes / 1048576.0:0} MiB"))) + (r.PhasePeaks ? "" : " (lifetime)");
            var cpu = string.Join(", ", r.Processes.Select(p => F($"{p.Name} {p.Cpu.TotalSeconds:0.0}"))) +
                F($", PostgreSQL {r.PostgresCpu.TotalSeconds:0.0}, load gen. {r.LoadGeneratorCpu.TotalSeconds:0.0}");
            var serverCpu = r.Processes.Sum(p => p.Cpu.TotalMilliseconds) + r.PostgresCpu.TotalMilliseconds;
            var perApplication = r.Created == 0 ? "n/a" : F($"{serverCpu / r.Created:0.00}");
            var writes = r.Storage is { } s ? F($"{s.Writes:N0} ({s.PreSessionWrites:N0})") : F($"{r.Created:N0} transactions");
            var batch = r.Storage is { PreSessionWrites: > 0 } b2 ? F($"{r.Created / (double)b2.PreSessionWrites:0.0}") : r.Storage is null ? "1" : "n/a";
            var largest = r.Storage is { } l ? F($"{l.LargestPreSessionBytes / 1024.0:N0} KiB") : "n/a";
            text.AppendLine(F($"| {r.Round} | {r.System.Label} | **{r.Throughput:N0}** | {ratio} | {r.P50Ms:0} | {r.P95Ms:0} | {r.P99Ms:0} | {r.Created:N0} / {r.Sent:N0} | {errors} | {memory} | {cpu} | {perApplication} | {writes} | {batch} | {largest} | {(r.Verified ? r.Verification : "**NO**: " + r.Verification)} |"));
        }
        text.AppendLine();
        text.AppendLine(F($"Wall time: {string.Join(", ", rows.Select(r => F($"{r.System.Name} {r.Elapsed.TotalSeconds:0.0} s (round {r.Round})")))}. ") +
            F($"1-minute load average as each started: {string.Join(", ", rows.Select(r => F($"{r.LoadAverageBefore:0.0}")))} (same order)."));
        text.AppendLine();
    }

    private static void Growth(StringBuilder text, Settings settings, IReadOnlyList<GrowthResult> results)
    {
        if (settings.GrowthSizes.Count == 0)
            return;
        var sizes = settings.GrowthSizes.Order().ToArray();
        text.AppendLine(F($"### Bytes written per application as ONE pre-session grows (batches of {settings.GrowthBatch}, {settings.Clients} clients)")).AppendLine();
        if (results.Count == 0)
        {
            text.AppendLine("No system completed this scenario.").AppendLine();
            return;
        }
        text.AppendLine("| System | " + string.Join(" | ", sizes.Select(size => F($"at {size:N0}"))) + " | Correct |");
        text.AppendLine("|---|" + string.Concat(sizes.Select(_ => "---:|")) + "---|");
        foreach (var r in results)
        {
            var cells = sizes.Select(size => r.Points.FirstOrDefault(p => p.Size == size) is { } point
                ? F($"**{point.BytesPerApplication:N0} B** ({point.Bytes:N0} B / {point.Created:N0} in {point.Window.TotalSeconds:0.0} s; idle {point.IdleBytesPerSecond:N0} B/s") +
                  (point.Held == size ? ")" : F($"; it held {point.Held:N0})"))
                : "n/a");
            text.AppendLine(F($"| {r.System.Label} | {string.Join(" | ", cells)} | {(r.Verdict.Verified ? r.Verdict.Summary : "**NO**: " + r.Verdict.Summary)} |"));
        }
        text.AppendLine();
        text.AppendLine(F($"""
            Each cell: bytes written to durable storage while a batch of {settings.GrowthBatch} applications went into one pre-session that
            already held that many, divided by the batch's 201s (in brackets: the bytes and the 201s, how long the reading
            lasted, and what the same counter gained per second with no load just before: where that is not near 0, someone
            else wrote to the same storage, and about that rate times the reading's length is theirs). The pre-session is filled
            to each size first (not measured); each reading waits {Scenarios.Growth.Settle.TotalSeconds:0} s after the last answer, so that writes which follow an
            acknowledgement count with the batch that caused them. What is counted, by system:
            """));
        foreach (var r in results)
            text.AppendLine(F($"- {r.System.Label}: {r.System.BytesWrittenMeasure}."));
        text.AppendLine();
    }

    private static void Durability(StringBuilder text, IReadOnlyList<(SystemUnderTest System, string Settings)> systems)
    {
        if (systems.Count == 0)
            return;
        text.AppendLine("### Durability settings, as each system ran").AppendLine();
        text.AppendLine("| System | Settings |");
        text.AppendLine("|---|---|");
        foreach (var (system, settings) in systems)
            text.AppendLine(F($"| {system.Label} | {settings} |"));
        text.AppendLine();
    }

    /// <summary>Which systems passed every check of every scenario they ran, in one place (details in each table's Correct column).</summary>
    private static void Correctness(StringBuilder text, Runner runner)
    {
        text.AppendLine("### Correctness").AppendLine();
        var systems = runner.Results.Select(r => r.System.Label).Concat(runner.GrowthResults.Select(g => g.System.Label)).Distinct().ToList();
        foreach (var label in systems)
        {
            var phases = runner.Results.Where(r => r.System.Label == label).ToList();
            var growth = runner.GrowthResults.Where(g => g.System.Label == label).ToList();
            var wrong = phases.Where(r => !r.Verified).Select(r => F($"{r.Scenario} (round {r.Round})"))
                .Concat(growth.Where(g => !g.Verdict.Verified).Select(_ => "growth")).ToList();
            var checkedScenarios = phases.Count + growth.Count;
            text.AppendLine(wrong.Count == 0
                ? F($"- {label}: verified ({checkedScenarios} scenarios checked)")
                : F($"- {label}: **NOT verified**: {string.Join(", ", wrong)}"));
        }
        var everything = runner.Failures.Count == 0 && systems.Count > 0 &&
            runner.Results.TrueForAll(r => r.Verified) && runner.GrowthResults.TrueForAll(g => g.Verdict.Verified);
        text.AppendLine().AppendLine(everything
            ? F($"**{EverySystemVerified}** ({systems.Count} systems): exact counts, dense positions, replays answered the stored answer.")
            : "**Not every system verified**: see the systems above and below.");
        text.AppendLine();
    }

    private static string F(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
