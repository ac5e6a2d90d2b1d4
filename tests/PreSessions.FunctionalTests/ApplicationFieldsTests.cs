using System.Net;
using System.Text.Json;

namespace PreSessions.FunctionalTests;

/// <summary>What UPR Info's forms ask with an application: accepted when well-formed, a 400 naming the field otherwise.</summary>
public sealed class ApplicationFieldsTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    [Fact]
    public async Task Every_question_answered_is_accepted_and_is_part_of_what_a_replay_must_repeat()
    {
        var wg = await gateway.NewPreSessionAsync();
        var org = await gateway.RegisterAsync("nhri");
        var client = gateway.Client(org.Token);

        using var first = await client.ApplyAsync(wg, "FRA", Http.EveryQuestionAnswered(), "full-1");
        Assert.Equal("panel", (await first.JsonAsync(HttpStatusCode.Created)).Str("status"));
        using var replay = await client.ApplyAsync(wg, "FRA", Http.EveryQuestionAnswered(), "full-1");
        Assert.Equal(1, (await replay.JsonAsync(HttpStatusCode.Created)).Int("position"));
        // The same key with another answer is another application: refused, not taken for the first.
        using var changed = await client.ApplyAsync(wg, "FRA", Http.EveryQuestionAnswered(gender: "undisclosed"), "full-1");
        await changed.ProblemAsync(HttpStatusCode.Conflict);
    }

    public static TheoryData<string, string> Malformed => new()
    {
        { "speakerGender", """{"speakerName":"A","speakerGender":"female"}""" },
        { "speakerGender", """{"speakerName":"A","speakerGender":"Woman"}""" },
        { "scope", """{"speakerName":"A","scope":"local"}""" },
        { "submissionUrl", """{"speakerName":"A","submissionUrl":"ftp://example.org/s.pdf"}""" },
        { "submissionUrl", """{"speakerName":"A","submissionUrl":"/upr/submission.pdf"}""" },
        { "submissionUrl", """{"speakerName":"A","submissionUrl":"javascript:alert(1)"}""" },
        { "submissionUrl", """{"speakerName":"A","submissionUrl":"https://example.org/a b"}""" },
        { "submissionUrl", $$"""{"speakerName":"A","submissionUrl":"https://example.org/{{new string('a', 2000)}}"}""" },
        { "recommendationIds[1]", """{"speakerName":"A","recommendationIds":["118.25","118 26"]}""" },
        { "recommendationIds[0]", """{"speakerName":"A","recommendationIds":[".25"]}""" },
        { "recommendationIds[0]", """{"speakerName":"A","recommendationIds":[null]}""" },
        { "recommendationIds", """{"speakerName":"A","recommendationIds":["118.25","118.25"]}""" },
        { "recommendationIds", $$"""{"speakerName":"A","recommendationIds":[{{string.Join(",", Enumerable.Range(1, 51).Select(i => $"\"1.{i}\""))}}]}""" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task A_malformed_answer_is_a_400_naming_its_field_and_stores_nothing(string field, string body)
    {
        var wg = await gateway.NewPreSessionAsync();
        var org = await gateway.RegisterAsync("cso");

        using var response = await gateway.Client(org.Token).SendAsync(HttpMethod.Post,
            $"/api/wg-sessions/{wg}/pre-sessions/FRA/applications", Http.Raw(body));

        await response.ValidationProblemAsync(field);
        var view = await gateway.Client().GetJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/FRA");
        Assert.Equal(0, view.GetProperty("panel").GetArrayLength());
        var own = await gateway.Client(org.Token).GetJsonAsync($"/api/organisations/{org.Id}");
        Assert.Equal(JsonValueKind.Array, own.GetProperty("applications").ValueKind);
        Assert.Equal(0, own.GetProperty("applications").GetArrayLength());
    }
}
