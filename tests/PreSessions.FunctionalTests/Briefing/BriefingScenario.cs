using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;

namespace PreSessions.FunctionalTests.Briefing;

/// <summary>
/// A pre-session whose panel holds one statement of each kind, each carrying a marker no other text has: approved
/// and consented (the only one the pack may show, under two themes, addressing 1.1), approved but unconsented,
/// consented but unapproved, and the published one's later unapproved version. Statements are seeded through the
/// statements grain, the one contract the statements API will call too.
/// </summary>
public sealed record BriefingScenario(int Wg, Registered Published, Registered Unconsented, Registered Unapproved)
{
    public const string PublishedQuestion = "QUESTION-PUBLISHED-7f3a";
    public const string PublishedRecommendation = "RECOMMENDATION-PUBLISHED-7f3a";
    public const string UnconsentedRecommendation = "RECOMMENDATION-UNCONSENTED-2b9c";
    public const string UnapprovedRecommendation = "RECOMMENDATION-UNAPPROVED-5d1e";
    public const string LaterVersionRecommendation = "RECOMMENDATION-LATER-VERSION-8a4f";
    public const string NamedSpeaker = "Named Speaker 4c2d";
    public const string HiddenSpeaker = "Hidden Speaker 9e6b";
    public const string PreviousRecommendation = "Protect journalists 3e8a";

    public string Url => $"/api/wg-sessions/{Wg}/pre-sessions/FRA/briefing";

    public string Page => $"/wg-sessions/{Wg}/pre-sessions/FRA/briefing";

    /// <summary>The markers that must never appear in a pack.</summary>
    public static readonly string[] Hidden = [UnconsentedRecommendation, UnapprovedRecommendation, LaterVersionRecommendation, HiddenSpeaker];

    public static async Task<BriefingScenario> CreateAsync(GatewayFactory gateway)
    {
        var wg = await gateway.NewPreSessionAsync();
        await gateway.Operator().PutAsync($"/api/wg-sessions/{wg}/pre-sessions/FRA/recommendations", new StringContent(
            $"id,text,recommendingState,response,theme\n1.1,{PreviousRecommendation},DEU,supported,\n1.2,Unaddressed 6c1f,CHL,noted,\n",
            Encoding.UTF8, "text/csv")).ExpectAsync(HttpStatusCode.OK);
        var published = await ApplyAsync(gateway, wg, NamedSpeaker, publishName: true, publishStatement: true, ["civil-society", "Justice et procès équitable"]);
        var unconsented = await ApplyAsync(gateway, wg, "Other Speaker", publishName: true, publishStatement: false, ["civil-society"]);
        var unapproved = await ApplyAsync(gateway, wg, HiddenSpeaker, publishName: false, publishStatement: true, ["civil-society"]);

        var statements = gateway.Services.GetRequiredService<IGrainFactory>().GetGrain<IStatementsGrain>(new PreSessionKey(wg, "FRA").GrainKey);
        await SubmitAsync(statements, published, $"1. {PublishedQuestion}?", PublishedRecommendation, ["1.1"]);
        await SubmitAsync(statements, unconsented, "Why?", UnconsentedRecommendation, []);
        await SubmitAsync(statements, unapproved, "Why?", UnapprovedRecommendation, []);
        Assert.NotNull((await statements.Approve(published.Id, 1)).Value);
        Assert.NotNull((await statements.Approve(unconsented.Id, 1)).Value);
        await SubmitAsync(statements, published, "Later?", LaterVersionRecommendation, []);
        return new(wg, published, unconsented, unapproved);
    }

    private static async Task<Registered> ApplyAsync(GatewayFactory gateway, int wg, string speaker, bool publishName, bool publishStatement, string[] themes)
    {
        var cso = await gateway.RegisterAsync("cso");
        await gateway.Client(cso.Token).ApplyAsync(wg, "FRA", new
        {
            speakerName = speaker, themes, publishSpeakerName = publishName, publishStatement,
        }).ExpectAsync(HttpStatusCode.Created);
        return cso;
    }

    private static async Task SubmitAsync(IStatementsGrain statements, Registered author, string questions, string recommendation, string[] ids)
    {
        var receipt = await statements.Submit(new Applicant(author.Id, author.Name),
            new StatementDraft("en", "Since the last review.", questions, [new StatementRecommendation($"**{recommendation}**", [.. ids])]));
        Assert.True(receipt.Value is not null, $"The statement of {author.Id} was refused: {receipt.Refusal?.Detail}");
    }
}
