using System.Net;
using System.Xml.Linq;

namespace PreSessions.FunctionalTests.Pages;

/// <summary>
/// Each public page's strings come from its view localizer's .resx (Resources/Pages/{page path}.{fr,es}.resx, as
/// AddViewLocalization names them): both languages have every string, and a page rendered in French or Spanish
/// shows the translation and none of the English.
/// </summary>
public sealed class PageResourcesTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private static readonly string[] Pages = ["Index", "WgSessions/Week", "WgSessions/PreSession", "Error"];

    private static readonly string ResourcesFolder = FindResources();

    [Fact]
    public void French_and_spanish_have_the_same_strings_and_none_is_blank()
    {
        foreach (var page in Pages)
        {
            var (french, spanish) = (Strings(page, "fr"), Strings(page, "es"));
            Assert.True(french.Count > 0, $"{page}: no strings");
            Assert.Equal(french.Keys.Order(), spanish.Keys.Order());
            Assert.All(french.Concat(spanish), s => Assert.False(string.IsNullOrWhiteSpace(s.Value), $"{page}: '{s.Key}' is blank"));
        }
    }

    [Theory]
    [InlineData("fr", "Sessions du Groupe de travail à venir", "Session {0} du Groupe de travail", "Pré-session de la session {0} du Groupe de travail", "Page introuvable")]
    [InlineData("es", "Próximas sesiones del Grupo de Trabajo", "Sesión {0} del Grupo de Trabajo", "Presesión de la sesión {0} del Grupo de Trabajo", "Página no encontrada")]
    public async Task Each_page_speaks_the_language_of_its_resources_and_no_english(
        string language, string homeHeading, string weekHeading, string preSessionLead, string notFound)
    {
        var wg = await gateway.NewPreSessionAsync();
        var client = gateway.Client();
        var pages = new Dictionary<string, AngleSharp.Dom.IDocument>
        {
            ["Index"] = await client.PageAsync($"/?lang={language}"),
            ["WgSessions/Week"] = await client.PageAsync($"/wg-sessions/{wg}?lang={language}"),
            ["WgSessions/PreSession"] = await client.PageAsync($"/wg-sessions/{wg}/pre-sessions/FRA?lang={language}"),
            ["Error"] = await client.PageAsync($"/wg-sessions/998?lang={language}", HttpStatusCode.NotFound),
        };

        Assert.Equal(homeHeading, pages["Index"].Text("h2#upcoming"));
        Assert.Equal(string.Format(weekHeading, wg), pages["WgSessions/Week"].Text("h1"));
        Assert.Equal(string.Format(weekHeading, wg) + " · PreSessions", pages["WgSessions/Week"].Title);
        Assert.Equal(string.Format(preSessionLead, wg), pages["WgSessions/PreSession"].Text("p.lead"));
        Assert.Equal(notFound, pages["Error"].Text("h1"));
        foreach (var (page, document) in pages)
        {
            Assert.Equal(language, document.DocumentElement.GetAttribute("lang"));
            var text = document.QuerySelector("main")!.Text();
            // Whole English sentences and labels only: a translation may share a short word ("Panel") with English.
            var english = Strings(page, language).Where(s => s.Key != s.Value && !s.Key.Contains('{') && s.Key.Length > 12).Select(s => s.Key);
            Assert.All(english, key => Assert.DoesNotContain(key, text));
        }
    }

    private static Dictionary<string, string> Strings(string page, string language)
    {
        var file = Path.Combine(ResourcesFolder, $"{page}.{language}.resx");
        Assert.True(File.Exists(file), $"{file} is missing");
        return XDocument.Load(file).Root!.Elements("data").ToDictionary(d => d.Attribute("name")!.Value, d => d.Element("value")!.Value);
    }

    private static string FindResources()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var resources = Path.Combine(folder.FullName, "src", "Gateway", "Resources", "Pages");
            if (Directory.Exists(resources))
                return resources;
        }
        throw new DirectoryNotFoundException("src/Gateway/Resources/Pages above " + AppContext.BaseDirectory);
    }
}
