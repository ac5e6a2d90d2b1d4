using System.Collections.Immutable;

namespace PreSessions.Gateway.Pages;

public enum ScheduleChangeKind { Moved, RoomChanged, Cancelled, Reinstated }

/// <summary>One thing a release changed about a pre-session, against the release before it.</summary>
public sealed record ScheduleChange(int Release, DateTimeOffset PublishedAt, ScheduleChangeKind Kind, ReleasedPreSession Before, ReleasedPreSession After);

/// <summary>What the releases changed about one pre-session an organisation applied or RSVPed to, the latest first.</summary>
public sealed record PreSessionChanges(int Wg, string Sur, ImmutableArray<ScheduleChange> Changes);

/// <summary>
/// What changed for an organisation: between consecutive releases of each week it is engaged in, its pre-sessions'
/// moves, room changes, cancellations and reinstatements. Only published releases count, as in the calendar.
/// </summary>
public static class ScheduleChanges
{
    public static async Task<ImmutableArray<PreSessionChanges>> ForAsync(IGrainFactory grains, OrganisationView organisation)
    {
        var engaged = organisation.Applications.Select(a => (a.Wg, a.Sur))
            .Concat(organisation.Rsvps.Select(r => (r.Wg, r.Sur))).Distinct().ToArray();
        var weeks = await Task.WhenAll(engaged.Select(e => e.Wg).Distinct()
            .Select(async wg => (Wg: wg, Releases: await grains.GetGrain<IScheduleReleasesGrain>(wg).GetReleases())));
        var releases = weeks.ToDictionary(w => w.Wg, w => w.Releases);
        return [.. engaged
            .Select(e => new PreSessionChanges(e.Wg, e.Sur, [.. Of(releases[e.Wg], e.Sur).Reverse()]))
            .Where(c => !c.Changes.IsEmpty)
            .OrderBy(c => c.Wg).ThenBy(c => c.Sur, StringComparer.Ordinal)];
    }

    /// <summary>The changes of one pre-session, release after release; its first publication is no change.</summary>
    public static IEnumerable<ScheduleChange> Of(IEnumerable<ScheduleRelease> releases, string sur)
    {
        ReleasedPreSession? before = null;
        foreach (var release in releases)
        {
            if (release.PreSessions.FirstOrDefault(p => p.Sur == sur) is not { } after)
                continue;
            if (before is not null)
            {
                ScheduleChange Change(ScheduleChangeKind kind) => new(release.Number, release.PublishedAt, kind, before, after);
                var wasCancelled = before.Status == ReleasedStatus.Cancelled;
                var isCancelled = after.Status == ReleasedStatus.Cancelled;
                if (isCancelled && !wasCancelled)
                    yield return Change(ScheduleChangeKind.Cancelled);
                if (wasCancelled && !isCancelled)
                    yield return Change(ScheduleChangeKind.Reinstated);
                if (before.StartsAt != after.StartsAt || before.EndsAt != after.EndsAt)
                    yield return Change(ScheduleChangeKind.Moved);
                if (before.Room != after.Room)
                    yield return Change(ScheduleChangeKind.RoomChanged);
            }
            before = after;
        }
    }
}
