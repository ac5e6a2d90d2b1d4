using Orleans.Runtime;
using PreSessions.GrainTests.Cluster;
using PreSessions.GrainTests.PreSessions;

namespace PreSessions.GrainTests.Organisations;

/// <summary>
/// The directory behind the operator's organisation list: an acknowledged registration is listed, and one whose note
/// to the directory was lost (a crash between the two writes, or a record written before the directory existed) is
/// listed when its organisation replays the registration or next activates.
/// </summary>
public sealed class OrganisationDirectoryTests(OneSiloCluster fixture) : IClassFixture<OneSiloCluster>
{
    private IOrganisationDirectoryGrain Directory => fixture.Grains.GetGrain<IOrganisationDirectoryGrain>(IOrganisationDirectoryGrain.Key);

    private static Registration Registration(string name) => new(name, OrganisationKind.Cso, "FRA", null, new byte[32]);

    [Fact]
    public async Task An_acknowledged_registration_is_listed_once_however_often_it_is_replayed()
    {
        var id = NewId();
        var org = fixture.Grains.GetGrain<IOrganisationGrain>(id);

        await org.Register(Registration($"Listed {id}"));
        await org.Register(Registration($"Listed {id}"));

        var listed = await ListedAsync(id);
        Assert.Equal(new OrganisationProfile(id, $"Listed {id}", OrganisationKind.Cso, "FRA"), Assert.Single(listed).Profile);
    }

    [Fact]
    public async Task A_registration_whose_note_was_lost_is_listed_when_it_is_replayed()
    {
        var id = NewId();
        var org = fixture.Grains.GetGrain<IOrganisationGrain>(id);
        await WithoutDirectory(() => Assert.ThrowsAnyAsync<Exception>(() => org.Register(Registration($"Replayed {id}"))));
        Assert.Empty(await ListedAsync(id));
        Assert.NotNull(await org.GetView());     // registered all the same: the note comes after the registration's write

        await org.Register(Registration($"Replayed {id}"));

        Assert.Single(await ListedAsync(id));
    }

    [Fact]
    public async Task An_unlisted_organisation_lists_itself_when_it_next_activates()
    {
        var id = NewId();
        var org = fixture.Grains.GetGrain<IOrganisationGrain>(id);
        await WithoutDirectory(() => Assert.ThrowsAnyAsync<Exception>(() => org.Register(Registration($"Reactivated {id}"))));
        Assert.Empty(await ListedAsync(id));

        // Every idle activation goes, as after a restart; the organisation's record is what an older version wrote.
        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        Assert.NotNull(await org.Authenticate(new byte[32]));

        Assert.Single(await ListedAsync(id));
    }

    private async Task WithoutDirectory(Func<Task> act)
    {
        fixture.Faults.Set(call => call.MethodName == nameof(IOrganisationDirectoryGrain.Note)
            ? throw new InvalidOperationException("The directory is out of reach.")
            : call.Invoke());
        try
        {
            await act();
        }
        finally
        {
            fixture.Faults.Set(null);
        }
    }

    private async Task<ListedOrganisation[]> ListedAsync(string id)
    {
        var page = (await Directory.Find(id, null, 10)).Accepted();
        return [.. page.Items.Where(i => i.Profile.Id == id)];
    }

    private static string NewId() => "org-" + string.Concat(Guid.NewGuid().ToString("N").Where(char.IsLetter).Take(16)).PadRight(16, 'z');
}
