using System.Collections.Immutable;

namespace PreSessions;

/// <summary>The operator's reads of a pre-session: every application and every RSVP, as committed.</summary>
public sealed partial class PreSessionGrain
{
    public Task<ImmutableArray<ApplicationRecord>> GetApplications()
    {
        var committed = _commit.Committed;
        return Task.FromResult<ImmutableArray<ApplicationRecord>>([.. committed.Applications.Select((a, i) =>
        {
            var answer = committed.StandingAt(i);
            return new ApplicationRecord(a.Applicant, a.Request, answer.Status, answer.Position, a.AppliedAt);
        })]);
    }

    public Task<ImmutableArray<RsvpRecord>> GetRsvps()
    {
        var committed = _commit.Committed;
        var queue = committed.Rsvps.Select((r, i) =>
        {
            var answer = committed.RsvpStandingAt(i);
            return new RsvpRecord(r.Mission.OrganisationId, r.Mission.OrganisationName, answer.Status, answer.Delegates, r.RespondedAt);
        });
        var declined = committed.DeclinedBy.Order(StringComparer.Ordinal)
            .Select(id => new RsvpRecord(id, null, RsvpStatus.Declined, 0, null));
        return Task.FromResult<ImmutableArray<RsvpRecord>>([.. queue, .. declined]);
    }
}
