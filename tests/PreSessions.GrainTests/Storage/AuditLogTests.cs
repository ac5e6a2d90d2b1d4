using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using PreSessions.GrainTests.Cluster;
using PreSessions.GrainTests.PreSessions;

namespace PreSessions.GrainTests.Storage;

/// <summary>
/// The audit log is appended to a table of its own, not held in grain state: a grain's state keeps only the entries
/// of its last changes (its outbox) until they are in the log; the log pages by cursor; entries a state held before
/// the log existed move to it; and appends that fail or land unanswered lose nothing and double nothing.
/// </summary>
public sealed class AuditLogTests(OneSiloCluster fixture) : IClassFixture<OneSiloCluster>
{
    private IAuditGrain Log => fixture.Grains.GetGrain<IAuditGrain>(0);

    [Fact]
    public async Task Entries_go_to_the_log_the_state_keeps_only_its_outbox_and_pages_follow_the_cursor()
    {
        var s = new Scenario(fixture);
        await s.Define();
        var key = await s.Schedule("PER", panelSize: 2);
        var orgs = await s.Register("audited", 7);
        foreach (var org in orgs.Take(6))
            (await s.Apply(org, key, $"key-{org}")).Accepted();
        await s.PreSession(key).FlushAudit();
        (await s.Apply(orgs[6], key, $"key-{orgs[6]}")).Accepted();
        await s.PreSession(key).FlushAudit();

        var stored = await Stored<PreSessionState>("preSession", s.PreSession(key).GetGrainId());
        Assert.InRange(stored.AuditLog.Count, 0, 1);
        Assert.Equal(8, stored.AuditAppended + stored.AuditLog.Count);

        var pages = new List<AuditPage>();
        long after = 0;
        for (var page = 0; page < 10; page++)
        {
            pages.Add(await Log.Read(new AuditQuery(key.Wg, key.Sur), after, 3));
            if (pages[^1].Next is not { } next)
                break;
            after = next;
        }
        Assert.Equal([3, 3, 2], pages.Select(p => p.Entries.Length));
        var entries = pages.SelectMany(p => p.Entries).ToList();
        Assert.Equal(entries.Select(e => e.Id).Order(), entries.Select(e => e.Id));
        Assert.Equal(
            ["pre-session.created", "application.panel", "application.panel", .. Enumerable.Repeat("application.waitlist", 5)],
            entries.Select(e => e.Entry.Action));
        Assert.Equal([null, .. orgs], entries.Select(e => e.Entry.Subject));
        Assert.All(entries, e => Assert.Equal((key.Wg, key.Sur), (e.Wg!.Value, e.Sur!)));
    }

    [Fact]
    public async Task Entries_a_state_held_before_the_log_existed_move_to_it_once()
    {
        var id = $"legacy-audit-{Guid.NewGuid():N}";
        var organisation = fixture.Grains.GetGrain<IOrganisationGrain>(id);
        ImmutableList<AuditEntry> held =
        [
            new(new DateTimeOffset(2017, 11, 1, 9, 0, 0, TimeSpan.Zero), "anonymous", "organisation.registered", id, null, "trace-1"),
            new(new DateTimeOffset(2017, 11, 2, 9, 0, 0, TimeSpan.Zero), "operator", "organisation.token-reissued", id, null, "trace-2"),
        ];
        await Storage().WriteStateAsync("organisation", organisation.GetGrainId(), new GrainState<OrganisationState>(new OrganisationState
        {
            Registration = new Registration("Legacy", OrganisationKind.Cso, "PER", null, new byte[32]),
            AuditLog = held,
        }));

        await organisation.FlushAudit();
        await organisation.FlushAudit();
        Assert.Equal(held, (await Log.Read(new AuditQuery(OrganisationId: id), 0, 10)).Entries.Select(e => e.Entry));

        // A change writes the state without what the log holds, and its own entry follows the moved ones.
        Assert.True(await organisation.RevokeToken());
        await organisation.FlushAudit();
        var stored = await Stored<OrganisationState>("organisation", organisation.GetGrainId());
        Assert.Equal(2, stored.AuditAppended);
        Assert.Equal(["organisation.token-revoked"], stored.AuditLog.Select(e => e.Action));
        Assert.Equal(["organisation.registered", "organisation.token-reissued", "organisation.token-revoked"],
            (await Log.Read(new AuditQuery(OrganisationId: id), 0, 10)).Entries.Select(e => e.Entry.Action));
    }

    [Theory]
    [InlineData(StorageFault.Fails)]
    [InlineData(StorageFault.LandsThenTimesOut)]
    public async Task Appends_that_fail_or_land_unanswered_lose_nothing_and_double_nothing(StorageFault fault)
    {
        var s = new Scenario(fixture);
        await s.Define();
        var key = await s.Schedule("URY", panelSize: 3);
        var orgs = await s.Register("appended", 12);
        var injected = 0;
        fixture.StorageFaults.OnAuditAppends(source =>
            source.Name == $"pre-session/{key}" && Interlocked.Increment(ref injected) <= 3 ? fault : StorageFault.None);
        try
        {
            await Scenario.InFlight(12, orgs.Select(org => (Func<Task<ApplicationAnswer>>)(async () =>
                (await s.Apply(org, key, $"key-{org}")).Accepted())));
            // A reader's flush may meet an injected fault too; the next one appends what is still missing.
            for (var attempt = 1; !await Flushed(s.PreSession(key)); attempt++)
                Assert.True(attempt < 10, "The outbox never reached the log.");
        }
        finally
        {
            fixture.StorageFaults.OnAuditAppends(null);
        }
        Assert.True(injected > 3, $"Only {injected} appends were made; the faults did not all happen.");

        var entries = (await Log.Read(new AuditQuery(key.Wg, key.Sur), 0, 100)).Entries;
        Assert.Equal(["pre-session.created", .. Enumerable.Repeat("application.panel", 3), .. Enumerable.Repeat("application.waitlist", 9)],
            entries.Select(e => e.Entry.Action));
        Assert.Equal(orgs.Order(StringComparer.Ordinal), entries.Skip(1).Select(e => e.Entry.Subject!).Order(StringComparer.Ordinal));
    }

    private static async Task<bool> Flushed(IPreSessionGrain preSession)
    {
        try
        {
            await preSession.FlushAudit();
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private IGrainStorage Storage() => fixture.Cluster.GetSiloServiceProvider(fixture.Cluster.Silos[0].SiloAddress)
        .GetRequiredKeyedService<IGrainStorage>(StorageNames.Grains);

    private async Task<T> Stored<T>(string stateName, GrainId grainId) where T : new()
    {
        var state = new GrainState<T>(new T());
        await Storage().ReadStateAsync(stateName, grainId, state);
        return state.State;
    }
}
