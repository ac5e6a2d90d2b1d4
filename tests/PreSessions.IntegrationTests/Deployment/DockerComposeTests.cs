using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PreSessions.IntegrationTests.Deployment;

/// <summary>
/// docker-compose.yml, the Dockerfiles it builds and scripts/run-cluster.sh describe one topology: PostgreSQL, a
/// one-shot schema migration, two or more silos, the gateway as a pure client of them, and the trace viewer. No
/// Docker engine runs where the tests run, so these tests read the files: the compose file through YamlDotNet as plain
/// values (what would change its meaning past plain values fails loudly rather than being misread), the rules of the
/// topology, and, so that the rules are known to bite, the same rules run on broken copies of the real file. They sit
/// with the integration tests because they check the same topology those tests run as processes, statically.
/// </summary>
public sealed class DockerComposeTests
{
    [Fact]
    public void The_compose_file_describes_the_whole_cluster()
    {
        var problems = ComposeRules.Check(Repo.ReadCompose(), Repo.Root);
        Assert.True(problems.Count == 0, "docker-compose.yml:\n  " + string.Join("\n  ", problems));
    }

    [Fact]
    public void The_compose_file_has_every_part_of_the_topology()
    {
        var topology = ComposeRules.Classify(Repo.ReadCompose());
        Assert.NotEmpty(topology.Postgres);
        Assert.NotEmpty(topology.Migrations);
        Assert.True(topology.Silos.Count >= 2, $"silos: {string.Join(", ", topology.Silos)}");
        Assert.NotEmpty(topology.Gateways);
        Assert.NotEmpty(topology.Dashboards);
    }

    [Fact]
    public void Both_images_are_built_by_the_compose_file_and_run_as_a_non_root_user()
    {
        var builds = Compose.Services(Repo.ReadCompose()).Values
            .Where(service => Compose.DockerfilePath(service, Repo.Root) is not null)
            .Select(service => (Dockerfile: Path.GetRelativePath(Repo.Root, Compose.DockerfilePath(service, Repo.Root)!).Replace('\\', '/'), Target: Compose.Target(service)))
            .ToHashSet();
        Assert.Contains((ComposeRules.Dockerfile, ComposeRules.SiloTarget), builds);
        Assert.Contains((ComposeRules.Dockerfile, ComposeRules.GatewayTarget), builds);
        foreach (var (dockerfile, target) in builds)
        {
            var problems = DockerfileRules.Check(File.ReadAllText(Path.Combine(Repo.Root, dockerfile)), Repo.Root, dockerfile, target);
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }
    }

    [Fact]
    public void The_cluster_script_runs_the_same_topology_with_the_same_settings()
    {
        var path = Path.Combine(Repo.Root, "scripts", "run-cluster.sh");
        Assert.True(File.Exists(path), "scripts/run-cluster.sh is missing");
        var script = File.ReadAllText(path);
        var document = Repo.ReadCompose();
        var topology = ComposeRules.Classify(document);
        // Every setting the silos and the gateway get in the compose file, by the same name.
        var settings = topology.Silos.Concat(topology.Gateways)
            .SelectMany(name => Compose.Environment(Compose.Services(document)[name]).Keys)
            .ToHashSet();
        Assert.NotEmpty(settings);
        var missing = settings.Where(setting => !script.Contains(setting, StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, "scripts/run-cluster.sh never sets " + string.Join(", ", missing));
        foreach (var expected in new[]
                 {
                     "--no-postgres", "migrate", "PreSessions.Silo.dll", "PreSessions.Gateway.dll",
                     "/health/ready", "stop", ".cluster", ".gitignore", "11111", "30000", "11112", "30001", "127.0.0.1:5080",
                 })
            Assert.True(script.Contains(expected, StringComparison.Ordinal), $"scripts/run-cluster.sh does not mention {expected}");
        Assert.StartsWith("#!/usr/bin/env bash", script);
        // It starts PostgreSQL with the repository's own script, which must be where it says.
        var postgres = Regex.Matches(script, @"[\w./$-]*postgres\.sh").Select(m => m.Value.Replace("$root/", "")).Distinct().ToList();
        Assert.NotEmpty(postgres);
        Assert.All(postgres, path => Assert.True(File.Exists(Path.Combine(Repo.Root, path)), $"scripts/run-cluster.sh runs {path}, which does not exist"));
    }

    public static TheoryData<string, string> Breakages => new()
    {
        { "a service loses its image and its build", "neither image nor build" },
        { "a dependency names an undefined service", "ghost" },
        { "a silo loses its connection string", "ConnectionStrings__PreSessions" },
        { "the gateway loses its connection string", "ConnectionStrings__PreSessions" },
        { "the migration restarts", "one-shot" },
        { "the migration loses its command", "migrate" },
        { "a silo only waits for the migration to start", "service_completed_successfully" },
        { "a silo loses Orleans__AdvertisedIP", "Orleans__AdvertisedIP" },
        { "two silos advertise the same address", "both advertise" },
        { "the gateway loses ASPNETCORE_URLS", "ASPNETCORE_URLS" },
        { "the gateway loses Auth__OperatorToken", "Auth__OperatorToken" },
        { "the gateway loses OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_ENDPOINT" },
        { "the gateway loses OTEL_SERVICE_NAME", "OTEL_SERVICE_NAME" },
        { "the gateway loses its healthcheck", "healthcheck" },
        { "only one silo is left", "fewer than two silos" },
        { "the dashboard is gone", "aspire-dashboard" },
        { "postgres is gone", "postgres" },
    };

    [Theory]
    [MemberData(nameof(Breakages))]
    public void A_broken_copy_of_the_compose_file_is_caught(string breakage, string expected)
    {
        var document = Repo.ReadCompose();
        // The real file must not have the problem already, or the test would prove nothing.
        Assert.DoesNotContain(ComposeRules.Check(document, Repo.Root), p => p.Contains(expected, StringComparison.Ordinal));
        Break(document, breakage);
        var problems = ComposeRules.Check(document, Repo.Root);
        Assert.True(problems.Any(p => p.Contains(expected, StringComparison.Ordinal)),
            $"after \"{breakage}\", no problem mentions \"{expected}\"; problems: [{string.Join("; ", problems)}]");
    }

    [Theory]
    [InlineData("USER root", "root")]
    [InlineData("USER 0:0", "root")]
    [InlineData("", "USER")]
    public void A_Dockerfile_whose_runtime_stage_runs_as_root_is_caught(string user, string expected)
    {
        var text = File.ReadAllText(Path.Combine(Repo.Root, ComposeRules.Dockerfile));
        var broken = Regex.Replace(text, @"^USER .*$", user, RegexOptions.Multiline);
        Assert.NotEqual(text, broken);
        Assert.Contains(DockerfileRules.Check(broken, Repo.Root, ComposeRules.Dockerfile, ComposeRules.SiloTarget), p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_target_whose_entry_point_runs_the_other_image_is_caught()
    {
        var text = File.ReadAllText(Path.Combine(Repo.Root, ComposeRules.Dockerfile))
            .Replace("ENTRYPOINT [\"dotnet\", \"PreSessions.Silo.dll\"]", "ENTRYPOINT [\"dotnet\", \"PreSessions.Gateway.dll\"]", StringComparison.Ordinal);
        Assert.Contains(DockerfileRules.Check(text, Repo.Root, ComposeRules.Dockerfile, ComposeRules.SiloTarget), p => p.Contains("ENTRYPOINT", StringComparison.Ordinal));
        Assert.Contains(DockerfileRules.Check(text, Repo.Root, ComposeRules.Dockerfile, "nowhere"), p => p.Contains("no stage is named nowhere", StringComparison.Ordinal));
    }

    [Fact]
    public void A_Dockerfile_that_copies_a_file_that_does_not_exist_is_caught()
    {
        var text = File.ReadAllText(Path.Combine(Repo.Root, ComposeRules.Dockerfile))
            .Replace("COPY src/Silo/PreSessions.Silo.csproj", "COPY src/Silo/Renamed.csproj", StringComparison.Ordinal);
        Assert.Contains(DockerfileRules.Check(text, Repo.Root, ComposeRules.Dockerfile, ComposeRules.SiloTarget), p => p.Contains("Renamed.csproj", StringComparison.Ordinal));
    }

    [Fact]
    public void The_reader_reads_the_yaml_a_compose_file_uses()
    {
        var document = YamlReader.Parse("""
            # a comment
            services:
              a:
                image: "postgres:15"   # trailing comment
                command: ["migrate", 'it''s', --x]
                environment:
                  - KEY=value # comment
                  - URL=http://host:1#not-a-comment
                depends_on:
                  - b
              b:
                build:
                  context: .
                ports:
                - "5080:8080"
                healthcheck:
                  test: ["CMD", "bash", "-c", "exec 3<>/dev/tcp/$${X}/1 # inside quotes"]
                empty:
            """);
        var services = Compose.Services(document);
        Assert.Equal(new[] { "a", "b" }, services.Keys);
        Assert.Equal("postgres:15", Compose.Scalar(services["a"], "image"));
        Assert.Equal(new[] { "migrate", "it's", "--x" }, Compose.Command(services["a"]));
        Assert.Equal(new Dictionary<string, string> { ["KEY"] = "value", ["URL"] = "http://host:1#not-a-comment" }, Compose.Environment(services["a"]));
        Assert.Equal(new Dictionary<string, string> { ["b"] = "service_started" }, Compose.DependsOn(services["a"]));
        Assert.Equal(new[] { "8080" }, Compose.ContainerPorts(services["b"]));
        Assert.Contains("# inside quotes", Compose.HealthTest(services["b"]));
        Assert.True(services["b"].ContainsKey("empty"));
        Assert.Null(services["b"]["empty"]);
    }

    [Theory]
    [InlineData("a:\n  <<: *base\n")]
    [InlineData("base: &b {x: 1}\na:\n  <<: *b\n")]
    [InlineData("a: !reset []\n")]
    [InlineData("a: !!str 1\n")]
    [InlineData("a:\n\tb: 1\n")]
    [InlineData("a: 1\na: 2\n")]
    [InlineData("a:\n  b: 1\n   c: 2\n")]
    [InlineData("a: \"unterminated\n")]
    [InlineData("a: 1\n---\nb: 2\n")]
    [InlineData("- a\n- b\n")]
    public void The_reader_refuses_what_it_cannot_read_instead_of_misreading_it(string yaml) =>
        Assert.Throws<FormatException>(() => YamlReader.Parse(yaml));

    [Fact]
    public void The_reader_reads_anchors_block_scalars_and_nested_flows_as_their_values()
    {
        var document = YamlReader.Parse("""
            base: &base [x, [y, z]]
            text: |
              two
              lines
            copy: *base
            """);
        var nested = Assert.IsType<List<object?>>(document["copy"]);
        Assert.Equal(Assert.IsType<List<object?>>(document["base"]), nested);
        Assert.Equal("x", nested[0]);
        Assert.Equal(new List<object?> { "y", "z" }, nested[1]);
        Assert.Equal("two\nlines\n", document["text"]);
    }

    private static void Break(Dictionary<string, object?> document, string breakage)
    {
        var services = Compose.Services(document);
        var all = Compose.Map(document, "services")!; // the document's own mapping, for removals
        var topology = ComposeRules.Classify(document);
        var silo = services[topology.Silos[0]];
        var gateway = services[topology.Gateways[0]];
        switch (breakage)
        {
            case "a service loses its image and its build":
                Assert.True(services[topology.Dashboards[0]].Remove("image"));
                services[topology.Dashboards[0]].Remove("build");
                break;
            case "a dependency names an undefined service":
                Compose.Map(gateway, "depends_on")!["ghost"] = new Dictionary<string, object?> { ["condition"] = "service_started" };
                break;
            case "a silo loses its connection string": RemoveSetting(silo, "ConnectionStrings__PreSessions"); break;
            case "the gateway loses its connection string": RemoveSetting(gateway, "ConnectionStrings__PreSessions"); break;
            case "the migration restarts": services[topology.Migrations[0]]["restart"] = "on-failure"; break;
            case "the migration loses its command": services[topology.Migrations[0]].Remove("command"); break;
            case "a silo only waits for the migration to start":
                Compose.Map(Compose.Map(silo, "depends_on")!, topology.Migrations[0])!["condition"] = "service_started";
                break;
            case "a silo loses Orleans__AdvertisedIP": RemoveSetting(silo, "Orleans__AdvertisedIP"); break;
            case "two silos advertise the same address":
                var other = services[topology.Silos[1]];
                Compose.Map(other, "environment")!["Orleans__AdvertisedIP"] = Compose.Environment(silo)["Orleans__AdvertisedIP"];
                Compose.Map(other, "environment")!["Orleans__SiloPort"] = Compose.Environment(silo)["Orleans__SiloPort"];
                other["networks"] = silo["networks"];
                break;
            case "the gateway loses ASPNETCORE_URLS": RemoveSetting(gateway, "ASPNETCORE_URLS"); break;
            case "the gateway loses Auth__OperatorToken": RemoveSetting(gateway, "Auth__OperatorToken"); break;
            case "the gateway loses OTEL_EXPORTER_OTLP_ENDPOINT": RemoveSetting(gateway, "OTEL_EXPORTER_OTLP_ENDPOINT"); break;
            case "the gateway loses OTEL_SERVICE_NAME": RemoveSetting(gateway, "OTEL_SERVICE_NAME"); break;
            case "the gateway loses its healthcheck": gateway.Remove("healthcheck"); break;
            case "only one silo is left":
                foreach (var name in topology.Silos.Skip(1))
                {
                    all.Remove(name);
                    foreach (var service in services.Values)
                        Compose.Map(service, "depends_on")?.Remove(name);
                }
                break;
            case "the dashboard is gone":
                foreach (var name in topology.Dashboards) all.Remove(name);
                break;
            case "postgres is gone":
                foreach (var name in topology.Postgres) all.Remove(name);
                break;
            default: throw new ArgumentOutOfRangeException(nameof(breakage), breakage, null);
        }
    }

    private static void RemoveSetting(Dictionary<string, object?> service, string key)
    {
        switch (service.GetValueOrDefault("environment"))
        {
            case Dictionary<string, object?> map:
                Assert.True(map.Remove(key), $"no {key} to remove");
                break;
            case List<object?> list:
                Assert.True(list.RemoveAll(item => item is string s && s.Split('=')[0] == key) > 0, $"no {key} to remove");
                break;
            default:
                Assert.Fail($"no environment to remove {key} from");
                break;
        }
    }
}

/// <summary>The repository the tests were built from: the folder above the test assembly that holds PreSessions.sln.</summary>
internal static class Repo
{
    public static string Root { get; } = FindRoot();

    public static Dictionary<string, object?> ReadCompose() =>
        YamlReader.Parse(File.ReadAllText(Path.Combine(Root, "docker-compose.yml")));

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "PreSessions.sln")))
                return directory.FullName;
        throw new InvalidOperationException($"No PreSessions.sln above {AppContext.BaseDirectory}.");
    }
}

/// <summary>The parts of the topology, told apart by what they run rather than by their names.</summary>
internal sealed record Topology(
    List<string> Postgres, List<string> Migrations, List<string> Silos, List<string> Gateways, List<string> Dashboards);

/// <summary>What a compose file must say for the PreSessions cluster to start, in order, and to be whole.</summary>
internal static class ComposeRules
{
    /// <summary>One Dockerfile builds both images, each its own target.</summary>
    public const string Dockerfile = "Dockerfile";
    public const string SiloTarget = "silo";
    public const string GatewayTarget = "gateway";
    public const string ConnectionString = "ConnectionStrings__PreSessions";

    private static readonly string[] Conditions = ["service_started", "service_healthy", "service_completed_successfully"];

    public static Topology Classify(Dictionary<string, object?> document)
    {
        var services = Compose.Services(document);
        // A service runs an image when it builds it from that Dockerfile, or names the image such a service builds.
        List<string> Running(string target)
        {
            var built = services.Where(s => Compose.BuildsFrom(s.Value, Dockerfile, target)).ToList();
            var images = built.Select(s => Compose.Scalar(s.Value, "image")).OfType<string>().ToHashSet();
            return services.Where(s => built.Any(b => b.Key == s.Key) || Compose.Scalar(s.Value, "image") is { } image && images.Contains(image))
                .Select(s => s.Key).ToList();
        }
        var siloImage = Running(SiloTarget);
        var migrations = siloImage.Where(name => Compose.Command(services[name]).FirstOrDefault() == "migrate").ToList();
        return new Topology(
            Postgres: services.Where(s => Compose.Scalar(s.Value, "image") is { } image && (image == "postgres" || image.StartsWith("postgres:", StringComparison.Ordinal)))
                .Select(s => s.Key).ToList(),
            Migrations: migrations,
            Silos: siloImage.Except(migrations).ToList(),
            Gateways: Running(GatewayTarget),
            Dashboards: services.Where(s => Compose.Scalar(s.Value, "image")?.Contains("/aspire-dashboard", StringComparison.Ordinal) == true)
                .Select(s => s.Key).ToList());
    }

    public static List<string> Check(Dictionary<string, object?> document, string root)
    {
        var problems = new List<string>();
        var services = Compose.Services(document);
        if (services.Count == 0)
            return ["no services"];
        var topology = Classify(document);

        foreach (var (name, service) in services)
        {
            if (!service.ContainsKey("image") && !service.ContainsKey("build"))
                problems.Add($"{name}: neither image nor build");
            foreach (var (target, condition) in Compose.DependsOn(service))
            {
                if (!services.TryGetValue(target, out var dependency))
                {
                    problems.Add($"{name}: depends on {target}, which is not a service");
                    continue;
                }
                if (!Conditions.Contains(condition))
                    problems.Add($"{name}: unknown condition {condition} on {target}");
                if (condition == "service_healthy" && !Compose.HasHealthcheck(dependency))
                    problems.Add($"{name}: waits for {target} to be healthy, but {target} has no healthcheck");
                if (condition == "service_completed_successfully" && !IsOneShot(dependency))
                    problems.Add($"{name}: waits for {target} to complete, but {target} restarts");
            }
            if (Compose.DockerfilePath(service, root) is { } dockerfile)
            {
                var relative = Path.GetRelativePath(root, dockerfile).Replace('\\', '/');
                if (!File.Exists(dockerfile))
                    problems.Add($"{name}: builds from {relative}, which does not exist");
                else
                    problems.AddRange(DockerfileRules.Check(File.ReadAllText(dockerfile), Compose.BuildContext(service, root)!, relative, Compose.Target(service))
                        .Select(p => $"{name}: {p}"));
            }
        }

        // Storage: PostgreSQL, ready for connections, its data in a volume.
        if (topology.Postgres.Count == 0)
            problems.Add("no postgres service (image postgres:N)");
        foreach (var name in topology.Postgres)
        {
            var service = services[name];
            if (!Compose.HealthTest(service).Contains("pg_isready", StringComparison.Ordinal))
                problems.Add($"{name}: its healthcheck must ask pg_isready");
            if (Compose.Sequence(service, "volumes") is not { Count: > 0 })
                problems.Add($"{name}: its data must be in a volume");
            foreach (var setting in new[] { "POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_DB" })
                RequireSetting(problems, name, service, setting);
        }

        // The migration: the silo image with `migrate`, once, after PostgreSQL answers.
        if (topology.Migrations.Count == 0)
            problems.Add("no service runs the silo image with the command migrate");
        foreach (var name in topology.Migrations)
        {
            var service = services[name];
            if (!IsOneShot(service))
                problems.Add($"{name}: the migration must be one-shot (restart: \"no\"), not restart: {Compose.Scalar(service, "restart")}");
            RequireSetting(problems, name, service, ConnectionString);
            RequireDependency(problems, name, service, topology.Postgres, "service_healthy");
        }

        // The silos: each after the migration, in the same database, at an address of its own.
        if (topology.Silos.Count < 2)
            problems.Add($"fewer than two silos ({string.Join(", ", topology.Silos)})");
        var addresses = new Dictionary<(string, string), string>();
        foreach (var name in topology.Silos)
        {
            var service = services[name];
            var environment = Compose.Environment(service);
            foreach (var setting in new[]
                     {
                         ConnectionString, "Orleans__AdvertisedIP", "Orleans__SiloPort", "Orleans__GatewayPort",
                         "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_SERVICE_NAME",
                     })
                RequireSetting(problems, name, service, setting);
            RequireDependency(problems, name, service, topology.Migrations, "service_completed_successfully");
            if (!Compose.HasHealthcheck(service))
                problems.Add($"{name}: no healthcheck (the gateway waits for the silos to be healthy)");
            if (environment.GetValueOrDefault("Orleans__AdvertisedIP") is { Length: > 0 } advertised)
            {
                if (IPAddress.TryParse(advertised, out _) && !Compose.Ipv4Addresses(service).Contains(advertised))
                    problems.Add($"{name}: advertises {advertised}, which is not its own address on any network (ipv4_address)");
                foreach (var port in new[] { "Orleans__SiloPort", "Orleans__GatewayPort" })
                    if (environment.GetValueOrDefault(port) is { } value && !addresses.TryAdd((advertised, value), name))
                        problems.Add($"{name} and {addresses[(advertised, value)]} both advertise {advertised}:{value}");
            }
        }

        // The gateway: a pure client of the silos, in the same database, with the operator token and the traces.
        if (topology.Gateways.Count == 0)
            problems.Add($"no service builds or runs the gateway image ({Dockerfile}, target {GatewayTarget})");
        foreach (var name in topology.Gateways)
        {
            var service = services[name];
            foreach (var setting in new[]
                     {
                         ConnectionString, "ASPNETCORE_URLS", "Auth__OperatorToken", "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_SERVICE_NAME",
                     })
                RequireSetting(problems, name, service, setting);
            var dependsOn = Compose.DependsOn(service);
            foreach (var silo in topology.Silos)
                if (!dependsOn.TryGetValue(silo, out var condition) || condition is not ("service_healthy" or "service_started"))
                    problems.Add($"{name}: must depend on {silo} (service_healthy)");
            if (!Compose.HealthTest(service).Contains("/health/ready", StringComparison.Ordinal))
                problems.Add($"{name}: its healthcheck must ask /health/ready");
            if (Compose.Environment(service).GetValueOrDefault("ASPNETCORE_URLS") is { } urls &&
                Regex.Match(urls, @":(\d+)/?$") is { Success: true } port &&
                !Compose.ContainerPorts(service).Contains(port.Groups[1].Value))
                problems.Add($"{name}: listens on {port.Groups[1].Value} (ASPNETCORE_URLS) but publishes no port to it");
        }

        // One database for the whole cluster, and it is the postgres service.
        var connections = services.Select(s => Compose.Environment(s.Value).GetValueOrDefault(ConnectionString)).OfType<string>().Distinct().ToList();
        if (connections.Count > 1)
            problems.Add($"{ConnectionString} differs between services: {string.Join(" | ", connections)}");
        foreach (var connection in connections)
            if (Regex.Match(connection, @"(?:^|;)\s*(?:Host|Server)\s*=\s*([^;]+)", RegexOptions.IgnoreCase) is not { Success: true } host ||
                !topology.Postgres.Contains(host.Groups[1].Value.Trim()))
                problems.Add($"{ConnectionString} must name the postgres service as its Host: {connection}");

        // Traces: every exporter points at the dashboard.
        if (topology.Dashboards.Count == 0)
            problems.Add("no aspire-dashboard service to view the traces");
        foreach (var (name, service) in services)
            if (Compose.Environment(service).GetValueOrDefault("OTEL_EXPORTER_OTLP_ENDPOINT") is { } endpoint &&
                (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || !topology.Dashboards.Contains(uri.Host)))
                problems.Add($"{name}: OTEL_EXPORTER_OTLP_ENDPOINT {endpoint} is not the dashboard service");

        return problems;
    }

    private static bool IsOneShot(Dictionary<string, object?> service) =>
        Compose.Scalar(service, "restart") is null or "no";

    private static void RequireSetting(List<string> problems, string name, Dictionary<string, object?> service, string setting)
    {
        if (Compose.Environment(service).GetValueOrDefault(setting) is not { Length: > 0 })
            problems.Add($"{name}: no {setting}");
    }

    private static void RequireDependency(
        List<string> problems, string name, Dictionary<string, object?> service, List<string> targets, string condition)
    {
        var dependsOn = Compose.DependsOn(service);
        foreach (var target in targets)
            if (dependsOn.GetValueOrDefault(target) != condition)
                problems.Add($"{name}: must depend on {target} with condition {condition}");
    }
}

/// <summary>What a Dockerfile of this repository must say: files it copies exist, restore before the sources, non-root.</summary>
internal static class DockerfileRules
{
    public static List<string> Check(string text, string context, string name, string? target)
    {
        var problems = new List<string>();
        var stages = new List<List<(string Instruction, string Arguments)>>();
        foreach (var (instruction, arguments) in Instructions(text))
        {
            if (instruction == "FROM")
                stages.Add([]);
            if (stages.Count == 0)
            {
                if (instruction != "ARG")
                    problems.Add($"{name}: {instruction} before the first FROM");
                continue;
            }
            stages[^1].Add((instruction, arguments));
        }
        if (stages.Count < 2)
            return [.. problems, $"{name}: not a multi-stage build"];

        // A stage is named by its FROM's "AS name"; a stage FROM another stage runs on that stage's image.
        string? StageName(List<(string Instruction, string Arguments)> stage) =>
            Regex.Match(stage[0].Arguments, @"\s+AS\s+(\S+)\s*$", RegexOptions.IgnoreCase) is { Success: true } m ? m.Groups[1].Value : null;
        List<(string Instruction, string Arguments)>? Stage(string stageName) => stages.FirstOrDefault(s => StageName(s) == stageName);
        string Image(List<(string Instruction, string Arguments)> stage) =>
            stage[0].Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0] is var from && Stage(from) is { } parent && parent != stage ? Image(parent) : from;

        var build = stages[0];
        var runtime = target is null ? stages[^1] : Stage(target);
        if (runtime is null)
            return [.. problems, $"{name}: no stage is named {target}"];
        if (!build[0].Arguments.StartsWith("mcr.microsoft.com/dotnet/sdk:", StringComparison.Ordinal))
            problems.Add($"{name}: the build stage is not the .NET SDK image: {build[0].Arguments}");
        if (!Regex.IsMatch(Image(runtime), @"^mcr\.microsoft\.com/dotnet/(aspnet|runtime):"))
            problems.Add($"{name}: the runtime stage is not the .NET aspnet or runtime image: {Image(runtime)}");

        // Every file it copies from the build context exists, so a renamed project breaks this test, not the build.
        var restoredAt = -1;
        for (var i = 0; i < build.Count; i++)
        {
            var (instruction, arguments) = build[i];
            if (instruction == "RUN" && arguments.Contains("dotnet restore", StringComparison.Ordinal) && restoredAt < 0)
                restoredAt = i;
            if (instruction is not ("COPY" or "ADD") || arguments.Contains("--from", StringComparison.Ordinal))
                continue;
            var sources = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(a => !a.StartsWith("--", StringComparison.Ordinal)).SkipLast(1);
            foreach (var source in sources)
            {
                var path = Path.Combine(context, source.TrimEnd('/'));
                if (source.Contains('*'))
                    continue;
                if (Directory.Exists(path))
                {
                    if (restoredAt < 0)
                        problems.Add($"{name}: copies the folder {source} before `dotnet restore` (restore from the project files first)");
                }
                else if (!File.Exists(path))
                    problems.Add($"{name}: copies {source}, which does not exist");
            }
        }
        if (restoredAt < 0)
            problems.Add($"{name}: the build stage never runs dotnet restore");

        // The entry point runs the assembly the build stage publishes into the folder this stage copies (with one
        // publish, that one).
        var published = build.SelectMany(i => Regex.Matches(i.Arguments, @"dotnet publish\s+(\S+\.csproj)(?:(?!&&).)*?-o\s+(\S+)"))
            .Select(m => (Dll: Path.GetFileNameWithoutExtension(m.Groups[1].Value) + ".dll", Output: m.Groups[2].Value)).ToList();
        var copied = runtime.Where(i => i.Instruction == "COPY" && i.Arguments.Contains("--from", StringComparison.Ordinal))
            .Select(i => i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).SkipWhile(a => a.StartsWith("--", StringComparison.Ordinal)).FirstOrDefault()?.TrimEnd('/'))
            .ToHashSet();
        var expected = published.Count == 1 ? published : published.Where(p => copied.Contains(p.Output)).ToList();
        var entrypoint = runtime.LastOrDefault(i => i.Instruction == "ENTRYPOINT").Arguments;
        if (expected.Count == 0)
            problems.Add($"{name}: the build stage never runs dotnet publish on a project this stage copies");
        else if (entrypoint is null || !expected.Any(p => entrypoint.Contains(p.Dll, StringComparison.Ordinal)))
            problems.Add($"{name}: the ENTRYPOINT does not run {string.Join(" or ", expected.Select(p => p.Dll))}: {entrypoint}");

        // The runtime stage runs as a non-root user: the last USER of that stage.
        var user = runtime.LastOrDefault(i => i.Instruction == "USER").Arguments?.Trim();
        if (user is null)
            problems.Add($"{name}: the runtime stage has no USER, so it runs as root");
        else if (user.Split(':')[0] is "root" or "0")
            problems.Add($"{name}: the runtime stage runs as root (USER {user})");
        return problems;
    }

    /// <summary>Instructions with their continuation lines joined, comments and blank lines left out.</summary>
    private static IEnumerable<(string Instruction, string Arguments)> Instructions(string text)
    {
        var current = new StringBuilder();
        foreach (var raw in text.ReplaceLineEndings("\n").Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith('#') || (line.Length == 0 && current.Length == 0))
                continue;
            if (line.EndsWith('\\'))
            {
                current.Append(line[..^1]).Append(' ');
                continue;
            }
            current.Append(line);
            var instruction = current.ToString().Trim();
            current.Clear();
            if (instruction.Length == 0)
                continue;
            var space = instruction.IndexOf(' ');
            yield return space < 0
                ? (instruction.ToUpperInvariant(), "")
                : (instruction[..space].ToUpperInvariant(), Regex.Replace(instruction[(space + 1)..].Trim(), @"\s+", " "));
        }
    }
}

/// <summary>Reading services out of a parsed compose file, in both of the forms compose allows where it allows two.</summary>
internal static class Compose
{
    public static Dictionary<string, Dictionary<string, object?>> Services(Dictionary<string, object?> document) =>
        (Map(document, "services") ?? []).ToDictionary(s => s.Key, s => s.Value as Dictionary<string, object?> ?? []);

    public static Dictionary<string, object?>? Map(Dictionary<string, object?> map, string key) =>
        map.GetValueOrDefault(key) as Dictionary<string, object?>;

    public static List<object?>? Sequence(Dictionary<string, object?> map, string key) =>
        map.GetValueOrDefault(key) as List<object?>;

    public static string? Scalar(Dictionary<string, object?> map, string key) =>
        map.GetValueOrDefault(key) as string;

    /// <summary>`environment:` as a mapping or as a list of KEY=value.</summary>
    public static Dictionary<string, string> Environment(Dictionary<string, object?> service) =>
        service.GetValueOrDefault("environment") switch
        {
            Dictionary<string, object?> map => map.ToDictionary(e => e.Key, e => e.Value as string ?? ""),
            List<object?> list => list.OfType<string>().Select(item => item.Split('=', 2))
                .ToDictionary(parts => parts[0], parts => parts.Length > 1 ? parts[1] : ""),
            _ => [],
        };

    /// <summary>`depends_on:` as a list of names (each then waits for the start only) or as a mapping with conditions.</summary>
    public static Dictionary<string, string> DependsOn(Dictionary<string, object?> service) =>
        service.GetValueOrDefault("depends_on") switch
        {
            Dictionary<string, object?> map => map.ToDictionary(
                d => d.Key, d => (d.Value as Dictionary<string, object?>)?.GetValueOrDefault("condition") as string ?? "service_started"),
            List<object?> list => list.OfType<string>().ToDictionary(name => name, _ => "service_started"),
            _ => [],
        };

    /// <summary>`command:` as a list, or as a string split on spaces.</summary>
    public static List<string> Command(Dictionary<string, object?> service) =>
        service.GetValueOrDefault("command") switch
        {
            List<object?> list => list.Select(item => item as string ?? "").ToList(),
            string text => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList(),
            _ => [],
        };

    public static bool HasHealthcheck(Dictionary<string, object?> service) =>
        Map(service, "healthcheck") is { } healthcheck &&
        Scalar(healthcheck, "disable") != "true" &&
        HealthTest(service) is { Length: > 0 } test && test != "NONE";

    public static string HealthTest(Dictionary<string, object?> service) =>
        Map(service, "healthcheck")?.GetValueOrDefault("test") switch
        {
            List<object?> list => string.Join(' ', list.OfType<string>()),
            string text => text,
            _ => "",
        };

    /// <summary>The build context, an absolute path, or null for a service that builds nothing.</summary>
    public static string? BuildContext(Dictionary<string, object?> service, string root) =>
        service.GetValueOrDefault("build") switch
        {
            string context => Path.GetFullPath(Path.Combine(root, context)),
            Dictionary<string, object?> build => Path.GetFullPath(Path.Combine(root, Scalar(build, "context") ?? ".")),
            _ => null,
        };

    /// <summary>The Dockerfile a service builds from, an absolute path, or null.</summary>
    public static string? DockerfilePath(Dictionary<string, object?> service, string root) =>
        BuildContext(service, root) is { } context
            ? Path.GetFullPath(Path.Combine(context, (Map(service, "build") is { } build ? Scalar(build, "dockerfile") : null) ?? "Dockerfile"))
            : null;

    public static bool BuildsFrom(Dictionary<string, object?> service, string dockerfile, string target) =>
        DockerfilePath(service, Repo.Root) is { } path &&
        Path.GetRelativePath(Repo.Root, path).Replace('\\', '/') == dockerfile && Target(service) == target;

    /// <summary>The build's target stage, or null for the Dockerfile's last.</summary>
    public static string? Target(Dictionary<string, object?> service) =>
        Map(service, "build") is { } build ? Scalar(build, "target") : null;

    public static IEnumerable<string> Ipv4Addresses(Dictionary<string, object?> service) =>
        (Map(service, "networks") ?? []).Values.OfType<Dictionary<string, object?>>()
            .Select(network => Scalar(network, "ipv4_address")).OfType<string>();

    /// <summary>The container side of `ports:` entries: "8080", "5080:8080", "127.0.0.1:5080:8080/tcp" or {target: 8080}.</summary>
    public static List<string> ContainerPorts(Dictionary<string, object?> service) =>
        (Sequence(service, "ports") ?? []).Select(port => port switch
        {
            string text => text.Split('/')[0].Split(':')[^1],
            Dictionary<string, object?> map => Scalar(map, "target"),
            _ => null,
        }).OfType<string>().ToList();
}

/// <summary>
/// A compose file as plain values, read by YamlDotNet: mappings as <c>Dictionary&lt;string, object?&gt;</c>, sequences
/// as <c>List&lt;object?&gt;</c>, scalars as strings (a plain <c>null</c>, <c>~</c> or nothing is null), aliases as
/// the values they name. What plain values would misread throws a FormatException, so that a test that cannot read
/// the file fails rather than checks something else: merge keys (<c>&lt;&lt;</c>, which the representation model
/// keeps as a key), tags (compose's <c>!reset</c> and <c>!override</c> change what a value means), more than one
/// document, a document that is not a mapping, and whatever YamlDotNet itself refuses (tabs, duplicate keys, bad
/// indentation, an unterminated quote).
/// </summary>
internal static class YamlReader
{
    public static Dictionary<string, object?> Parse(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new FormatException($"line {e.Start.Line}: {e.Message}", e);
        }
        return stream.Documents.Count switch
        {
            0 => [],
            1 => Value(stream.Documents[0].RootNode) as Dictionary<string, object?> ?? throw new FormatException("The document is not a mapping."),
            _ => throw new FormatException("More than one document."),
        };
    }

    private static object? Value(YamlNode node)
    {
        if (!node.Tag.IsEmpty && node.Tag.Value != "!")
            throw new FormatException($"line {node.Start.Line}: the tag {node.Tag.Value}");
        return node switch
        {
            YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" } => null,
            YamlScalarNode scalar => scalar.Value,
            YamlSequenceNode sequence => sequence.Children.Select(Value).ToList(),
            YamlMappingNode mapping => mapping.Children.ToDictionary(entry => Key(entry.Key), entry => Value(entry.Value), StringComparer.Ordinal),
            _ => throw new FormatException($"line {node.Start.Line}: a {node.NodeType} node"),
        };
    }

    private static string Key(YamlNode key) => key switch
    {
        YamlScalarNode { Value: "<<", Style: ScalarStyle.Plain } => throw new FormatException($"line {key.Start.Line}: a merge key"),
        YamlScalarNode { Value: { } name } => name,
        _ => throw new FormatException($"line {key.Start.Line}: a key that is not a scalar"),
    };
}
