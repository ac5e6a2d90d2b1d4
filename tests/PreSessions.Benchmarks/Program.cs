using System.Globalization;
using PreSessions.Benchmarks.Conventional;
using PreSessions.Benchmarks.Scenarios;

// PreSessions.Benchmarks run [--out FILE] [--applications 4000] [--clients 64] [--panel 10] [--spread 14] [--warmup 1000]
//                            [--rounds 2] [--seconds 120] [--systems conventional,cluster,embedded] [--postgres CONNECTION]
//   Runs the scenarios against each system in turn, in rounds (odd rounds a-b-c, even rounds c-b-a, so that a drift in
//   the machine's load favours nobody), and writes the results as markdown tables (scripts/benchmark.sh).
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
    string Option(string name, string fallback) => options.GetValueOrDefault(name, fallback);
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
        Applications: Number("applications", 4000),
        Clients: Number("clients", 64),
        PanelSize: Number("panel", 10),
        SpreadPreSessions: Math.Clamp(Number("spread", 14), 1, 16),
        WarmupApplications: Number("warmup", 1000),
        Rounds: Math.Max(1, Number("rounds", 2)),
        PhaseBound: TimeSpan.FromSeconds(Number("seconds", 120)));

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
    var markdown = Report.Markdown(settings, runner.Results, runner.Failures);
    if (options.TryGetValue("out", out var file))
        await File.WriteAllTextAsync(file, markdown);
    else
        Console.Write(markdown);
    return runner.Failures.Count == 0 && runner.Results.TrueForAll(r => r.Verified) ? 0 : 1;
}

static Dictionary<string, string> Options(string[] args)
{
    var options = new Dictionary<string, string>();
    for (var i = 0; i + 1 < args.Length; i += 2)
    {
        if (!args[i].StartsWith("--", StringComparison.Ordinal))
            throw new ArgumentException($"Expected an option (--name value), got {args[i]}.");
        options[args[i][2..]] = args[i + 1];
    }
    return options;
}

static int Usage()
{
    Console.Error.WriteLine("Usage: PreSessions.Benchmarks run [--out FILE] [--applications N] [--clients N] [--panel N] [--spread N] " +
        "[--warmup N] [--rounds N] [--seconds N] [--systems conventional,cluster,embedded] [--postgres CONNECTION] | serve-conventional");
    return 2;
}
