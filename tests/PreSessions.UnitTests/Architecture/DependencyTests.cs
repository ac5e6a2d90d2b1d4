using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace PreSessions.UnitTests.Architecture;

/// <summary>
/// The architecture as the README draws it, Gateway -> Contracts &lt;- Grains &lt;- Silo, held by the project
/// references and by the gateway's sources: the gateway knows the grains by their contracts only, and one file of it,
/// the seam, knows the silo's project (it hosts the embedded default's silo in the gateway's process). Read from the
/// repository's files, so a new reference or a stray <c>using</c> fails here, not in a review.
/// </summary>
public sealed partial class DependencyTests
{
    private const string Seam = "src/Gateway/Hosting/SiloSeam.cs";

    /// <summary>Each of our projects and the projects of ours it may reference: no more, no fewer, nothing else in src/.</summary>
    private static readonly Dictionary<string, string[]> Layers = new()
    {
        ["PreSessions.Contracts"] = [],
        ["PreSessions.Grains"] = ["PreSessions.Contracts"],
        ["PreSessions.Silo"] = ["PreSessions.Grains"],
        // The silo's project only for the seam: the embedded default runs its silo in the gateway's process.
        ["PreSessions.Gateway"] = ["PreSessions.Contracts", "PreSessions.Silo"],
    };

    [Fact]
    public void Each_project_references_only_its_layers()
    {
        var projects = Directory.GetFiles(Path.Combine(Root, "src"), "*.csproj", SearchOption.AllDirectories)
            .ToDictionary(Path.GetFileNameWithoutExtension, References);
        Assert.Equal(Layers.Keys.Order(), projects.Keys.Order());
        foreach (var (project, references) in projects)
            Assert.True(Layers[project].Order().SequenceEqual(references.Order()),
                $"{project} references [{string.Join(", ", references)}], its layers are [{string.Join(", ", Layers[project])}].");
    }

    [Fact]
    public void Only_the_seam_of_the_gateway_knows_the_silo_or_a_grain()
    {
        var grainTypes = GrainsOnlyTypes();
        var offences = GatewaySources()
            .Where(file => file.Path != Seam)
            .SelectMany(file => Offences(file.Text, grainTypes).Select(offence => $"{file.Path}: {offence}"))
            .ToList();
        Assert.True(offences.Count == 0, "Only " + Seam + " may know the silo's project:\n  " + string.Join("\n  ", offences));
    }

    [Fact]
    public void The_seam_is_where_the_gateway_hosts_the_silo()
    {
        var seam = File.ReadAllText(Path.Combine(Root, Seam));
        Assert.Contains("using PreSessions.Silo.Hosting;", seam);
        Assert.Contains("UseOrleans(", seam);
    }

    /// <summary>The rule bites: each way a gateway file could reach past the contracts is found, and comments are not code.</summary>
    [Theory]
    [InlineData("using PreSessions.Silo.Storage;", "the silo's project (PreSessions.Silo)")]
    [InlineData("var path = PreSessions.Silo.Storage.EmbeddedStore.ConnectionString(data);", "the silo's project (PreSessions.Silo)")]
    [InlineData("builder.UseOrleans(silo => silo.AddDashboard());", "a silo of its own (UseOrleans)")]
    [InlineData("static void Configure(ISiloBuilder silo) { }", "a silo of its own (ISiloBuilder)")]
    [InlineData("var meter = meters.Create(PreSessionsMetrics.MeterName);", "the grains' type PreSessionsMetrics")]
    [InlineData("var commit = new GroupCommit<Box>(Write);", "the grains' type GroupCommit")]
    public void A_gateway_file_that_reaches_past_the_contracts_is_found(string line, string offence) =>
        Assert.Equal([offence], Offences(line, ["PreSessionsMetrics", "GroupCommit"]));

    [Theory]
    [InlineData("// The embedded silo (PreSessions.Silo) collects: see UseOrleans in the seam; PreSessionsMetrics counts.")]
    [InlineData("/// <summary>Unlike <c>GroupCommit</c> in the grains, nothing is stored here.</summary>")]
    [InlineData("/* ISiloBuilder */ var grain = grains.GetGrain<IPreSessionGrain>(key);")]
    [InlineData("var url = \"http://localhost\"; var name = nameof(IGroupCommitLike);")]
    public void Comments_and_contract_types_are_not_offences(string line) =>
        Assert.Empty(Offences(line, ["PreSessionsMetrics", "GroupCommit"]));

    private static IEnumerable<string> Offences(string source, IReadOnlyCollection<string> grainTypes)
    {
        var code = Code(source);
        if (SiloNamespace().IsMatch(code))
            yield return "the silo's project (PreSessions.Silo)";
        foreach (var hosting in new[] { "UseOrleans", "ISiloBuilder" })
            if (Regex.IsMatch(code, $@"\b{hosting}\b"))
                yield return $"a silo of its own ({hosting})";
        foreach (var type in grainTypes.Where(type => Regex.IsMatch(code, $@"\b{type}\b")))
            yield return $"the grains' type {type}";
    }

    /// <summary>
    /// The public types the grains' project declares, but for names the contracts use (an interface's method
    /// <c>Rsvp</c> is the contracts' word too) or the gateway declares a type of its own by.
    /// </summary>
    private static string[] GrainsOnlyTypes()
    {
        var elsewhere = Sources("src/Contracts").SelectMany(file => Identifier().Matches(Code(file.Text)).Select(word => word.Value))
            .Concat(GatewaySources().SelectMany(file => DeclaredTypes(file.Text, publicOnly: false)))
            .ToHashSet();
        var grainTypes = Sources("src/Grains").SelectMany(file => DeclaredTypes(file.Text, publicOnly: true))
            .Where(type => !elsewhere.Contains(type)).Distinct().Order().ToArray();
        // The rule must not go blind: the grains' own classes stay in the list whatever the contracts name.
        Assert.Contains("PreSessionGrain", grainTypes);
        Assert.Contains("PreSessionsMetrics", grainTypes);
        return grainTypes;
    }

    private static IEnumerable<string> DeclaredTypes(string source, bool publicOnly) =>
        (publicOnly ? PublicTypeDeclaration() : TypeDeclaration()).Matches(Code(source)).Select(match => match.Groups["name"].Value);

    /// <summary>The source without its comments; string literals are kept whole, so a "//" in one starts no comment.</summary>
    private static string Code(string source) =>
        CommentOrString().Replace(source, match => match.Value.StartsWith('/') ? " " : match.Value);

    private static IEnumerable<(string Path, string Text)> GatewaySources() =>
        Sources("src/Gateway", "*.cs").Concat(Sources("src/Gateway", "*.cshtml"));

    private static IEnumerable<(string Path, string Text)> Sources(string folder, string pattern = "*.cs") =>
        Directory.GetFiles(Path.Combine(Root, folder), pattern, SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(Root, file).Replace('\\', '/'))
            .Where(path => !path.Contains("/bin/") && !path.Contains("/obj/"))
            .Select(path => (path, File.ReadAllText(Path.Combine(Root, path))));

    private static string[] References(string project) =>
        XDocument.Load(project).Descendants("ProjectReference")
            .Select(reference => Path.GetFileNameWithoutExtension(reference.Attribute("Include")!.Value.Replace('\\', '/')))
            .ToArray();

    /// <summary>The checkout the tests were built in: the nearest folder above them that holds PreSessions.sln.</summary>
    private static readonly string Root = Enumerable.Repeat(0, 1)
        .Select(_ => new DirectoryInfo(AppContext.BaseDirectory))
        .SelectMany(start => Ancestors(start))
        .First(folder => File.Exists(Path.Combine(folder.FullName, "PreSessions.sln"))).FullName;

    private static IEnumerable<DirectoryInfo> Ancestors(DirectoryInfo? folder)
    {
        for (; folder is not null; folder = folder.Parent)
            yield return folder;
    }

    [GeneratedRegex(@"\b[A-Za-z_]\w*")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"\bPreSessions\.Silo\b")]
    private static partial Regex SiloNamespace();

    [GeneratedRegex(@"""""""[\s\S]*?""""""|@""(?:""""|[^""])*""|""(?:\\.|[^""\\\n])*""|'(?:\\.|[^'\\\n])+'|//[^\n]*|/\*[\s\S]*?\*/")]
    private static partial Regex CommentOrString();

    [GeneratedRegex(@"\b(?:class|interface|enum|struct|record(?:\s+(?:class|struct))?)\s+(?<name>[A-Z]\w*)")]
    private static partial Regex TypeDeclaration();

    [GeneratedRegex(@"\bpublic\s+(?:(?:sealed|static|abstract|partial|readonly)\s+)*(?:class|interface|enum|struct|record(?:\s+(?:class|struct))?)\s+(?<name>[A-Z]\w*)")]
    private static partial Regex PublicTypeDeclaration();
}
