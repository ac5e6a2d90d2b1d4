using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using PreSessions.GrainTests.Cluster;
using PreSessions.GrainTests.PreSessions;
using PreSessions.Silo.Storage;

namespace PreSessions.GrainTests.Storage;

/// <summary>
/// A store written before the engagement directory existed: organisations recorded where they applied in their own
/// state, and the directory has no row for them. Such an organisation still finds its applications, replays still
/// answer the stored answer, and a withdrawal still works: nothing is lost by the change of design.
/// </summary>
public sealed class LegacyOrganisationStateTests(OneSiloCluster fixture) : IClassFixture<OneSiloCluster>
{
    [Fact]
    public async Task An_organisation_stored_with_hand_off_intents_still_finds_its_application()
    {
        var s = new Scenario(fixture);
        await s.Define();
        var key = await s.Schedule("ISL", panelSize: 1);
        var others = await s.Register("now", 1);
        Assert.Equal(new ApplicationAnswer(ApplicationStatus.Panel, 1), (await s.Apply(others[0], key, "now-key")).Accepted());

        // Written as the previous design wrote it, before the grain ever activates.
        var id = $"legacy-{s.Wg}";
        var organisation = s.Org(id);
        await Storage().WriteStateAsync("organisation", organisation.GetGrainId(), new GrainState<OrganisationState>(new OrganisationState
        {
            Registration = new Registration(Scenario.NameOf(id), OrganisationKind.Cso, "ISL", null, new byte[32]),
            Applications = ImmutableDictionaryOf(key, new ApplicationIntent(key, Scenario.Speech(id), "legacy-key", global::PreSessions.HandOff.Applied)),
        }));
        var answer = (await s.PreSession(key).Apply(new Applicant(id, Scenario.NameOf(id)), Scenario.Speech(id), "legacy-key")).Accepted();
        Assert.Equal(new ApplicationAnswer(ApplicationStatus.Waitlist, 1), answer.FirstAnswer);
        Assert.Equal(1, await ForgetDirectoryRows(id));

        Assert.Equal([new ApplicationStanding(key.Wg, key.Sur, ApplicationStatus.Waitlist, 1)], (await organisation.GetView())!.Applications.ToArray());
        Assert.Equal(answer.FirstAnswer, (await organisation.Apply(key, Scenario.Speech(id), "legacy-key")).Accepted());
        await s.AssertOrganisationsAgree(key, [id, .. others]);

        Assert.True((await organisation.Withdraw(key, "legacy-withdrawal")).Accepted());
        Assert.Empty((await organisation.GetView())!.Applications);
        Assert.Equal(0, (await s.View(key)).WaitlistCount);
    }

    private static System.Collections.Immutable.ImmutableDictionary<string, ApplicationIntent> ImmutableDictionaryOf(PreSessionKey key, ApplicationIntent intent) =>
        System.Collections.Immutable.ImmutableDictionary<string, ApplicationIntent>.Empty.Add(key.GrainKey, intent);

    private IGrainStorage Storage() => fixture.Cluster.GetSiloServiceProvider(fixture.Cluster.Silos[0].SiloAddress)
        .GetRequiredKeyedService<IGrainStorage>(StorageNames.Grains);

    /// <summary>Removes the organisation's directory rows, as in a store written before the directory; answers how many.</summary>
    private async Task<int> ForgetDirectoryRows(string organisationId)
    {
        await using var connection = new SqliteConnection(EmbeddedStore.ConnectionString(fixture.DataDirectory));
        await connection.OpenAsync();
        await using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM PreSessionsEngagements WHERE OrganisationId = @organisation";
        delete.Parameters.AddWithValue("@organisation", organisationId);
        return await delete.ExecuteNonQueryAsync();
    }
}
