using System.Globalization;
using PreSessions.Benchmarks.Conventional;
using PreSessions.Benchmarks.Scenarios;

// PreSessions.Benchmarks run [--quick] [--out FILE] [--applications 4000] [--clients 64] [--panel 10] [--spread 14]
//                            [--warmup 1000] [--rounds 2] [--seconds 120] [--growth 10,1000,10000] [--growth-batch 200]
//                            [--systems conventional,cluster,embedded] [--postgres CONNECTION]
//   Runs the scenarios against each system in turn, in rounds (odd rounds a-b-c, even rounds c-b-a, so that a drift in
//   the machine's load favours nobody), and writes the results as markdown tables (scripts/benchmark.sh). The growth
//   scenario (bytes written per application as one pre-session holds each of --growth, "none" to leave it out) runs
//   in round 1 only. --quick: the test suite's run, for correctness only (small counts, one round, small growth
//   sizes); options given beside it still win. Exit code 0 only if every system ran and every check passed.
// PreSessions.Benchmarks serve-conventional
//   The conventional baseline service (started by `run` as a process of its own).
return args switch
{
    ["serve-conventional", .. var rest] => await ConventionalService.RunAsync(rest),
    ["run", .. var rest] => await RunAsync(Options(rest)),
    _ => Usage(),
};

static async Task<int> RunAsync(Dictionary<string, string> options)
{
    // Quick mode checks that every system answers right, in well under a minute of load: its figures are not for reading.
    var quick = options.ContainsKey("quick");
    string Option(string name, string fallback) => options.GetValueOrDefault(name, fallback);
    string Sized(string name, string full, string small) => Option(name, quick ? small : full);
    int Count(string name, int full, int small) => int.Parse(Sized(name, full.ToString(CultureInfo.InvariantCulture), small.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
    int Number(string name, int fallback) => int.Parse(Option(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

    var root = new DirectoryInfo(AppContext.BaseDirectory);
    while (root is not null && !File.Exists(Path.Combine(root.FullName, "PreSessions.sln")))
        root = root.Parent;
    if (root is null)
        throw new InvalidOperationException($"No PreSessions.sln above {AppContext.BaseDirectory}.");

    var settings = new Settings(
        Root: root.FullName,
        LogDirectory: Option("logs", Path.Combine(Path.GetTempPath(), "presessions-bench", "logs")),
        Postgres: Option("postgres", "Host=127.0.0.1;Port=5432;Database=presessions;Username=presessions;Password=presessions"),
        Applications: Count("applications", 4000, 120),
        Clients: Count("clients", 64, 16),
        PanelSize: Number("panel", 10),
        SpreadPreSessions: Math.Clamp(Count("spread", 14, 3), 1, 16),
        WarmupApplications: Count("warmup", 1000, 30),
        Rounds: Math.Max(1, Count("rounds", 2, 1)),
        PhaseBound: TimeSpan.FromSeconds(Count("seconds", 120, 60)),
        GrowthSizes: Sized("growth", "10,1000,10000", "10,100") is "none" or ""
            ? []
            : [.. Sized("growth", "10,1000,10000", "10,100").Split(',').Select(size => int.Parse(size, CultureInfo.InvariantCulture))],
        GrowthBatch: Math.Max(1, Count("growth-batch", 200, 32)));

    var known = new Dictionary<string, Func<Settings, SystemUnderTest>>
    {
        ["conventional"] = s => new ConventionalSystem(s),
        ["cluster"] = s => new ClusterSystem(s),
        ["embedded"] = s => new EmbeddedSystem(s),
    };
    var systems = Option("systems", "conventional,cluster,embedded").Split(',', StringSplitOptions.RemoveEmptyEntries)
        .Select(name => known.TryGetValue(name, out var create) ? create : throw new ArgumentException($"Unknown system {name}."))
        .ToList();

    var runner = new Runner(settings);
    await runner.RunAsync(systems);
    var markdown = Report.Markdown(settings, runner);
    if (options.TryGetValue("out", out var file))
        await File.WriteAllTextAsync(file, markdown);
    else
        Console.Write(markdown);
    return runner.Failures.Count == 0 && runner.Results.TrueForAll(r => r.Verified) && runner.GrowthResults.TrueForAll(g => g.Verdict.Verified) ? 0 : 1;
}

static Dictionary<string, string> Options(string[] args)
{
    var options = new Dictionary<string, string>();
    for (var i = 0; i < args.Length; i++)
    {
        if (!args[i].StartsWith("--", StringComparison.Ordinal))
            throw new ArgumentException($"Expected an option (--name value), got {args[i]}.");
        // --quick is the one switch: every other option takes a value.
        if (args[i] == "--quick")
            options["quick"] = "true";
        else if (i + 1 < args.Length)
            options[args[i][2..]] = args[++i];
        else
            throw new ArgumentException($"{args[i]} wants a value.");
    }
    return options;
}

static int Usage()
{
    Console.Error.WriteLine("Usage: PreSessions.Benchmarks run [--quick] [--out FILE] [--applications N] [--clients N] [--panel N] [--spread N] " +
        "[--warmup N] [--rounds N] [--seconds N] [--growth N,N,...|none] [--growth-batch N] [--systems conventional,cluster,embedded] " +
        "[--postgres CONNECTION] | serve-conventional");
    return 2;
}
