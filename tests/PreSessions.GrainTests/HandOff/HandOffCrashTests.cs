using Xunit.Abstractions;
using Orleans.TestingHost;
using PreSessions.GrainTests.Cluster;

namespace PreSessions.GrainTests.HandOff;

/// <summary>
/// An application is written once, by the pre-session; the organisation hands it over and derives its view from the
/// pre-sessions it finds in the engagement directory. These tests kill the organisation's silo during the hand-off,
/// on either side of the pre-session's write, and check that once the organisation reactivates on a surviving silo
/// both views agree, the client's retry answers the stored answer, and nothing happened twice.
/// </summary>
[Collection(SiloFailures.Name)]
public sealed class HandOffCrashTests(ThreeSiloCluster fixture, ITestOutputHelper output) : IClassFixture<ThreeSiloCluster>
{
    /// <summary>Released once the silo is dead: a held call then fails, as the dead silo's answer never arrives.</summary>
    private readonly TaskCompletionSource _siloDead = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static int _nextWg = 600;

    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task Silo_dies_before_the_pre_session_has_the_application()
    {
        var (key, organisation, others) = await PreSessionWithApplicants(panelSize: 2, before: 1);
        var onOrganisationsSilo = await PlaceOnASecondarySilo(organisation);
        var reached = HoldApplication(organisation, reachGrain: false);

        var apply = Grains.GetGrain<IOrganisationGrain>(organisation).Apply(key, Speech("A"), "key-a");
        await reached.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await Kill(onOrganisationsSilo);
        await Assert.ThrowsAnyAsync<Exception>(() => apply);

        // Never acknowledged and never stored: neither view has it.
        var view = await AfterFailover(() => Grains.GetGrain<IOrganisationGrain>(organisation).GetView());
        var preSession = await AfterFailover(() => PreSession(key));
        Assert.Empty(view!.Applications);
        Assert.Equal(others, preSession.Panel.Select(p => p.OrganisationId));

        // The client retries as it should, with its key: the same answer, and still one application.
        var retry = await AfterFailover(() => Grains.GetGrain<IOrganisationGrain>(organisation).Apply(key, Speech("A"), "key-a"));
        Assert.Equal(new ApplicationAnswer(ApplicationStatus.Panel, 2), retry.Value);
        Assert.Equal(
            [new ApplicationStanding(key.Wg, key.Sur, ApplicationStatus.Panel, 2)],
            (await AfterFailover(() => Grains.GetGrain<IOrganisationGrain>(organisation).GetView()))!.Applications.ToArray());
        var again = await AfterFailover(() => Grains.GetGrain<IOrganisationGrain>(organisation).Apply(key, Speech("A"), null));
        Assert.Equal(RefusalKind.Conflict, again.Refusal?.Kind);
        Assert.Equal(2, (await AfterFailover(() => PreSession(key))).Panel.Length);
    }

    [Fact]
    public async Task Silo_dies_after_the_pre_session_stored_the_application_and_before_the_organisation_heard_back()
    {
        var (key, organisation, others) = await PreSessionWithApplicants(panelSize: 1, before: 1);
        var onOrganisationsSilo = await PlaceOnASecondarySilo(organisation);
        var reached = HoldApplication(organisation, reachGrain: true);

        var apply = Grains.GetGrain<IOrganisationGrain>(organisation).Apply(key, Speech("B"), "key-b");
        await reached.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, (await PreSession(key)).WaitlistCount);
        await Kill(onOrganisationsSilo);
        await Assert.ThrowsAnyAsync<Exception>(() => apply);

        var view = await AfterFailover(() => Grains.GetGrain<IOrganisationGrain>(organisation).GetView());
        var preSession = await AfterFailover(() => PreSession(key));
        Assert.Equal([new ApplicationStanding(key.Wg, key.Sur, ApplicationStatus.Waitlist, 1)], view!.Applications.ToArray());
        Assert.Equal(others, preSession.Panel.Select(p => p.OrganisationId));
        Assert.Equal(1, preSession.WaitlistCount);

        var retry = await AfterFailover(() => Grains.GetGrain<IOrganisationGrain>(organisation).Apply(key, Speech("B"), "key-b"));
        Assert.Equal(new ApplicationAnswer(ApplicationStatus.Waitlist, 1), retry.Value);
        Assert.Equal(1, (await AfterFailover(() => PreSession(key))).WaitlistCount);
    }

    [Fact]
    public async Task Silo_dies_in_the_middle_of_a_withdrawal()
    {
        var (key, organisation, others) = await PreSessionWithApplicants(panelSize: 2, before: 2);
        var applied = await Grains.GetGrain<IOrganisationGrain>(organisation).Apply(key, Speech("C"), "key-c");
        Assert.Equal(new ApplicationAnswer(ApplicationStatus.Waitlist, 1), applied.Value);
        var onOrganisationsSilo = await PlaceOnASecondarySilo(others[0]);
        var reached = Hold("Withdraw", others[0], reachGrain: true);

        var withdraw = Grains.GetGrain<IOrganisationGrain>(others[0]).Withdraw(key, "withdraw-1");
        await reached.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await Kill(onOrganisationsSilo);
        await Assert.ThrowsAnyAsync<Exception>(() => withdraw);

        Assert.Empty((await AfterFailover(() => Grains.GetGrain<IOrganisationGrain>(others[0]).GetView()))!.Applications);
        Assert.Equal([others[1], organisation], (await AfterFailover(() => PreSession(key))).Panel.Select(p => p.OrganisationId));
        Assert.Equal(
            [new ApplicationStanding(key.Wg, key.Sur, ApplicationStatus.Panel, 2)],
            (await AfterFailover(() => Grains.GetGrain<IOrganisationGrain>(organisation).GetView()))!.Applications.ToArray());
        var retry = await AfterFailover(() => Grains.GetGrain<IOrganisationGrain>(others[0]).Withdraw(key, "withdraw-1"));
        Assert.True(retry.Succeeded);
    }

    private async Task<(PreSessionKey Key, string Organisation, string[] Others)> PreSessionWithApplicants(int panelSize, int before)
    {
        var wg = Interlocked.Increment(ref _nextWg);
        var key = new PreSessionKey(wg, "MLI");
        var session = Grains.GetGrain<IWgSessionGrain>(wg);
        await session.Define(new WgSessionDetails($"WG {wg}", "Palais des Nations", true, null));
        await session.SchedulePreSession(key.Sur, new PreSessionPlan(new DateTimeOffset(2017, 12, 13, 10, 0, 0, TimeSpan.FromHours(1)), 60, "XXIV", panelSize, 30));

        var organisations = new List<string>();
        for (var i = 0; i <= before; i++)
        {
            var id = $"org-{wg}-{i}";
            await Grains.GetGrain<IOrganisationGrain>(id).Register(new Registration($"CSO {i}", OrganisationKind.Cso, "MLI", null, new byte[32]));
            organisations.Add(id);
        }
        foreach (var id in organisations.Take(before))
            Assert.True((await Grains.GetGrain<IOrganisationGrain>(id).Apply(key, Speech(id), null)).Succeeded);
        return (key, organisations[^1], [.. organisations.Take(before)]);
    }

    /// <summary>Moves the organisation's activation to a silo other than the primary (which holds the test membership).</summary>
    private async Task<SiloHandle> PlaceOnASecondarySilo(string organisation)
    {
        var grain = Grains.GetGrain<IOrganisationGrain>(organisation);
        await grain.GetView();
        if (SiloOf(grain) is { } current && fixture.Cluster.SecondarySilos.FirstOrDefault(s => s.SiloAddress.Equals(current)) is { } already)
            return already;
        var target = fixture.Cluster.SecondarySilos[0];
        await fixture.Cluster.MigrateAsync(grain, target.SiloAddress).WaitAsync(TimeSpan.FromSeconds(10));
        await grain.GetView();
        Assert.Equal(target.SiloAddress, SiloOf(grain));
        return target;
    }

    private SiloAddress? SiloOf(IOrganisationGrain grain) =>
        fixture.Cluster.TryGetGrainContext(grain.GetGrainId(), out var context) ? context.Address.SiloAddress : null;

    private TaskCompletionSource HoldApplication(string organisation, bool reachGrain) => Hold("Apply", organisation, reachGrain);

    /// <summary>
    /// Holds the organisation's call to its pre-session, before the grain (it never gets the call) or after it (it
    /// did the work but the answer never gets back), and says when the call got there.
    /// </summary>
    private TaskCompletionSource Hold(string method, string organisation, bool reachGrain)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        fixture.Faults.Set(async call =>
        {
            var target = call.Grain is IPreSessionGrain && call.MethodName == method && IsFrom(call, organisation);
            if (!target)
            {
                await call.Invoke();
                return;
            }
            if (reachGrain)
                await call.Invoke();
            reached.TrySetResult();
            await _siloDead.Task.WaitAsync(TimeSpan.FromSeconds(30));
            throw new TimeoutException("The caller's silo died before this answer got back.");
        });
        return reached;
    }

    private static bool IsFrom(IIncomingGrainCallContext call, string organisation) => call.Request.GetArgument(0) switch
    {
        Applicant applicant => applicant.OrganisationId == organisation,
        string id => id == organisation,
        _ => false,
    };

    /// <summary>Kills the silo and lets held calls go; the fixture puts a fresh silo in its place.</summary>
    private async Task Kill(SiloHandle silo)
    {
        output.WriteLine($"killing {silo.SiloAddress}");
        await fixture.KillSiloAsync(silo, whenKilled: () =>
        {
            fixture.Faults.Set(null);
            _siloDead.TrySetResult();
        });
        output.WriteLine("declared dead");
    }

    /// <summary>
    /// A call after the kill may still be routed to the dead silo's old address from a stale cache and be rejected
    /// once; a client retries, and so does the test, a bounded number of times.
    /// </summary>
    private static async Task<T> AfterFailover<T>(Func<Task<T>> call)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (Exception transient) when (transient is OrleansMessageRejectionException or TimeoutException && attempt < 10)
            {
                await Task.Delay(500);
            }
        }
    }

    private async Task<PreSessionView> PreSession(PreSessionKey key) =>
        (await Grains.GetGrain<IPreSessionGrain>(key.GrainKey).GetView())!;

    private static SpeakerApplication Speech(string speaker) => new(speaker, ["detention"]);
}
