using System.Collections.Immutable;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PreSessions.Gateway.Auth;

namespace PreSessions.FunctionalTests.Organisers;

/// <summary>
/// The invitations find the missions that exist before they create any: a mission a State registered itself is
/// reused (it keeps its token, so it gets no link), and a mission a failed run created halfway is taken up, never
/// doubled. A gateway of its own, since any run creates the missions every later run would find.
/// </summary>
public sealed class InvitationsReuseTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    [Fact]
    public async Task A_States_mission_is_reused_and_a_run_that_failed_halfway_is_completed_without_doubles()
    {
        var iceland = await gateway.RegisterAsync("mission", "Permanent Mission of Iceland to the UN", country: "ISL");
        var icelandicCso = await gateway.RegisterAsync("cso", "Icelandic Human Rights Centre", country: "ISL");
        // What a run that failed after creating a few missions leaves: those organisations, and no invitation.
        var grains = gateway.Services.GetRequiredService<IGrainFactory>();
        foreach (var state in new[] { "NZL", "KEN", "PER" })
            Assert.Null((await grains.GetGrain<IOrganisationGrain>(Tokens.ForMission(state)).Register(new Registration(
                $"Permanent Mission of {UnMemberStates.All[state]}", OrganisationKind.Mission, state, null, []))).Refusal);

        var wg = await gateway.CreateWgSessionAsync();
        var answer = await (await gateway.Operator().PostAsync($"/api/wg-sessions/{wg}/invitations", null)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal((193, 0), (answer.Int("invited"), answer.Int("alreadyInvited")));
        var (_, rows) = await InvitationRow.DownloadAsync(gateway, wg);

        Assert.Equal((iceland.Id, "hasToken", "", "Permanent Mission of Iceland to the UN"),
            (rows["ISL"].OrganisationId, rows["ISL"].Status, rows["ISL"].SignInLink, rows["ISL"].Mission));
        Assert.NotEqual(icelandicCso.Id, rows["ISL"].OrganisationId);
        foreach (var state in new[] { "NZL", "KEN", "PER" })
            Assert.Equal((Tokens.ForMission(state), "invited"), (rows[state].OrganisationId, rows[state].Status));
        // The mission keeps its own token.
        await gateway.Client(iceland.Token).GetAsync($"/api/organisations/{iceland.Id}").ExpectAsync(HttpStatusCode.OK);

        // One mission per State in the directory: the 190 created, the 3 taken up, Iceland's own.
        ImmutableArray<OrganisationProfile> missions = await grains.GetGrain<IOrganisationDirectoryGrain>(IOrganisationDirectoryGrain.Key).Missions();
        Assert.Equal(193, missions.Length);
        Assert.Equal(UnMemberStates.All.Keys.Order(StringComparer.Ordinal), missions.Select(m => m.Country!).Order(StringComparer.Ordinal));
    }
}
