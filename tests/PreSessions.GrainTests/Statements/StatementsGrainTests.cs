using PreSessions.GrainTests.Cluster;
using PreSessions.GrainTests.PreSessions;

namespace PreSessions.GrainTests.Statements;

/// <summary>
/// The statements grain on the cluster's fake clock: the deadline to the tick, every version kept, an identical
/// resubmission storing nothing, only panel speakers writing, and the three gates of the public read (approval, the
/// application's consent, the panel). This class moves the clock, so it has a cluster of its own; each test sets its
/// times from the clock's now, which only moves forward.
/// </summary>
public sealed class StatementsGrainTests(OneSiloCluster fixture) : IClassFixture<OneSiloCluster>
{
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    private static StatementDraft Draft(string marker) =>
        new("en", $"Assessment {marker}", $"Questions {marker}", [new StatementRecommendation($"Recommend {marker}", ["118.25"])]);

    private IStatementsGrain Statements(PreSessionKey key) => fixture.Grains.GetGrain<IStatementsGrain>(key.GrainKey);

    /// <summary>A pre-session starting in 30 days (statements due 14 days before) and organisations applied in order.</summary>
    private async Task<(Scenario S, PreSessionKey Key, string[] Orgs, DateTimeOffset Due)> Panel(int panelSize, int applicants, bool consent = true)
    {
        var s = new Scenario(fixture);
        await s.Define();
        var startsAt = fixture.Clock.GetUtcNow() + TimeSpan.FromDays(30);
        Assert.True((await s.WgSession.SchedulePreSession("FRA", new PreSessionPlan(startsAt, 60, "XXIV", panelSize, 40))).Accepted());
        var key = new PreSessionKey(s.Wg, "FRA");
        var orgs = await s.Register("cso", applicants);
        foreach (var org in orgs)
            (await s.Org(org).Apply(key, Scenario.Speech(org) with { PublishStatement = consent }, null)).Accepted();
        return (s, key, orgs, startsAt - CallWindow.StatementsLead);
    }

    private static Applicant Author(string org) => new(org, Scenario.NameOf(org));

    [Fact]
    public async Task A_statement_at_the_due_instant_is_on_time_one_tick_later_is_late_and_every_version_is_kept()
    {
        var (_, key, orgs, due) = await Panel(2, 1);
        fixture.Clock.Advance(due - fixture.Clock.GetUtcNow());
        Assert.Equal(new StatementReceipt(1, false), (await Statements(key).Submit(Author(orgs[0]), Draft("first"))).Accepted());
        fixture.Clock.Advance(Tick);
        Assert.Equal(new StatementReceipt(2, true), (await Statements(key).Submit(Author(orgs[0]), Draft("second"))).Accepted());

        var statement = await Statements(key).Get(orgs[0]);
        Assert.NotNull(statement);
        Assert.Equal([(1, false, due, "Assessment first"), (2, true, due + Tick, "Assessment second")],
            statement.Versions.Select(v => (v.Version, v.Late, v.SubmittedAt, v.Draft.Assessment)));
        Assert.Equal(Scenario.NameOf(orgs[0]), statement.Author.OrganisationName);
        Assert.Null(statement.ApprovedVersion);
        Assert.Equal(2, statement.Latest.Version);
    }

    [Fact]
    public async Task Resubmitting_the_latest_draft_stores_nothing_and_answers_the_latest_version()
    {
        var (_, key, orgs, _) = await Panel(2, 1);
        (await Statements(key).Submit(Author(orgs[0]), Draft("a"))).Accepted();
        (await Statements(key).Submit(Author(orgs[0]), Draft("b"))).Accepted();

        // A new draft object with equal content (its lists are new arrays): compared by value, not by reference.
        var again = await Statements(key).Submit(Author(orgs[0]), Draft("b") with { Recommendations = [new StatementRecommendation("Recommend b", ["118.25"])] });

        Assert.Equal(new StatementReceipt(2, false), again.Accepted());
        Assert.Equal(2, (await Statements(key).Get(orgs[0]))!.Versions.Length);
        // Going back to an older text is a new version, not a repetition.
        Assert.Equal(3, (await Statements(key).Submit(Author(orgs[0]), Draft("a"))).Accepted().Version);
    }

    [Fact]
    public async Task Only_an_organisation_on_the_panel_submits_and_a_pre_session_that_does_not_exist_has_no_statements()
    {
        var (s, key, orgs, _) = await Panel(1, 2);
        var stranger = (await s.Register("stranger", 1))[0];

        (await Statements(key).Submit(Author(orgs[1]), Draft("waitlisted"))).AssertRefused(RefusalKind.Conflict);
        (await Statements(key).Submit(Author(stranger), Draft("stranger"))).AssertRefused(RefusalKind.Conflict);
        (await Statements(new PreSessionKey(s.Wg, "DEU")).Submit(Author(orgs[0]), Draft("nowhere"))).AssertRefused(RefusalKind.NotFound);
        Assert.Null(await Statements(key).Get(orgs[1]));
        Assert.Null(await Statements(key).Get(stranger));
        Assert.Empty(await Statements(key).GetAll());

        // The speaker withdraws, the waitlisted organisation moves up and may now write.
        (await s.Org(orgs[0]).Withdraw(key, null)).Accepted();
        Assert.Equal(1, (await Statements(key).Submit(Author(orgs[1]), Draft("promoted"))).Accepted().Version);
    }

    [Fact]
    public async Task Approval_is_of_one_existing_version_and_the_one_approved_stays_public_until_a_later_one_is()
    {
        var (_, key, orgs, _) = await Panel(3, 2);
        (await Statements(key).Submit(Author(orgs[0]), Draft("v1"))).Accepted();
        (await Statements(key).Approve(orgs[1], 1)).AssertRefused(RefusalKind.NotFound);
        (await Statements(key).Approve(orgs[0], 2)).AssertRefused(RefusalKind.NotFound);
        Assert.Empty((await Statements(key).GetPublished()).Statements);

        var approvedAt = fixture.Clock.GetUtcNow();
        Assert.Equal(1, (await Statements(key).Approve(orgs[0], 1)).Accepted().Version);
        fixture.Clock.Advance(TimeSpan.FromMinutes(5));
        (await Statements(key).Submit(Author(orgs[0]), Draft("v2"))).Accepted();
        var published = await Statements(key).GetPublished();
        Assert.Equal("Assessment v1", Assert.Single(published.Statements).Version.Draft.Assessment);
        Assert.Equal(approvedAt, published.ChangedAt);

        fixture.Clock.Advance(TimeSpan.FromMinutes(5));
        (await Statements(key).Approve(orgs[0], 2)).Accepted();
        published = await Statements(key).GetPublished();
        Assert.Equal("Assessment v2", Assert.Single(published.Statements).Version.Draft.Assessment);
        Assert.Equal(fixture.Clock.GetUtcNow(), published.ChangedAt);
        Assert.Equal(new[] { "theme" }, published.Statements[0].Themes.AsEnumerable());
        Assert.Equal((2, fixture.Clock.GetUtcNow()), ((await Statements(key).Get(orgs[0]))!.ApprovedVersion, (await Statements(key).Get(orgs[0]))!.ApprovedAt));
    }

    [Fact]
    public async Task The_public_read_needs_the_consent_and_the_panel_and_keeps_the_panel_order()
    {
        var (s, key, orgs, _) = await Panel(3, 3);
        var withoutConsent = (await s.Register("quiet", 1))[0];
        (await s.Org(withoutConsent).Apply(key, Scenario.Speech(withoutConsent), null)).Accepted();   // waits; no PublishStatement
        foreach (var org in orgs.Reverse())
        {
            (await Statements(key).Submit(Author(org), Draft(org))).Accepted();
            (await Statements(key).Approve(org, 1)).Accepted();
        }
        Assert.Equal([orgs[2], orgs[1], orgs[0]], (await Statements(key).GetAll()).Select(st => st.Author.OrganisationId));
        Assert.Equal(orgs, (await Statements(key).GetPublished()).Statements.Select(p => p.Author.OrganisationId));

        // The withdrawn speaker's approved statement leaves the public read; the one promoted in its place writes and
        // is approved, but never consented to publishing.
        (await s.Org(orgs[1]).Withdraw(key, null)).Accepted();
        Assert.Equal([orgs[0], orgs[2]], (await Statements(key).GetPublished()).Statements.Select(p => p.Author.OrganisationId));
        (await Statements(key).Submit(Author(withoutConsent), Draft("quiet"))).Accepted();
        (await Statements(key).Approve(withoutConsent, 1)).Accepted();
        Assert.Equal([orgs[0], orgs[2]], (await Statements(key).GetPublished()).Statements.Select(p => p.Author.OrganisationId));
        // What was written stays for the organisation and the operator.
        Assert.NotNull(await Statements(key).Get(orgs[1]));
        Assert.Equal(4, (await Statements(key).GetAll()).Length);
    }
}
