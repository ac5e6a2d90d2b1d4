using System.Collections.Immutable;
using System.Diagnostics;

namespace PreSessions;

/// <summary>
/// One change, as the audit log keeps it: when, who (a role and an id, never a name or a token), what, to whom, and
/// the trace of the request that made it, so an operator can go from the log to every hop of that request.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record AuditEntry(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string Actor,
    [property: Id(2)] string Action,
    [property: Id(3)] string? Subject,
    [property: Id(4)] string? Detail,
    [property: Id(5)] string? TraceId);

/// <summary>
/// Who is acting, carried with every grain call of a request in Orleans' request context (set by the gateway once it
/// has authenticated the caller), so each grain can audit its own changes in the same write that makes them.
/// </summary>
public static class Audit
{
    public const string ActorKey = "presessions.actor";
    public const string TraceKey = "presessions.trace";

    /// <summary>A change no request made: a hand-off finished after a crash, say.</summary>
    public const string System = "system";

    public static string Operator => "operator";
    public static string Console(string room) => $"console:{room}";
    public static string Organisation(string organisationId) => $"organisation:{organisationId}";
    public const string Anonymous = "anonymous";

    /// <summary>Sets the caller for the grain calls that follow in this request.</summary>
    public static void Act(string actor)
    {
        RequestContext.Set(ActorKey, actor);
        if (Activity.Current is { } activity)
            RequestContext.Set(TraceKey, activity.TraceId.ToString());
    }

    public static AuditEntry Entry(DateTimeOffset at, string action, string? subject = null, string? detail = null) =>
        new(at, RequestContext.Get(ActorKey) as string ?? System, action, subject, detail,
            RequestContext.Get(TraceKey) as string ?? Activity.Current?.TraceId.ToString());
}

/// <summary>Which entries of the audit log to read: one pre-session (wg and sur), a WG session and all its pre-sessions (wg), an organisation, or a room.</summary>
[GenerateSerializer, Immutable]
public sealed record AuditQuery(
    [property: Id(0)] int? Wg = null,
    [property: Id(1)] string? Sur = null,
    [property: Id(2)] string? OrganisationId = null,
    [property: Id(3)] string? Room = null);

/// <summary>An entry as the audit log holds it: its place in the log (the cursor) and the pre-session or WG session it belongs to.</summary>
[GenerateSerializer, Immutable]
public sealed record LoggedAuditEntry(
    [property: Id(0)] long Id,
    [property: Id(1)] int? Wg,
    [property: Id(2)] string? Sur,
    [property: Id(3)] AuditEntry Entry);

/// <summary>Entries in the order they were appended; <see cref="Next"/> is the cursor of the next page, null on the last.</summary>
[GenerateSerializer, Immutable]
public sealed record AuditPage(
    [property: Id(0)] ImmutableArray<LoggedAuditEntry> Entries,
    [property: Id(1)] long? Next);

/// <summary>
/// Reads the audit log a page at a time. The log is appended by the grains whose changes it records; a reader first
/// asks those grains to flush (their <c>FlushAudit</c>), so every acknowledged change is in the page.
/// </summary>
/// <summary>
/// A grain whose state keeps its audit entries in an outbox, written with each change: a reader of the log has it append
/// them first (the gateway's list of who to ask, by what a reader asks for, is in its AuditApi).
/// </summary>
public interface IAuditedGrain : IGrain
{
    /// <summary>Appends to the audit log the entries of its stored changes still held in its state.</summary>
    Task FlushAudit();
}

public interface IAuditGrain : IGrainWithIntegerKey
{
    /// <summary>The entries after the cursor <paramref name="after"/> (0: from the start), at most <paramref name="limit"/>.</summary>
    Task<AuditPage> Read(AuditQuery query, long after, int limit);
}
