using PreSessions.GrainTests.Cluster;

namespace PreSessions.GrainTests.PreSessions;

/// <summary>
/// One test's world on a shared cluster: its own WG number (so tests sharing a cluster never meet), organisations
/// named after it, and the checks every test needs: the queue of a pre-session read back and proved consistent,
/// and the organisations' views compared with the pre-session's.
/// </summary>
internal sealed class Scenario(ClusterFixture fixture)
{
    private static int _lastWg = 1000;

    public static readonly DateTimeOffset StartsAt = new(2017, 12, 12, 10, 0, 0, TimeSpan.Zero);

    public int Wg { get; } = Interlocked.Increment(ref _lastWg);

    public IGrainFactory Grains => fixture.Grains;

    public IWgSessionGrain WgSession => Grains.GetGrain<IWgSessionGrain>(Wg);

    public IOrganisationGrain Org(string id) => Grains.GetGrain<IOrganisationGrain>(id);

    public IPreSessionGrain PreSession(PreSessionKey key) => Grains.GetGrain<IPreSessionGrain>(key.GrainKey);

    public static string NameOf(string organisationId) => $"Organisation {organisationId}";

    public static SpeakerApplication Speech(string organisationId) => new($"Speaker of {organisationId}", ["theme"]);

    public static PreSessionPlan Plan(int panelSize, int seats) => new(StartsAt, 60, "XXIV", panelSize, seats);

    public async Task Define(DateTimeOffset? applicationsClose = null) =>
        await WgSession.Define(new WgSessionDetails($"WG {Wg}", "Palais des Nations", false, applicationsClose));

    public async Task<PreSessionKey> Schedule(string sur, int panelSize, int seats = 100)
    {
        Assert.True((await WgSession.SchedulePreSession(sur, Plan(panelSize, seats))).Accepted());
        return new PreSessionKey(Wg, sur);
    }

    /// <summary>Changes the plan of an existing pre-session (false: it was not created by this call).</summary>
    public async Task Replan(PreSessionKey key, int panelSize, int seats = 100) =>
        Assert.False((await WgSession.SchedulePreSession(key.Sur, Plan(panelSize, seats))).Accepted());

    public async Task<string[]> Register(string prefix, int count, OrganisationKind kind = OrganisationKind.Cso)
    {
        var ids = Enumerable.Range(0, count).Select(i => $"{prefix}-{Wg}-{i}").ToArray();
        var profiles = await InFlight(32, ids.Select(id => (Func<Task<Outcome<OrganisationProfile>>>)(() =>
            Org(id).Register(new Registration(NameOf(id), kind, "FRA", null, new byte[32])))));
        Assert.All(profiles, p => Assert.True(p.Succeeded, p.Refusal?.Detail));
        return ids;
    }

    /// <summary>
    /// Starts every call at once but lets at most <paramref name="limit"/> be in flight. The fixture's response timeout
    /// is short and a storage write takes its turn in the store's single writer, so a thousand calls sent together would
    /// time out waiting in the store's queue rather than test anything; a few dozen in flight still interleave in
    /// every pre-session. Results come back in the order of <paramref name="calls"/>.
    /// </summary>
    public static async Task<T[]> InFlight<T>(int limit, IEnumerable<Func<Task<T>>> calls)
    {
        using var gate = new SemaphoreSlim(limit);
        return await Task.WhenAll(calls.Select(async call =>
        {
            await gate.WaitAsync();
            try { return await call(); }
            finally { gate.Release(); }
        }));
    }

    /// <summary>
    /// Sends a command again after each storage failure, unchanged (so with its Idempotency-Key), as a client should,
    /// a bounded number of times; answers its outcome and how many attempts failed.
    /// </summary>
    public static async Task<(T Outcome, int Failed)> UntilAcknowledged<T>(Func<Task<T>> command) where T : IOutcome
    {
        for (var failed = 0; ; failed++)
        {
            try
            {
                return (await command(), failed);
            }
            catch (StorageUnavailableException) when (failed < 20)
            {
                await Task.Delay(50);
            }
        }
    }

    public Task<Outcome<ApplicationAnswer>> Apply(string org, PreSessionKey key, string? idempotencyKey = null) =>
        Org(org).Apply(key, Speech(org), idempotencyKey);

    public async Task<PreSessionView> View(PreSessionKey key) =>
        await PreSession(key).GetView() ?? throw new Xunit.Sdk.XunitException($"No view of the pre-session {key}.");

    /// <summary>The answer an application gets at a queue index (from 0), by the rule of DOMAIN.md: panel first, then waitlist.</summary>
    public static ApplicationAnswer AnswerAt(int index, int panelSize) => index < panelSize
        ? new ApplicationAnswer(ApplicationStatus.Panel, index + 1)
        : new ApplicationAnswer(ApplicationStatus.Waitlist, index - panelSize + 1);

    /// <summary>The queue index (from 0) an answer means for a panel size.</summary>
    public static int IndexOf(ApplicationAnswer answer, int panelSize) =>
        answer.Status == ApplicationStatus.Panel ? answer.Position - 1 : panelSize + answer.Position - 1;

    /// <summary>
    /// The pre-session's queue as it stands (panel then waitlist, organisation ids in order), read through its view
    /// and each candidate's standing, after checking that they tell one story: the panel is dense from 1 and full
    /// whenever anybody waits, the waitlist positions are exactly 1..WaitlistCount, nobody appears twice, and every
    /// application the pre-session counts belongs to one of the candidates.
    /// </summary>
    public async Task<List<string>> Queue(PreSessionKey key, IEnumerable<string> candidates)
    {
        var view = await View(key);
        AssertWellFormed(view);
        var standings = await Task.WhenAll(candidates.Distinct().Select(async id => (Id: id, Standing: await PreSession(key).GetApplication(id))));
        var present = standings.Where(s => s.Standing is not null).Select(s => (s.Id, Standing: s.Standing!)).ToList();
        Assert.All(present, s => Assert.Equal((key.Wg, key.Sur), (s.Standing.Wg, s.Standing.Sur)));
        Assert.Equal(view.Panel.Length + view.WaitlistCount, present.Count);

        var panel = present.Where(s => s.Standing.Status == ApplicationStatus.Panel).OrderBy(s => s.Standing.Position).ToList();
        Assert.Equal(view.Panel.Select(p => (p.OrganisationId, p.Position)), panel.Select(s => (s.Id, s.Standing.Position)));
        Assert.All(view.Panel, p =>
        {
            Assert.Equal(NameOf(p.OrganisationId), p.OrganisationName);
            Assert.Equal(Speech(p.OrganisationId).SpeakerName, p.SpeakerName);
        });

        var waitlist = present.Where(s => s.Standing.Status == ApplicationStatus.Waitlist).OrderBy(s => s.Standing.Position).ToList();
        Assert.Equal(Enumerable.Range(1, view.WaitlistCount), waitlist.Select(s => s.Standing.Position));
        return [.. panel.Select(s => s.Id), .. waitlist.Select(s => s.Id)];
    }

    /// <summary>What any view, even one taken mid-storm, must satisfy: a dense panel, never above the panel size, full while anybody waits.</summary>
    public static void AssertWellFormed(PreSessionView view)
    {
        Assert.Equal(Enumerable.Range(1, view.Panel.Length), view.Panel.Select(p => p.Position));
        Assert.Equal(view.Panel.Length, view.Panel.Select(p => p.OrganisationId).Distinct().Count());
        Assert.InRange(view.Panel.Length, 0, view.Plan.PanelSize);
        Assert.True(view.WaitlistCount == 0 || view.Panel.Length == view.Plan.PanelSize,
            $"{view.WaitlistCount} wait while the panel has {view.Panel.Length} of {view.Plan.PanelSize} speakers.");
        Assert.InRange(view.SeatsTaken, 0, view.Plan.Seats);
    }

    /// <summary>Every organisation's own view shows exactly what the pre-session says of its application (or nothing).</summary>
    public async Task AssertOrganisationsAgree(PreSessionKey key, IEnumerable<string> orgs) =>
        await Task.WhenAll(orgs.Distinct().Select(async org =>
        {
            var truth = await PreSession(key).GetApplication(org);
            var view = await Org(org).GetView();
            Assert.NotNull(view);
            var shown = view.Applications.Where(a => a.Wg == key.Wg && a.Sur == key.Sur).ToList();
            Assert.Equal(truth is null ? Array.Empty<ApplicationStanding>() : [truth], shown);
        }));

    /// <summary>Every mission's own view shows exactly what the pre-session says of its RSVP (or nothing).</summary>
    public async Task AssertMissionsAgree(PreSessionKey key, IEnumerable<string> missions) =>
        await Task.WhenAll(missions.Distinct().Select(async mission =>
        {
            var truth = await PreSession(key).GetRsvp(mission);
            var view = await Org(mission).GetView();
            Assert.NotNull(view);
            var shown = view.Rsvps.Where(r => r.Wg == key.Wg && r.Sur == key.Sur).ToList();
            Assert.Equal(truth is null ? Array.Empty<RsvpStanding>() : [truth], shown);
        }));

    /// <summary>Reads the views over and over until <paramref name="work"/> ends (so it is bounded by the work itself).</summary>
    public async Task<List<PreSessionView>> SampleWhile(Task work, params PreSessionKey[] keys)
    {
        var samples = new List<PreSessionView>();
        do
        {
            foreach (var key in keys)
                samples.Add(await View(key));
        }
        while (!work.IsCompleted);
        return samples;
    }
}

internal static class Outcomes
{
    /// <summary>The value of an outcome that must have succeeded.</summary>
    public static T Accepted<T>(this Outcome<T> outcome)
    {
        Assert.True(outcome.Succeeded, $"Refused: {outcome.Refusal}");
        return outcome.Value!;
    }

    public static void AssertRefused<T>(this Outcome<T> outcome, RefusalKind kind)
    {
        Assert.False(outcome.Succeeded, $"Expected a {kind} refusal, got {outcome.Value}.");
        Assert.Equal(kind, outcome.Refusal!.Kind);
    }
}
