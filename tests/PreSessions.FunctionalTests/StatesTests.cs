using System.Net;

namespace PreSessions.FunctionalTests;

/// <summary>GET /api/states/{sur}: an addition to the contract, with the contract's key rules.</summary>
public sealed class StatesTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    [Fact]
    public async Task A_member_state_shows_its_name_and_the_wg_sessions_it_has_pre_sessions_in()
    {
        var first = await gateway.CreateWgSessionAsync();
        var second = await gateway.CreateWgSessionAsync();
        var unrelated = await gateway.CreateWgSessionAsync();
        await gateway.SchedulePreSessionAsync(second, "SRB");
        await gateway.SchedulePreSessionAsync(first, "SRB");
        await gateway.SchedulePreSessionAsync(unrelated, "LIE");

        var body = await gateway.Client().GetJsonAsync("/api/states/SRB");

        Assert.Equal(["code", "name", "wgSessions"], body.Names());
        Assert.Equal(("SRB", "Serbia"), (body.Str("code"), body.Str("name")));
        Assert.Equal([first, second], body.GetProperty("wgSessions").EnumerateArray().Select(w => w.GetInt32()).ToArray());
    }

    [Fact]
    public async Task A_member_state_without_pre_sessions_has_none()
    {
        var body = await gateway.Client().GetJsonAsync("/api/states/BWA");

        Assert.Equal(("BWA", "Botswana"), (body.Str("code"), body.Str("name")));
        Assert.Empty(body.GetProperty("wgSessions").EnumerateArray());
    }

    [Fact]
    public async Task A_code_that_is_no_un_member_is_404()
    {
        using var response = await gateway.Client().GetAsync("/api/states/XYZ");

        await response.ProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("fr")]
    [InlineData("fra")]
    [InlineData("FRAN")]
    [InlineData("F1A")]
    public async Task A_malformed_code_is_400(string sur)
    {
        using var response = await gateway.Client().GetAsync($"/api/states/{sur}");

        await response.ValidationProblemAsync("sur");
    }
}
