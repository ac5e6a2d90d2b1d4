using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace PreSessions.FunctionalTests.Statements;

/// <summary>
/// The statements API end to end: who writes, who reads what, and the gates of the public read (approval, consent, the
/// panel) across the API, the public page and the pre-session's JSON, each checked by a marker that must not appear.
/// </summary>
public sealed class StatementsTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private static string Marker() => "mk" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task The_author_and_the_operator_read_every_version_with_its_html_and_an_identical_resubmission_adds_none()
    {
        var scene = await StatementScene.NewAsync(gateway);
        var org = await scene.SpeakerAsync(publishStatement: false);
        var first = await scene.SubmitAsync(org, StatementScene.Body("one **bold**"));
        Assert.Equal((1, false), (first.GetProperty("version").GetInt32(), first.GetProperty("late").GetBoolean()));
        Assert.Equal(2, (await scene.SubmitAsync(org, StatementScene.Body("two", "fr"))).GetProperty("version").GetInt32());
        Assert.Equal(2, (await scene.SubmitAsync(org, StatementScene.Body("two", "fr"))).GetProperty("version").GetInt32());

        foreach (var reader in new[] { gateway.Client(org.Token), gateway.Operator() })
        {
            var statement = await reader.GetJsonAsync(scene.Statement(org.Id));
            Assert.Equal(org.Id, statement.Str("organisationId"));
            Assert.Equal(JsonValueKind.Null, statement.GetProperty("approvedVersion").ValueKind);
            var versions = statement.GetProperty("versions").EnumerateArray().ToArray();
            Assert.Equal([1, 2], versions.Select(v => v.GetProperty("version").GetInt32()));
            Assert.Equal(["en", "fr"], versions.Select(v => v.Str("language")));
            Assert.Equal("Assessment one **bold**", versions[0].Str("assessment"));
            Assert.Equal("<p>Assessment one <strong>bold</strong></p>", versions[0].Str("assessmentHtml").Trim());
            Assert.Equal("Recommendation two", versions[1].GetProperty("recommendations")[0].Str("text"));
        }
    }

    [Fact]
    public async Task Nothing_unapproved_or_unconsented_reaches_the_public_and_a_later_version_waits_for_its_own_approval()
    {
        var scene = await StatementScene.NewAsync(gateway);
        var (consenting, quiet) = (await scene.SpeakerAsync(publishStatement: true), await scene.SpeakerAsync(publishStatement: false));
        var (approved, draft, unconsented) = (Marker(), Marker(), Marker());
        await scene.SubmitAsync(consenting, StatementScene.Body(approved));
        await scene.SubmitAsync(quiet, StatementScene.Body(unconsented));

        var before = await scene.PublicAsync(consenting);
        Assert.DoesNotContain(approved, before);
        Assert.StartsWith("404 ", before.Split('\n')[^1]);
        using (var none = await gateway.Client().GetAsync(scene.Statement("org-aaaaaaaaaaaaaaaa")))
            Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);   // no statement at all: the same 404

        await scene.ApproveAsync(consenting, 1);
        await scene.ApproveAsync(quiet, 1);
        await scene.SubmitAsync(consenting, StatementScene.Body(draft));

        var after = await scene.PublicAsync(consenting);
        Assert.Contains(approved, after);
        Assert.DoesNotContain(draft, after);
        Assert.DoesNotContain(unconsented, after);
        Assert.DoesNotContain(unconsented, await scene.PublicAsync(quiet));
        var publicRead = await gateway.Client().GetJsonAsync(scene.Statement(consenting.Id));
        Assert.Equal([1], publicRead.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
        // Another organisation is the public too.
        var other = await gateway.RegisterAsync("cso");
        using (var quietRead = await gateway.Client(other.Token).GetAsync(scene.Statement(quiet.Id)))
            await quietRead.ProblemAsync(HttpStatusCode.NotFound);

        await scene.ApproveAsync(consenting, 2);
        Assert.Contains(draft, await scene.PublicAsync(consenting));

        // A withdrawn speaker's statement leaves the public read.
        await gateway.Client(consenting.Token).WithdrawAsync(scene.Wg, "FRA", consenting.Id).ExpectAsync(HttpStatusCode.NoContent);
        var withdrawn = await scene.PublicAsync(consenting);
        Assert.DoesNotContain(approved, withdrawn);
        Assert.DoesNotContain(draft, withdrawn);
        Assert.StartsWith("404 ", withdrawn.Split('\n')[^1]);
    }

    [Fact]
    public async Task Only_the_organisation_itself_writes_only_on_the_panel_and_only_the_operator_approves()
    {
        var scene = await StatementScene.NewAsync(gateway);
        var speaker = await scene.SpeakerAsync(publishStatement: true);
        var other = await gateway.RegisterAsync("cso");
        var body = StatementScene.Body("auth");

        using (var anonymous = await gateway.Client().PutAsJsonAsync(scene.Statement(speaker.Id), body))
            await anonymous.UnauthorizedAsync();
        using (var forOther = await gateway.Client(other.Token).PutAsJsonAsync(scene.Statement(speaker.Id), body))
            await forOther.ProblemAsync(HttpStatusCode.Forbidden);
        using (var notOnPanel = await gateway.Client(other.Token).PutAsJsonAsync(scene.Statement(other.Id), body))
            await notOnPanel.ProblemAsync(HttpStatusCode.Conflict);
        using (var byOperator = await gateway.Operator().PutAsJsonAsync(scene.Statement(speaker.Id), body))
            await byOperator.ProblemAsync(HttpStatusCode.Forbidden);
        using (var noPreSession = await gateway.Client(speaker.Token).PutAsJsonAsync($"/api/wg-sessions/{scene.Wg}/pre-sessions/DEU/applications/{speaker.Id}/statement", body))
            await noPreSession.ProblemAsync(HttpStatusCode.NotFound);

        await scene.SubmitAsync(speaker, body);
        using (var selfApproval = await gateway.Client(speaker.Token).PostAsJsonAsync($"{scene.Statement(speaker.Id)}/approval", new { version = 1 }))
            await selfApproval.ProblemAsync(HttpStatusCode.Forbidden);
        using (var noSuchVersion = await gateway.Operator().PostAsJsonAsync($"{scene.Statement(speaker.Id)}/approval", new { version = 2 }))
            await noSuchVersion.ProblemAsync(HttpStatusCode.NotFound);
        using (var noVersion = await gateway.Operator().PostAsJsonAsync($"{scene.Statement(speaker.Id)}/approval", new { }))
            await noVersion.ValidationProblemAsync("version");
        using (var noStatement = await gateway.Operator().PostAsJsonAsync($"{scene.Statement(other.Id)}/approval", new { version = 1 }))
            await noStatement.ProblemAsync(HttpStatusCode.NotFound);
    }

    public static TheoryData<string, string> Malformed => new()
    {
        { """{"language":"de","assessment":"a","questions":"q","recommendations":[{"text":"r"}]}""", "language" },
        { """{"language":"en","questions":"q","recommendations":[{"text":"r"}]}""", "assessment" },
        { """{"language":"en","assessment":"   ","questions":"q","recommendations":[{"text":"r"}]}""", "assessment" },
        { $$"""{"language":"en","assessment":"a","questions":"{{new string('q', 8001)}}","recommendations":[{"text":"r"}]}""", "questions" },
        { """{"language":"en","assessment":"a\u0007","questions":"q","recommendations":[{"text":"r"}]}""", "assessment" },
        { """{"language":"en","assessment":"a\u202Eb","questions":"q","recommendations":[{"text":"r"}]}""", "assessment" },
        { """{"language":"en","assessment":"a","questions":"q","recommendations":[]}""", "recommendations" },
        { """{"language":"en","assessment":"a","questions":"q"}""", "recommendations" },
        { $$"""{"language":"en","assessment":"a","questions":"q","recommendations":[{{string.Join(',', Enumerable.Repeat("""{"text":"r"}""", 21))}}]}""", "recommendations" },
        { """{"language":"en","assessment":"a","questions":"q","recommendations":[{"text":""}]}""", "recommendations[0].text" },
        { $$"""{"language":"en","assessment":"a","questions":"q","recommendations":[{"text":"r"},{"text":"{{new string('r', 1001)}}"}]}""", "recommendations[1].text" },
        { """{"language":"en","assessment":"a","questions":"q","recommendations":[null]}""", "recommendations[0]" },
        { $$"""{"language":"en","assessment":"a","questions":"q","recommendations":[{"text":"r","recommendationIds":[{{string.Join(',', Enumerable.Range(1, 11).Select(i => $"\"1.{i}\""))}}]}]}""", "recommendations[0].recommendationIds" },
        { """{"language":"en","assessment":"a","questions":"q","recommendations":[{"text":"r","recommendationIds":["no spaces"]}]}""", "recommendations[0].recommendationIds[0]" },
        { """{"language":"en","assessment":"a","questions":"q","recommendations":[{"text":"r","recommendationIds":["1.1","1.1"]}]}""", "recommendations[0].recommendationIds" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task A_malformed_field_is_a_400_naming_it_and_stores_nothing(string body, string field)
    {
        var scene = await StatementScene.NewAsync(gateway);
        var speaker = await scene.SpeakerAsync(publishStatement: true);

        using var response = await gateway.Client(speaker.Token).PutAsync(scene.Statement(speaker.Id), Http.Raw(body));

        await response.ValidationProblemAsync(field);
        using var read = await gateway.Client(speaker.Token).GetAsync(scene.Statement(speaker.Id));
        await read.ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Once_recommendations_are_imported_a_statement_names_only_those_and_a_full_statement_fits_the_body_cap()
    {
        var scene = await StatementScene.NewAsync(gateway);
        var speaker = await scene.SpeakerAsync(publishStatement: true);
        // Before any import, ids are free (the import may come later).
        await scene.SubmitAsync(speaker, StatementScene.Body("free", recommendationIds: ["999.1"]));
        using (var import = await gateway.Operator().PutAsync($"{scene.PreSession}/recommendations", new StringContent(
            "id,text,recommendingState,response,theme\n118.25,Ratify the Protocol,DEU,supported,\n", Encoding.UTF8, "text/csv")))
            await import.JsonAsync(HttpStatusCode.OK);

        using (var unknown = await gateway.Client(speaker.Token).PutAsJsonAsync(scene.Statement(speaker.Id),
            StatementScene.Body("unknown", recommendationIds: ["118.25", "999.1"])))
        {
            var problem = await unknown.ValidationProblemAsync("recommendations[0].recommendationIds[1]");
            Assert.Contains("999.1", problem.GetProperty("errors").GetProperty("recommendations[0].recommendationIds[1]")[0].GetString());
        }

        // Every part at its maximum: the body cap counts bytes, and a statement of plain Latin text at its maxima fits.
        var full = new
        {
            language = "es",
            assessment = new string('e', 8000),
            questions = new string('q', 8000),
            recommendations = Enumerable.Range(0, 20).Select(i => new { text = new string('r', 1000), recommendationIds = new[] { "118.25" } }).ToArray(),
        };
        Assert.Equal(2, (await scene.SubmitAsync(speaker, full)).GetProperty("version").GetInt32());
    }
}
