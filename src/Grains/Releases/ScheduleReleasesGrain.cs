using System.Collections.Immutable;

namespace PreSessions;

/// <summary>
/// The published versions of one WG session's schedule. A release snapshots the week as the WG session holds it at
/// that moment; the calendar and the organisations' "what changed" follow the releases, not the working schedule, so
/// the operator can rearrange the week and publish when it is ready.
/// </summary>
public sealed class ScheduleReleasesGrain(
    [PersistentState("scheduleReleases", StorageNames.Grains)] IPersistentState<ScheduleReleasesState> storage,
    TimeProvider clock)
    : AuditedGrain<ScheduleReleasesState>(storage), IScheduleReleasesGrain
{
    private int Wg => (int)this.GetPrimaryKeyLong();

    protected override AuditSource AuditSource => new($"releases/{Wg}", Wg);

    public async Task<Outcome<ScheduleRelease>> Publish(ReleaseRequest request, string? idempotencyKey)
    {
        if (idempotencyKey is not null && State.Releases.FirstOrDefault(r => r.IdempotencyKey == idempotencyKey) is { } published)
        {
            await Durable();
            return Outcome<ScheduleRelease>.Ok(published);
        }
        if (await GrainFactory.GetGrain<IWgSessionGrain>(Wg).GetView() is not { } week)
            return Outcome<ScheduleRelease>.NotFound($"There is no WG session {Wg}.");
        if (week.PreSessions.IsEmpty)
            return Outcome<ScheduleRelease>.Conflict($"WG session {Wg} has no pre-session to publish yet.");

        var previous = State.Releases.LastOrDefault();
        var cancelled = request.Cancelled?.ToImmutableHashSet()
            ?? [.. previous?.PreSessions.Where(p => p.Status == ReleasedStatus.Cancelled).Select(p => p.Sur) ?? []];
        var unknown = cancelled.Where(sur => week.PreSessions.All(p => p.Key.Sur != sur)
            && previous?.PreSessions.Any(p => p.Sur == sur) != true).Order(StringComparer.Ordinal).ToArray();
        if (unknown.Length > 0)
            return Outcome<ScheduleRelease>.Conflict(
                $"WG session {Wg} has no pre-session for {string.Join(", ", unknown)}: only its pre-sessions can be cancelled.");

        var now = clock.GetUtcNow();
        var release = new ScheduleRelease(
            State.Releases.Count + 1, request.Status, request.Changelog, now, week.Details.Title, week.Details.Venue,
            ReleaseSnapshot.Take(week, request.Status, cancelled, previous, now), idempotencyKey);
        State = State with { Releases = State.Releases.Add(release) };
        Audited("schedule.released", subject: $"release {release.Number}",
            detail: $"{request.Status}; cancelled: {(cancelled.IsEmpty ? "none" : string.Join(", ", cancelled.Order(StringComparer.Ordinal)))}", at: now);
        await Commit();
        return Outcome<ScheduleRelease>.Ok(release);
    }

    public Task<ImmutableArray<ScheduleRelease>> GetReleases() => Task.FromResult(Committed.Releases.ToImmutableArray());
}
