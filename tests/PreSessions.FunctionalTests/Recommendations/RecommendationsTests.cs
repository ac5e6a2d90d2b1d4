using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace PreSessions.FunctionalTests.Recommendations;

/// <summary>PUT and GET .../pre-sessions/{sur}/recommendations: a CSV import of the previous cycle's recommendations.</summary>
public sealed class RecommendationsTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private const string Header = "id,text,recommendingState,response,theme\r\n";

    private static string Url(int wg, string sur = "FRA") => $"/api/wg-sessions/{wg}/pre-sessions/{sur}/recommendations";

    private Task<HttpResponseMessage> ImportAsync(int wg, string csv, string mediaType = "text/csv") =>
        gateway.Operator().PutAsync(Url(wg), new StringContent(csv, Encoding.UTF8, mediaType));

    private async Task<JsonElement[]> ListAsync(int wg, string sur = "FRA") =>
        [.. (await gateway.Client().GetJsonAsync(Url(wg, sur))).EnumerateArray()];

    [Fact]
    public async Task An_import_stores_every_recommendation_in_order_with_quoted_lines_and_state_names()
    {
        var wg = await gateway.NewPreSessionAsync();

        using var response = await ImportAsync(wg, Header +
            "118.25,\"Ratify the Optional Protocol, as recommended; \"\"promptly\"\".\",DEU,supported,Torture\r\n" +
            "118.26,\"Two lines:\nfirst, then second\",Mexique,Noted,\r\n" +
            "118.27,Protect journalists,Chile,supported,Freedom of expression\r\n");

        Assert.Equal(3, (await response.JsonAsync(HttpStatusCode.OK)).Int("imported"));
        var list = await ListAsync(wg);
        Assert.Equal(["118.25", "118.26", "118.27"], list.Select(r => r.Str("id")));
        Assert.Equal("Ratify the Optional Protocol, as recommended; \"promptly\".", list[0].Str("text"));
        Assert.Equal(("DEU", "Germany", "supported", "Torture"), (list[0].Str("recommendingState"), list[0].Str("recommendingStateName"), list[0].Str("response"), list[0].Str("theme")));
        Assert.Equal("Two lines:\nfirst, then second", list[1].Str("text"));
        Assert.Equal(("MEX", "noted", JsonValueKind.Null), (list[1].Str("recommendingState"), list[1].Str("response"), list[1].GetProperty("theme").ValueKind));
        Assert.Equal("CHL", list[2].Str("recommendingState"));
        Assert.All(list, r => Assert.False(r.GetProperty("addressed").GetBoolean()));
    }

    [Fact]
    public async Task Formula_looking_cells_are_stored_as_the_text_they_are()
    {
        var wg = await gateway.NewPreSessionAsync();

        using var response = await ImportAsync(wg, Header +
            "1.1,\"=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",FRA,supported,+cmd|' /C calc'!A0\r\n" +
            "1.2,@SUM(1+1),FRA,noted,-2+3\r\n");

        await response.JsonAsync(HttpStatusCode.OK);
        var list = await ListAsync(wg);
        Assert.Equal("=HYPERLINK(\"http://evil.example\",\"x\")", list[0].Str("text"));
        Assert.Equal("+cmd|' /C calc'!A0", list[0].Str("theme"));
        Assert.Equal(("@SUM(1+1)", "-2+3"), (list[1].Str("text"), list[1].Str("theme")));
    }

    [Fact]
    public async Task Every_bad_line_is_named_in_one_400_and_nothing_is_imported()
    {
        var wg = await gateway.NewPreSessionAsync();
        await (await ImportAsync(wg, Header + "9.1,Kept from before,FRA,supported,\r\n")).JsonAsync(HttpStatusCode.OK);

        using var response = await ImportAsync(wg, Header +                    // line 1
            "1.1,Fine,FRA,supported,\r\n" +                                      // line 2
            "1.2,\"Spans\nthree\nlines\",Atlantis,maybe,\r\n" +                  // lines 3-5: two bad cells
            "1.3,Too few cells\r\n" +                                            // line 6
            "1.1,Same id again,FRA,noted,\r\n" +                                 // line 7
            "1.4,A stray \" quote,FRA,noted,\r\n" +                               // line 8
            ",No id,FRA,noted,\r\n");                                            // line 9

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.Equal(["line 3", "line 6", "line 7", "line 8", "line 9"], errors.Names());
        var line3 = errors.GetProperty("line 3").EnumerateArray().Select(m => m.GetString()!).ToArray();
        Assert.Equal(2, line3.Length);
        Assert.Contains(line3, m => m.StartsWith("recommendingState:") && m.Contains("Atlantis"));
        Assert.Contains(line3, m => m.StartsWith("response:"));
        Assert.Contains("line 2", errors.GetProperty("line 7")[0].GetString());
        Assert.Equal(["9.1"], (await ListAsync(wg)).Select(r => r.Str("id")));
    }

    [Fact]
    public async Task An_import_replaces_the_whole_set()
    {
        var wg = await gateway.NewPreSessionAsync();
        await (await ImportAsync(wg, Header + "1.1,One,FRA,supported,\r\n1.2,Two,FRA,noted,\r\n")).JsonAsync(HttpStatusCode.OK);

        await (await ImportAsync(wg, Header + "2.1,Only this,DEU,noted,\r\n")).JsonAsync(HttpStatusCode.OK);
        var emptied = await gateway.NewPreSessionAsync(sur: "MLI");
        await (await gateway.Operator().PutAsync(Url(emptied, "MLI"), new StringContent(Header, Encoding.UTF8, "text/csv"))).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(["2.1"], (await ListAsync(wg)).Select(r => r.Str("id")));
        Assert.Empty(await ListAsync(emptied, "MLI"));
    }

    [Theory]
    [InlineData("", "line 1")]
    [InlineData("id,text,state,response,theme\r\n1.1,x,FRA,noted,\r\n", "line 1")]
    public async Task A_missing_or_wrong_header_is_400_on_line_1(string csv, string field)
    {
        var wg = await gateway.NewPreSessionAsync();

        using var response = await ImportAsync(wg, csv);

        await response.ValidationProblemAsync(field);
    }

    [Fact]
    public async Task More_recommendations_than_an_import_holds_is_400()
    {
        var wg = await gateway.NewPreSessionAsync();
        var rows = string.Concat(Enumerable.Range(1, 1001).Select(i => $"{i},R,FRA,noted,\r\n"));

        using var response = await ImportAsync(wg, Header + rows);

        await response.ValidationProblemAsync("line 1002");
        Assert.Empty(await ListAsync(wg));
    }

    [Fact]
    public async Task Another_media_type_is_415_and_bytes_that_are_not_utf8_400()
    {
        var wg = await gateway.NewPreSessionAsync();
        using var json = await ImportAsync(wg, "{}", "application/json");
        var latin1 = new ByteArrayContent([.. Encoding.UTF8.GetBytes(Header), .. "1.1,caf"u8.ToArray(), 0xE9, .. ",FRA,noted,\r\n"u8.ToArray()]);
        latin1.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var notUtf8 = await gateway.Operator().PutAsync(Url(wg), latin1);

        await json.ProblemAsync(HttpStatusCode.UnsupportedMediaType);
        await notUtf8.ValidationProblemAsync("body");
    }

    [Fact]
    public async Task A_body_over_the_gateways_limit_is_413_and_imports_nothing()
    {
        var wg = await gateway.NewPreSessionAsync();
        var text = new string('x', 1900);
        var rows = string.Concat(Enumerable.Range(1, 40).Select(i => $"{i},{text},FRA,noted,\r\n")); // about 77 KB

        using var response = await ImportAsync(wg, Header + rows);

        await response.ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Empty(await ListAsync(wg));
    }

    [Fact]
    public async Task An_unknown_pre_session_is_404_and_a_malformed_key_400()
    {
        var wg = await gateway.NewPreSessionAsync();

        using var unknown = await gateway.Operator().PutAsync(Url(wg, "MLI"), new StringContent(Header, Encoding.UTF8, "text/csv"));
        using var malformed = await gateway.Client().GetAsync(Url(wg, "fra"));
        using var none = await gateway.Client().GetAsync(Url(wg, "MLI"));

        await unknown.ProblemAsync(HttpStatusCode.NotFound);
        await malformed.ValidationProblemAsync("sur");
        await none.ProblemAsync(HttpStatusCode.NotFound);
    }
}
