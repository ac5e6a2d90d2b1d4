using PreSessions.Benchmarks.Load;

namespace PreSessions.Benchmarks.Scenarios;

/// <summary>What the checks after a scenario found: whether it is right, and a line that says what was checked or what is wrong.</summary>
public sealed record Verdict(bool Verified, string Summary, int PreSessions, int Replays);

/// <summary>
/// The checks after a scenario, the same for every system, through the HTTP contract only: for each pre-session,
/// every application answered 201 is stored and nothing else is (panel + waitlist = the 201s, and every organisation
/// on the panel was answered 201), nobody is twice on the panel, the positions answered are dense and each given once
/// (panel 1..P, waitlist 1..W), and a sample of the 201s sent again with the same Idempotency-Key answers the same
/// standing (a retry after a lost answer must not apply twice, nor answer anything but what is stored).
/// </summary>
public static class Verification
{
    /// <summary>Replays per pre-session: enough to catch a system that applies a retry again, few enough to cost nothing.</summary>
    private const int ReplaysPerPreSession = 8;

    public static async Task<Verdict> CheckAsync(LoadGenerator load, PhaseLoad phase, int panelSize, CancellationToken cancel)
    {
        var problems = new List<string>();
        var preSessions = 0;
        var replays = 0;
        var sent = phase.Attempts.Select((attempt, i) => (Attempt: attempt, Organisation: phase.OrganisationOf[i], Sur: phase.PreSessionOf[i]));
        foreach (var group in sent.GroupBy(s => s.Sur))
        {
            var sur = group.Key;
            var acknowledged = group.Where(s => s.Attempt.StatusCode == 201).ToArray();
            var standing = await load.GetPreSessionAsync(sur, cancel);
            var stored = standing.Panel.Length + standing.WaitlistCount;
            if (stored != acknowledged.Length)
                problems.Add($"{sur}: {stored} stored (panel {standing.Panel.Length} + waitlist {standing.WaitlistCount}) but {acknowledged.Length} answered 201");
            var acknowledgedIds = acknowledged.Select(s => s.Organisation.Id).ToHashSet();
            if (standing.Panel.FirstOrDefault(s => !acknowledgedIds.Contains(s.OrganisationId)) is { } stranger)
                problems.Add($"{sur}: {stranger.OrganisationId} is on the panel but was never answered 201");
            if (standing.Panel.Select(s => s.OrganisationId).Distinct().Count() != standing.Panel.Length)
                problems.Add($"{sur}: an organisation is twice on the panel");

            var panel = acknowledged.Where(s => s.Attempt.Status == "panel").Select(s => s.Attempt.Position).Order().ToArray();
            var waitlist = acknowledged.Where(s => s.Attempt.Status == "waitlist").Select(s => s.Attempt.Position).Order().ToArray();
            var panelExpected = Math.Min(acknowledged.Length, panelSize);
            if (!panel.SequenceEqual(Enumerable.Range(1, panelExpected)))
                problems.Add($"{sur}: panel answers are not positions 1..{panelExpected} each once");
            if (!waitlist.SequenceEqual(Enumerable.Range(1, acknowledged.Length - panelExpected)))
                problems.Add($"{sur}: waitlist answers are not positions 1..{acknowledged.Length - panelExpected} each once");

            // Spread over the phase (first, last and between), so that early panel and late waitlist answers are both replayed.
            var step = Math.Max(1, acknowledged.Length / ReplaysPerPreSession);
            for (var i = 0; i < acknowledged.Length; i += step)
            {
                var (first, organisation, _) = acknowledged[i];
                var again = await load.ReplayAsync(organisation, sur, cancel);
                replays++;
                if (again.StatusCode != 201 || again.Status != first.Status || again.Position != first.Position)
                    problems.Add($"{sur}: {organisation.Id} replayed answers {again.StatusCode} {again.Status} {again.Position}, not 201 {first.Status} {first.Position}");
            }
            var afterReplays = await load.GetPreSessionAsync(sur, cancel);
            if (afterReplays.Panel.Length + afterReplays.WaitlistCount != stored)
                problems.Add($"{sur}: the replays changed what is stored ({stored} before, {afterReplays.Panel.Length + afterReplays.WaitlistCount} after)");
            preSessions++;
        }
        return problems.Count == 0
            ? new Verdict(true, preSessions == 1 ? $"yes ({replays} replays)" : $"yes ({preSessions} pre-sessions, {replays} replays)", preSessions, replays)
            : new Verdict(false, string.Join("; ", problems.Take(5)), preSessions, replays);
    }
}
