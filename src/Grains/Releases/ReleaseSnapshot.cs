using System.Collections.Immutable;

namespace PreSessions;

/// <summary>
/// How a release sees the week: every pre-session as it stands, each numbered against the previous release so that a
/// calendar client replaces an event exactly when it changed (RFC 5545 SEQUENCE), and keeps it otherwise.
/// </summary>
public static class ReleaseSnapshot
{
    public static ImmutableArray<ReleasedPreSession> Take(
        WgSessionView week, ReleaseStatus status, ImmutableHashSet<string> cancelled, ScheduleRelease? previous, DateTimeOffset now)
    {
        var before = previous?.PreSessions.ToDictionary(p => p.Sur) ?? [];
        var venueChanged = previous is not null && (previous.Venue != week.Details.Venue || previous.Title != week.Details.Title);
        var scheduled = week.PreSessions.Select(p => Revise(
            before.GetValueOrDefault(p.Key.Sur), venueChanged, now,
            new ReleasedPreSession(p.Key.Sur, p.StateName, p.Plan.StartsAt, p.Plan.EndsAt, p.Plan.Room,
                cancelled.Contains(p.Key.Sur) ? ReleasedStatus.Cancelled : Firmness(status), 0, now)));
        // A pre-session an earlier release published stays in every later one, cancelled if the week no longer holds it,
        // so a subscribed calendar learns it will not be held rather than silently losing it.
        var dropped = before.Values.Where(p => week.PreSessions.All(w => w.Key.Sur != p.Sur))
            .Select(p => Revise(p, venueChanged, now, p with { Status = ReleasedStatus.Cancelled }));
        return [.. scheduled.Concat(dropped).OrderBy(p => p.StartsAt).ThenBy(p => p.Sur, StringComparer.Ordinal)];
    }

    public static ReleasedStatus Firmness(ReleaseStatus status) =>
        status == ReleaseStatus.Confirmed ? ReleasedStatus.Confirmed : ReleasedStatus.Tentative;

    private static ReleasedPreSession Revise(ReleasedPreSession? before, bool venueChanged, DateTimeOffset now, ReleasedPreSession next)
    {
        if (before is null)
            return next with { Sequence = 0, RevisedAt = now };
        var same = !venueChanged && before.StartsAt == next.StartsAt && before.EndsAt == next.EndsAt &&
            before.Room == next.Room && before.StateName == next.StateName && before.Status == next.Status;
        return same
            ? next with { Sequence = before.Sequence, RevisedAt = before.RevisedAt }
            : next with { Sequence = before.Sequence + 1, RevisedAt = now };
    }
}
