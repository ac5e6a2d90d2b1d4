using PreSessions.GrainTests.Cluster;

namespace PreSessions.GrainTests.PreSessions;

/// <summary>GetApplications and GetRsvps: what the operator's pages, exports and figures read of a pre-session.</summary>
public sealed class OperatorReadsTests(OneSiloCluster fixture) : IClassFixture<OneSiloCluster>
{
    [Fact]
    public async Task Every_application_is_read_with_its_organisations_kind_answers_standing_and_time()
    {
        var s = new Scenario(fixture);
        await s.Define();
        var key = await s.Schedule("FRA", panelSize: 1);
        var cso = (await s.Register("cso", 1))[0];
        var nhri = (await s.Register("nhri", 1, OrganisationKind.Nhri))[0];
        var asked = new SpeakerApplication("Ana", ["Women's rights", "Torture"], true)
        {
            SpeakerGender = SpeakerGender.Woman,
            EcosocStatus = true,
            Scope = OrganisationScope.National,
            SubmissionUrl = "https://example.org/submission.pdf",
            RecommendationIds = ["118.25"],
            PublishStatement = true,
        };
        Assert.Equal(ApplicationStatus.Panel, (await s.Org(nhri).Apply(key, asked, "n")).Accepted().Status);
        Assert.Equal(ApplicationStatus.Waitlist, (await s.Apply(cso, key, "c")).Accepted().Status);

        var records = await s.PreSession(key).GetApplications();

        Assert.Equal([(nhri, OrganisationKind.Nhri, ApplicationStatus.Panel, 1), (cso, OrganisationKind.Cso, ApplicationStatus.Waitlist, 1)],
            records.Select(r => (r.Applicant.OrganisationId, r.Applicant.Kind!.Value, r.Status, r.Position)).ToArray());
        Assert.True(records[0].Request.SameAs(asked));
        Assert.Equal(Scenario.NameOf(cso), records[1].Applicant.OrganisationName);
        Assert.All(records, r => Assert.Equal(fixture.Clock.GetUtcNow(), r.AppliedAt));
    }

    [Fact]
    public async Task Every_rsvp_is_read_in_the_queues_order_then_the_missions_that_declined()
    {
        var s = new Scenario(fixture);
        await s.Define();
        var key = await s.Schedule("DEU", panelSize: 6, seats: 3);
        var missions = await s.Register("mission", 3, OrganisationKind.Mission);
        Assert.Equal(RsvpStatus.Confirmed, (await s.Org(missions[0]).Rsvp(key, new RsvpRequest(true, 2))).Accepted().Status);
        Assert.Equal(RsvpStatus.Waitlist, (await s.Org(missions[1]).Rsvp(key, new RsvpRequest(true, 2))).Accepted().Status);
        Assert.Equal(RsvpStatus.Declined, (await s.Org(missions[2]).Rsvp(key, new RsvpRequest(false, 1))).Accepted().Status);

        var records = await s.PreSession(key).GetRsvps();

        Assert.Equal([(missions[0], RsvpStatus.Confirmed, 2), (missions[1], RsvpStatus.Waitlist, 2), (missions[2], RsvpStatus.Declined, 0)],
            records.Select(r => (r.OrganisationId, r.Status, r.Delegates)).ToArray());
        Assert.Equal([Scenario.NameOf(missions[0]), Scenario.NameOf(missions[1]), null], records.Select(r => r.OrganisationName).ToArray());
        Assert.Equal([true, true, false], records.Select(r => r.RespondedAt.HasValue).ToArray());
    }
}
