using System.Collections.Immutable;

namespace PreSessions;

/// <summary>
/// A Permanent Mission's attendance at one pre-session, as recorded at the door: how many of its delegates came.
/// <see cref="Delegates"/> 0 is an absence (an answer to a recording of 0; the ledger holds no such entry).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record MissionAttendance(
    [property: Id(0)] string OrganisationId,
    [property: Id(1)] string OrganisationName,
    [property: Id(2)] int Delegates,
    [property: Id(3)] DateTimeOffset RecordedAt);

/// <summary>
/// The ledger of which missions attended which pre-session: one grain per pre-session, keyed as the pre-session
/// ("wg/SUR"), written at the door by the room's console or the operator. It is the record the figures count.
/// </summary>
public interface IAttendanceGrain : IGrainWithStringKey, IAuditedGrain
{
    /// <summary>The most delegates one mission is recorded with: as many as it may RSVP for, and a few who came unannounced.</summary>
    public const int MaxDelegates = 20;

    /// <summary>
    /// Records that the mission attended with <paramref name="delegates"/> (0: it did not, and any earlier recording is
    /// removed). Idempotent: the same recording again changes nothing. <paramref name="consoleRoom"/> is the room of the
    /// console token, or null for the operator; a console records only the pre-sessions of its own room. Refused when
    /// there is no such pre-session (not found), no such organisation (not found), or the organisation is no Permanent
    /// Mission (invalid).
    /// </summary>
    Task<Outcome<MissionAttendance>> Record(string organisationId, int delegates, string? consoleRoom);

    /// <summary>The missions recorded as attending, by name; empty before the first recording.</summary>
    Task<ImmutableArray<MissionAttendance>> GetLedger();
}
