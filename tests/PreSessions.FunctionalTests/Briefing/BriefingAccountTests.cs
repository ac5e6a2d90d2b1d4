using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using PreSessions.FunctionalTests.Pages;

namespace PreSessions.FunctionalTests.Briefing;

/// <summary>
/// A mission sees on its account the briefing pack of each pre-session it RSVPed to, and when the pack's statements
/// changed; a mission that did not RSVP sees none. And every word of the pack is in French and Spanish.
/// </summary>
public sealed partial class BriefingAccountTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    [Fact]
    public async Task A_mission_that_rsvped_sees_its_pack_and_when_it_changed_and_one_that_did_not_sees_nothing()
    {
        var scenario = await BriefingScenario.CreateAsync(gateway);
        var (attending, mission) = await gateway.SignedInAsync("mission");
        var (absent, _) = await gateway.SignedInAsync("mission");
        var (declined, declinedMission) = await gateway.SignedInAsync("mission");
        await gateway.Client(mission.Token).RsvpAsync(scenario.Wg, "FRA", mission.Id, new { attending = true, delegates = 1 }).ExpectAsync(HttpStatusCode.OK);
        await gateway.Client(declinedMission.Token).RsvpAsync(scenario.Wg, "FRA", declinedMission.Id, new { attending = false, delegates = 1 }).ExpectAsync(HttpStatusCode.OK);

        var page = await attending.AccountAsync();
        var item = page.QuerySelector($"#briefing-packs li[data-pre-session='{scenario.Wg}/FRA']");
        var frenchPage = await new PageVisitor(gateway, "fr").SignedInAs(mission.Token);

        Assert.NotNull(item);
        Assert.Equal(scenario.Page, item!.QuerySelector("a")!.GetAttribute("href"));
        Assert.StartsWith("updated ", item.QuerySelector(".updated")!.TextContent.Trim());
        Assert.Contains("2017", item.QuerySelector(".updated")!.TextContent);
        Assert.StartsWith("mis à jour le ", frenchPage.QuerySelector($"#briefing-packs li[data-pre-session='{scenario.Wg}/FRA'] .updated")!.TextContent.Trim());
        Assert.Null((await absent.AccountAsync()).QuerySelector("#briefing-packs"));
        Assert.Null((await declined.AccountAsync()).QuerySelector("#briefing-packs"));
    }

    [Fact]
    public async Task A_pack_whose_statements_never_changed_is_listed_without_an_update()
    {
        var wg = await gateway.NewPreSessionAsync();
        var (visitor, mission) = await gateway.SignedInAsync("mission");
        await gateway.Client(mission.Token).RsvpAsync(wg, "FRA", mission.Id, new { attending = true, delegates = 2 }).ExpectAsync(HttpStatusCode.OK);

        var item = (await visitor.AccountAsync()).QuerySelector($"#briefing-packs li[data-pre-session='{wg}/FRA']");

        Assert.NotNull(item);
        Assert.Null(item!.QuerySelector(".updated"));
    }

    [Theory]
    [InlineData("fr")]
    [InlineData("es")]
    public void Every_word_of_the_pack_is_translated(string language)
    {
        var gatewaySource = Path.Combine(Root(), "src", "Gateway");
        var keys = new[] { "Briefing/BriefingText.cs", "Briefing/BriefingPdf.cs", "Briefing/BriefingContent.razor" }
            .SelectMany(f => Words().Matches(File.ReadAllText(Path.Combine(gatewaySource, f))).Select(m => m.Groups[1].Value))
            .ToHashSet();
        var translated = XDocument.Load(Path.Combine(gatewaySource, "Resources", "Briefing", $"BriefingText.{language}.resx"))
            .Root!.Elements("data").ToDictionary(d => d.Attribute("name")!.Value, d => d.Element("value")!.Value);

        Assert.True(keys.Count > 20, $"Only {keys.Count} words found: is the pattern blind?");
        Assert.All(keys, k => Assert.True(translated.TryGetValue(k, out var v) && v.Trim().Length > 0, $"{language} lacks \"{k}\""));
    }

    private static string Root()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Directory.Packages.props")))
            directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException($"No repository above {AppContext.BaseDirectory}.");
    }

    /// <summary>this["..."], text["..."] and Text["..."]: the pack's words, whatever renders them.</summary>
    [GeneratedRegex("""\b(?:this|text|Text)\["((?:[^"\\]|\\.)+)"[,\]]""")]
    private static partial Regex Words();
}

internal static class SignedInVisitor
{
    public static async Task<AngleSharp.Html.Dom.IHtmlDocument> SignedInAs(this PageVisitor visitor, string token)
    {
        await visitor.SignInAsync(token);
        return await visitor.AccountAsync();
    }
}
