using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace PreSessions.FunctionalTests.Security;

/// <summary>
/// Issue 16, item 8: names that people choose and the public reads (organisations', speakers') cannot hide, reorder or
/// smear text. Each refusal is a 400 naming the field, and stores nothing: no organisation in the operator's list, no
/// application on the panel.
/// </summary>
public sealed class NamesTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    public static TheoryData<string, string> Spoofing => new()
    {
        { "\u202eevil corp", "U+202E" },
        { "Rights\u202eWatch", "U+202E" },
        { "Rights\u200bWatch", "U+200B" },
        { "Rights\u200cWatch", "U+200C" },
        { "Rights\u200dWatch", "U+200D" },
        { "\u2060Rights Watch", "U+2060" },
        { "\ufeffRights Watch", "U+FEFF" },
        { "Rights\u00adWatch", "U+00AD" },
        { "\u200b\u200b\u200b", "U+200B" },
        { "\u200d", "U+200D" },
        { "\u3164", "visible letter" },
        { "\u115f\u1160", "visible letter" },
        { "\u2800\u2800", "visible letter" },
        { "...", "visible letter" },
        { "x\u0301\u0301\u0301", "combining marks" },
        { "Z" + string.Concat(Enumerable.Repeat("\u0336", 150)), "combining marks" },
        { "Rights\u2028Watch", "Line breaks" },
        { "Rights\u2029Watch", "Line breaks" },
        { "Rights\ue000Watch", "U+E000" },
        { "Rights\u0085Watch", "Control" },
        { "Rights\u001bWatch", "Control" },
    };

    [Theory]
    [MemberData(nameof(Spoofing))]
    public async Task A_spoofing_organisation_name_is_400_saying_why_and_registers_nothing(string name, string why)
    {
        var before = await AllOrganisationsAsync();

        using var response = await gateway.Client().PostAsJsonAsync("/api/organisations", new { name, kind = "cso" });

        var problem = await response.ValidationProblemAsync("name");
        Assert.Contains(why, problem.GetProperty("errors").GetProperty("name")[0].GetString());
        Assert.Equal(before, await AllOrganisationsAsync());
    }

    [Theory]
    [MemberData(nameof(Spoofing))]
    public async Task A_spoofing_speaker_name_is_400_and_puts_nobody_on_the_panel(string speakerName, string why)
    {
        var wg = await gateway.NewPreSessionAsync();
        var cso = await gateway.RegisterAsync("cso");

        using var response = await gateway.Client(cso.Token).ApplyAsync(wg, "FRA", speakerName);

        var problem = await response.ValidationProblemAsync("speakerName");
        Assert.Contains(why, problem.GetProperty("errors").GetProperty("speakerName")[0].GetString());
        Assert.Empty((await gateway.Client().GetJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/FRA")).GetProperty("panel").EnumerateArray());
        Assert.Empty((await gateway.Client(cso.Token).GetJsonAsync($"/api/organisations/{cso.Id}")).GetProperty("applications").EnumerateArray());
    }

    [Theory]
    [InlineData("Правозащитный центр «Мемориал»")]
    [InlineData("المنظمة العربية لحقوق الإنسان")]
    [InlineData("中国人权研究会")]
    [InlineData("मानवाधिकार केंद्र")]
    [InlineData("Associação Ñandú – Direitos (Brasil)")]
    [InlineData("Tiếng Việt Nhân quyền")]
    [InlineData("x\u0301\u0308 two marks")]
    [InlineData("Rights Watch 🇫🇷")]
    public async Task Names_in_any_script_with_a_few_marks_are_accepted(string name)
    {
        using var response = await gateway.Client().PostAsJsonAsync("/api/organisations", new { name, kind = "nhri" });

        Assert.Equal(name.Normalize(NormalizationForm.FormC), (await response.JsonAsync(HttpStatusCode.Created)).Str("name"));
    }

    [Fact]
    public async Task Names_are_kept_composed_nfc_wherever_they_are_shown()
    {
        var wg = await gateway.NewPreSessionAsync();
        using var registered = await gateway.Client().PostAsJsonAsync("/api/organisations", new { name = "Cafe\u0301 des Droits", kind = "cso" });
        var body = await registered.JsonAsync(HttpStatusCode.Created);
        Assert.Equal("Caf\u00e9 des Droits", body.Str("name"));

        await gateway.Client(body.Str("token")).ApplyAsync(wg, "FRA", "Jose\u0301 Speaker").ExpectAsync(HttpStatusCode.Created);

        var seat = Assert.Single((await gateway.Client().GetJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/FRA")).GetProperty("panel").EnumerateArray());
        Assert.Equal(("Caf\u00e9 des Droits", "Jos\u00e9 Speaker"), (seat.Str("organisationName"), seat.Str("speakerName")));
        var listed = await gateway.Operator().GetJsonAsync($"/api/organisations?search={Uri.EscapeDataString("Cafe\u0301 des")}");
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), i => i.Str("id") == body.Str("id"));
    }

    /// <summary>Every organisation the operator can list, by id and name, all pages.</summary>
    private async Task<string> AllOrganisationsAsync()
    {
        var all = new List<string>();
        string? cursor = null;
        for (var page = 0; page < 100; page++)
        {
            var body = await gateway.Operator().GetJsonAsync($"/api/organisations?limit=200{(cursor is null ? "" : "&cursor=" + cursor)}");
            all.AddRange(body.GetProperty("items").EnumerateArray().Select(i => i.Str("id") + " " + i.Str("name")));
            if (body.GetProperty("next").ValueKind is JsonValueKind.Null)
                return string.Join("\n", all);
            cursor = body.Str("next");
        }
        throw new InvalidOperationException("The list did not end within 100 pages.");
    }
}
