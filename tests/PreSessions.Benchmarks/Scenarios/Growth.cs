using PreSessions.Benchmarks.Load;

namespace PreSessions.Benchmarks.Scenarios;

/// <summary>
/// What one batch of applications cost in bytes written, applied when the pre-session was to hold <paramref name="Size"/>
/// and held <paramref name="Held"/> (fewer only if some of the fill were refused or unanswered). <paramref name="Window"/>
/// is how long the reading lasted, and <paramref name="IdleBytesPerSecond"/> what the same counter gained per second just
/// before, with no load: a storage shared with others (PostgreSQL's WAL is the whole server's) counts their writes too.
/// </summary>
public sealed record GrowthPoint(int Size, int Held, int Sent, int Created, long Bytes, TimeSpan Window, double IdleBytesPerSecond)
{
    public double BytesPerApplication => Created == 0 ? double.NaN : Bytes / (double)Created;
}

/// <summary>One system's bytes per application as one pre-session grows, and the checks of every application it took.</summary>
public sealed record GrowthResult(SystemUnderTest System, IReadOnlyList<GrowthPoint> Points, Verdict Verdict);

/// <summary>
/// Bytes written to durable storage per application as ONE pre-session grows: the pre-session is filled (not measured)
/// to each size in turn, then a batch of applications is applied and the bytes the system wrote meanwhile are divided
/// by the batch's 201s. A design that rewrites a pre-session's whole state per write pays more per application as it
/// grows; one that inserts a row per application should not.
/// </summary>
public sealed class Growth(Settings settings, LoadGenerator load)
{
    public const string Sur = "GBR";

    /// <summary>
    /// Before each reading: writes that follow an acknowledgement (the audit log's appends, a checkpoint) belong to the
    /// batch that caused them, not to the next. Idle writes in this pause count too, and are small beside a batch.
    /// </summary>
    public static readonly TimeSpan Settle = TimeSpan.FromSeconds(1);

    /// <summary>The organisations it needs: the largest size and one batch more, each applying once.</summary>
    public static int OrganisationsNeeded(Settings settings) =>
        settings.GrowthSizes.Count == 0 ? 0 : settings.GrowthSizes.Max() + settings.GrowthBatch;

    public async Task<GrowthResult> RunAsync(SystemUnderTest system, Organisation[] organisations)
    {
        var phases = new List<PhaseLoad>();
        var points = new List<GrowthPoint>();
        var applied = 0;
        // Sizes closer together than a batch start where the last batch ended: no organisation applies twice.
        foreach (var size in settings.GrowthSizes.Order())
        {
            if (size < applied)
            {
                Runner.Log($"{system.Name} growth: skipping {size}, the pre-session already had {applied} applications sent to it");
                continue;
            }
            // In slices of the hot scenario's size, each under its bound: a fill to 10,000 takes longer than one scenario.
            while (applied < size)
            {
                var slice = Math.Min(size - applied, Math.Max(1, settings.Applications));
                var fill = await load.ApplyAsync(organisations[applied..(applied + slice)], slice, _ => Sur, settings.PhaseBound);
                phases.Add(fill);
                applied += fill.Attempts.Length;
                if (fill.TimedOut)
                    break;
            }
            await Task.Delay(Settle);
            var held = phases.Sum(p => p.Attempts.Count(a => a.StatusCode == 201));
            var idleFrom = await system.BytesWrittenAsync();
            await Task.Delay(Settle);
            var before = await system.BytesWrittenAsync();
            var idle = (before - idleFrom) / Settle.TotalSeconds;
            var batch = await load.ApplyAsync(organisations[applied..(applied + settings.GrowthBatch)], settings.GrowthBatch, _ => Sur, settings.PhaseBound);
            await Task.Delay(Settle);
            var written = await system.BytesWrittenAsync() - before;
            phases.Add(batch);
            applied += batch.Attempts.Length;
            var point = new GrowthPoint(size, held, batch.Attempts.Length, batch.Attempts.Count(a => a.StatusCode == 201), written,
                batch.Elapsed + Settle, idle);
            points.Add(point);
            Runner.Log($"{system.Name} growth: at {held} applications, {point.Created}/{point.Sent} more wrote {written:N0} B in {point.Window.TotalSeconds:0.0} s " +
                $"= {point.BytesPerApplication:N0} B per application (idle just before: {idle:N0} B/s)");
        }
        var all = new PhaseLoad(
            [.. phases.SelectMany(p => p.Attempts)], [.. phases.SelectMany(p => p.OrganisationOf)], [.. phases.SelectMany(p => p.PreSessionOf)],
            TimeSpan.FromTicks(phases.Sum(p => p.Elapsed.Ticks)), phases.Exists(p => p.TimedOut));
        using var bound = new CancellationTokenSource(settings.PhaseBound);
        var verdict = await Verification.CheckAsync(load, all, settings.PanelSize, bound.Token);
        Runner.Log($"{system.Name} growth: {(verdict.Verified ? "verified" : "NOT VERIFIED")}: {verdict.Summary}");
        return new GrowthResult(system, points, verdict);
    }
}
