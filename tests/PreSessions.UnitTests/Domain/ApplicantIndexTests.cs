using System.Collections.Immutable;

namespace PreSessions.UnitTests.Domain;

/// <summary>
/// A pre-session finds an organisation's application by a look-up kept with its queue, not by walking the queue. The
/// look-up must answer exactly what a walk answers, whichever way the queue was made: appended by the record, cut by a
/// withdrawal, or put in place from outside (read from storage, a selection).
/// </summary>
public sealed class ApplicantIndexTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);

    private static Application Applying(string organisationId) => new(
        new Applicant(organisationId, $"CSO {organisationId}", Kind: null), new SpeakerApplication("Ana", ["Women's rights"], true),
        $"key-{organisationId}", new ApplicationAnswer(ApplicationStatus.Pending, 0), Now);

    private static void AgreesWithAWalk(PreSessionState state, IEnumerable<string> asked)
    {
        foreach (var organisationId in asked)
        {
            var walked = state.Applications.FindIndex(a => a.Applicant.OrganisationId == organisationId);
            Assert.Equal(walked, state.IndexOfApplication(organisationId));
            Assert.Same(walked < 0 ? null : state.Applications[walked], state.ApplicationOf(organisationId));
        }
    }

    [Fact]
    public void Appends_withdrawals_and_queues_set_from_outside_answer_as_a_walk_does()
    {
        var random = new Random(20261202);
        var organisations = Enumerable.Range(0, 60).Select(i => $"org-{i:D3}").ToArray();
        var state = new PreSessionState();
        for (var step = 0; step < 600; step++)
        {
            var organisationId = organisations[random.Next(organisations.Length)];
            var index = state.IndexOfApplication(organisationId);
            switch (random.Next(10))
            {
                case < 6 when index < 0:
                    state = state.WithApplication(Applying(organisationId));
                    break;
                case < 9 when index >= 0:
                    state = state.Withdrawn(index, withdrawalKey: null, Now);
                    break;
                default:
                    // A queue the record did not build itself, as storage reads it back or a selection reorders it.
                    state = state with { Applications = [.. state.Applications.Reverse()] };
                    break;
            }
            AgreesWithAWalk(state, organisations);
        }
        Assert.InRange(state.Applications.Count, 1, organisations.Length);
    }

    [Fact]
    public void An_earlier_state_keeps_its_own_answers_after_a_later_one_changed()
    {
        var before = new PreSessionState().WithApplication(Applying("org-a")).WithApplication(Applying("org-b"));
        var after = before.Withdrawn(0, withdrawalKey: null, Now).WithApplication(Applying("org-c"));

        Assert.Equal((0, 1, -1), (before.IndexOfApplication("org-a"), before.IndexOfApplication("org-b"), before.IndexOfApplication("org-c")));
        Assert.Equal((-1, 0, 1), (after.IndexOfApplication("org-a"), after.IndexOfApplication("org-b"), after.IndexOfApplication("org-c")));
    }

    [Fact]
    public void A_queue_read_with_the_same_organisation_twice_answers_its_first_place()
    {
        var first = Applying("org-a");
        var state = new PreSessionState { Applications = ImmutableList.Create(first, Applying("org-b"), first with { IdempotencyKey = "again" }) };

        Assert.Equal(0, state.IndexOfApplication("org-a"));
        Assert.Same(first, state.ApplicationOf("org-a"));
    }
}
