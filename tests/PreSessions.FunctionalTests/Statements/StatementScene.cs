using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace PreSessions.FunctionalTests.Statements;

/// <summary>A fresh pre-session with organisations on its panel, and the statement calls the tests make.</summary>
internal sealed class StatementScene(GatewayFactory gateway, int wg)
{
    public int Wg { get; } = wg;

    public string PreSession => $"/api/wg-sessions/{Wg}/pre-sessions/FRA";

    public string Page => $"/wg-sessions/{Wg}/pre-sessions/FRA";

    public static async Task<StatementScene> NewAsync(GatewayFactory gateway) => new(gateway, await gateway.NewPreSessionAsync());

    public string Statement(string organisationId) => $"{PreSession}/applications/{organisationId}/statement";

    /// <summary>A CSO on the panel, with or without consent to publish its statement.</summary>
    public async Task<Registered> SpeakerAsync(bool publishStatement, string? name = null)
    {
        var org = await gateway.RegisterAsync("cso", name);
        await gateway.Client(org.Token).ApplyAsync(Wg, "FRA",
            new { speakerName = "Speaker", themes = new[] { "Civic space" }, publishStatement }).ExpectAsync(HttpStatusCode.Created);
        return org;
    }

    public static object Body(string marker, string language = "en", string[]? recommendationIds = null) => new
    {
        language,
        assessment = $"Assessment {marker}",
        questions = $"Questions {marker}",
        recommendations = new[] { new { text = $"Recommendation {marker}", recommendationIds = recommendationIds ?? [] } },
    };

    public async Task<JsonElement> SubmitAsync(Registered org, object body)
    {
        using var response = await gateway.Client(org.Token).PutAsJsonAsync(Statement(org.Id), body);
        return await response.JsonAsync(HttpStatusCode.OK);
    }

    public async Task ApproveAsync(Registered org, int version)
    {
        using var response = await gateway.Operator().PostAsJsonAsync($"{Statement(org.Id)}/approval", new { version });
        await response.JsonAsync(HttpStatusCode.OK);
    }

    /// <summary>Everything the public reads of this pre-session: its page, its JSON and the statement itself (status and body).</summary>
    public async Task<string> PublicAsync(Registered org)
    {
        var anonymous = gateway.Client();
        using var page = await anonymous.GetAsync(Page);
        using var json = await anonymous.GetAsync(PreSession);
        using var statement = await anonymous.GetAsync(Statement(org.Id));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        return $"{await page.Content.ReadAsStringAsync()}\n{await json.Content.ReadAsStringAsync()}\n" +
               $"{(int)statement.StatusCode} {await statement.Content.ReadAsStringAsync()}";
    }
}
