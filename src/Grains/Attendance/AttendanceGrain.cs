using System.Collections.Immutable;

namespace PreSessions;

/// <summary>
/// The ledger of one pre-session's attendance: which Permanent Missions came, with how many delegates. A grain of its
/// own, not part of the pre-session's state, because it is written at the door while the pre-session's record is busy
/// with its panel and RSVPs, and because the figures read it long after: it stays small and is rewritten only by its
/// own recordings. It does not interleave: a recording reads its pre-session (the room) and the mission (its kind and
/// name), then decides and changes the state, and nothing else runs in between.
/// </summary>
public sealed class AttendanceGrain(
    [PersistentState("attendance", StorageNames.Grains)] IPersistentState<AttendanceState> storage,
    TimeProvider clock) : AuditedGrain<AttendanceState>(storage), IAttendanceGrain
{
    private PreSessionKey Key => PreSessionKey.Parse(this.GetPrimaryKeyString());

    protected override AuditSource AuditSource => new($"attendance/{Key}", Key.Wg, Key.Sur);

    public async Task<Outcome<MissionAttendance>> Record(string organisationId, int delegates, string? consoleRoom)
    {
        if (delegates is < 0 or > IAttendanceGrain.MaxDelegates)
            return Outcome<MissionAttendance>.Invalid($"A mission attends with 0 to {IAttendanceGrain.MaxDelegates} delegates.");
        if (await GrainFactory.GetGrain<IPreSessionGrain>(Key.GrainKey).GetView() is not { } preSession)
            return Outcome<MissionAttendance>.NotFound($"There is no pre-session {Key}.");
        // The room is checked before the mission is looked up, so a console elsewhere learns nothing about organisations.
        if (consoleRoom is not null && consoleRoom != preSession.Plan.Room)
            return Outcome<MissionAttendance>.Forbidden(
                $"This console is for the room \"{consoleRoom}\"; the pre-session {Key} is in another room.");
        if (await GrainFactory.GetGrain<IOrganisationGrain>(organisationId).GetProfile() is not { } mission)
            return Outcome<MissionAttendance>.NotFound($"There is no organisation {organisationId}.");
        if (!mission.IsMission)
            return Outcome<MissionAttendance>.Invalid(
                $"The organisation {organisationId} is not a Permanent Mission: only missions are recorded as attending.");

        var now = clock.GetUtcNow();
        var current = State.Missions.GetValueOrDefault(organisationId);
        if (current?.Delegates == delegates || (current is null && delegates == 0))
        {
            await Durable();
            return Outcome<MissionAttendance>.Replay(current ?? new MissionAttendance(organisationId, mission.Name, 0, now));
        }
        var recorded = new MissionAttendance(organisationId, mission.Name, delegates, now);
        State = State with
        {
            Missions = delegates == 0 ? State.Missions.Remove(organisationId) : State.Missions.SetItem(organisationId, recorded),
        };
        Audited(delegates == 0 ? "attendance.removed" : "attendance.recorded", organisationId, $"{delegates} delegate(s)", at: now);
        await Commit();
        return Outcome<MissionAttendance>.Ok(recorded);
    }

    public Task<ImmutableArray<MissionAttendance>> GetLedger() => Task.FromResult(Committed.Missions.Values
        .OrderBy(m => m.OrganisationName, StringComparer.InvariantCultureIgnoreCase)
        .ThenBy(m => m.OrganisationId, StringComparer.Ordinal)
        .ToImmutableArray());

}

/// <summary>The ledger's durable state: the missions recorded as attending, keyed by organisation id.</summary>
[GenerateSerializer, Immutable]
public sealed record AttendanceState : IAuditedState<AttendanceState>
{
    [Id(0)] public ImmutableDictionary<string, MissionAttendance> Missions { get; init; } = ImmutableDictionary<string, MissionAttendance>.Empty;
    /// <summary>The outbox: entries of this record's stored changes, written with them, that the audit log may not hold yet (see <see cref="AuditOutbox"/>).</summary>
    [Id(1)] public ImmutableList<AuditEntry> AuditLog { get; init; } = [];
    /// <summary>How many of this record's audit entries the audit log held when this state was written: the number of the outbox's first.</summary>
    [Id(20)] public long AuditAppended { get; init; }

    public AttendanceState WithOutbox(ImmutableList<AuditEntry> outbox, long appended) => this with { AuditLog = outbox, AuditAppended = appended };
}
