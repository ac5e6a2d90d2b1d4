using System.Text.RegularExpressions;
using System.Xml.Linq;
using PreSessions.Gateway.Pages;

namespace PreSessions.FunctionalTests.Pages;

/// <summary>
/// Every string the account pages show has its French and Spanish in the .resx the view localizer reads for that
/// page (Resources/Pages/{page path}.{fr,es}.resx), and every API message the pages translate has both too.
/// </summary>
public sealed partial class TranslationsTests
{
    private static readonly string Gateway = Path.Combine(Root(), "src", "Gateway");

    public static TheoryData<string, string> Views => new()
    {
        { "Pages/Organisations/New.cshtml", "fr" }, { "Pages/Organisations/New.cshtml", "es" },
        { "Pages/SignIn.cshtml", "fr" }, { "Pages/SignIn.cshtml", "es" },
        { "Pages/Account.cshtml", "fr" }, { "Pages/Account.cshtml", "es" },
        { "Pages/Shared/_AccountNav.cshtml", "fr" }, { "Pages/Shared/_AccountNav.cshtml", "es" },
        { "Pages/Shared/_ErrorSummary.cshtml", "fr" }, { "Pages/Shared/_ErrorSummary.cshtml", "es" },
        { "Pages/Shared/_ScheduleChanges.cshtml", "fr" }, { "Pages/Shared/_ScheduleChanges.cshtml", "es" },
        { "Pages/Shared/_BriefingPacks.cshtml", "fr" }, { "Pages/Shared/_BriefingPacks.cshtml", "es" },
        { "Pages/WgSessions/Briefing.cshtml", "fr" }, { "Pages/WgSessions/Briefing.cshtml", "es" },
        { "Pages/Operator/WgSessions/Releases.cshtml", "fr" }, { "Pages/Operator/WgSessions/Releases.cshtml", "es" },
        { "Pages/Operator/Recommendations/Import.cshtml", "fr" }, { "Pages/Operator/Recommendations/Import.cshtml", "es" },
        { "Pages/Shared/_Figures.cshtml", "fr" }, { "Pages/Shared/_Figures.cshtml", "es" },
        { "Pages/Shared/_Statements.cshtml", "fr" }, { "Pages/Shared/_Statements.cshtml", "es" },
        { "Pages/Error.cshtml", "fr" }, { "Pages/Error.cshtml", "es" },
        // The organisers' pages: add each new operator view here.
        { "Pages/Operator/_OperatorNav.cshtml", "fr" }, { "Pages/Operator/_OperatorNav.cshtml", "es" },
        { "Pages/Operator/Index.cshtml", "fr" }, { "Pages/Operator/Index.cshtml", "es" },
        { "Pages/Operator/WgSessions/Week.cshtml", "fr" }, { "Pages/Operator/WgSessions/Week.cshtml", "es" },
        { "Pages/Operator/WgSessions/Selection.cshtml", "fr" }, { "Pages/Operator/WgSessions/Selection.cshtml", "es" },
        { "Pages/Operator/WgSessions/CheckIn.cshtml", "fr" }, { "Pages/Operator/WgSessions/CheckIn.cshtml", "es" },
        { "Pages/Operator/WgSessions/Exports.cshtml", "fr" }, { "Pages/Operator/WgSessions/Exports.cshtml", "es" },
        { "Pages/Operator/WgSessions/PreSession.cshtml", "fr" }, { "Pages/Operator/WgSessions/PreSession.cshtml", "es" },
        { "Pages/Operator/Organisations/Index.cshtml", "fr" }, { "Pages/Operator/Organisations/Index.cshtml", "es" },
        { "Pages/Operator/Rooms/Index.cshtml", "fr" }, { "Pages/Operator/Rooms/Index.cshtml", "es" },
        { "Pages/Operator/Rooms/Room.cshtml", "fr" }, { "Pages/Operator/Rooms/Room.cshtml", "es" },
        { "Pages/Operator/Audit.cshtml", "fr" }, { "Pages/Operator/Audit.cshtml", "es" },
        { "Pages/Account/Statement.cshtml", "fr" }, { "Pages/Account/Statement.cshtml", "es" },
        { "Pages/Operator/WgSessions/Statements.cshtml", "fr" }, { "Pages/Operator/WgSessions/Statements.cshtml", "es" },
    };

    [Theory]
    [MemberData(nameof(Views))]
    public void Every_string_of_a_page_is_translated_in_its_view_resources(string view, string language)
    {
        var source = File.ReadAllText(Path.Combine(Gateway, view));
        var keys = Keys().Matches(source).Select(m => m.Groups[1].Value).ToHashSet();
        // The notices a page model chooses are written by its view: they live in the view's resources too.
        var model = Path.Combine(Gateway, view + ".cs");
        if (File.Exists(model))
            keys.UnionWith(Templates().Matches(File.ReadAllText(model)).Select(m => m.Groups[1].Value));
        Assert.NotEmpty(keys);

        var translated = Resources(Path.ChangeExtension(Path.Combine(Gateway, "Resources", view), $".{language}.resx"));
        var missing = keys.Where(k => !translated.ContainsKey(k) || string.IsNullOrWhiteSpace(translated[k])).ToArray();
        Assert.True(missing.Length == 0, $"{view} in {language} lacks: " + string.Join(" | ", missing));
    }

    /// <summary>An operator page another helper adds is checked too, once its view is in <see cref="Views"/>.</summary>
    [Fact]
    public void Every_operator_view_with_strings_is_checked()
    {
        var listed = Views.Select(row => (string)row[0]).ToHashSet();
        var views = Directory.GetFiles(Path.Combine(Gateway, "Pages", "Operator"), "*.cshtml", SearchOption.AllDirectories)
            .Where(v => Keys().IsMatch(File.ReadAllText(v)))
            .Select(v => Path.GetRelativePath(Gateway, v).Replace('\\', '/'));
        Assert.All(views, v => Assert.Contains(v, listed));
    }

    [Theory]
    [InlineData("fr")]
    [InlineData("es")]
    public void Every_API_message_the_pages_show_is_translated(string language)
    {
        var translated = Resources(Path.Combine(Gateway, "Resources", "Pages", $"ApiMessages.{language}.resx"));
        Assert.All(ApiMessages.Templates, t => Assert.True(translated.ContainsKey(t), $"{language} lacks \"{t}\""));
    }

    private static Dictionary<string, string> Resources(string path) =>
        XDocument.Load(path).Root!.Elements("data").ToDictionary(d => d.Attribute("name")!.Value, d => d.Element("value")!.Value);

    private static string Root()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Directory.Packages.props")))
            directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException($"No repository above {AppContext.BaseDirectory}.");
    }

    /// <summary>L["..."] and L.GetString("...") in a view; S[...] is the shared resource's, checked by its own owner.</summary>
    [GeneratedRegex("""\bL(?:\[|\.GetString\()"((?:[^"\\]|\\.)+)"[,\])]""")]
    private static partial Regex Keys();

    /// <summary>A page model's notice templates: sentences with placeholders.</summary>
    [GeneratedRegex("""(?<![$\w])"([A-Z][^"]*\{0\}[^"]*\.)(?=")""")]
    private static partial Regex Templates();
}
