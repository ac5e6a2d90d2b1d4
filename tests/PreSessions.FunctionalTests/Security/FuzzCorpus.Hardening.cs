namespace PreSessions.FunctionalTests.Security;

/// <summary>
/// Issue 16's cases in the corpus: instants at the edges of the representable range and offsets that push past them,
/// sums (a start and a duration) past the accepted range, room names a path cannot carry (in bodies, paths and the
/// audit query), names that spoof (organisations' and speakers'), and timer keys reused for another command. Each is
/// refused, and the fuzz test's before/after snapshot shows it stored nothing.
/// </summary>
public sealed partial class FuzzCorpus
{
    private const int Conflict = 409;

    /// <summary>The Idempotency-Keys the scene's console started and extended the timer with.</summary>
    public const string StartKey = "fuzz-timer-start", ExtendKey = "fuzz-timer-extend";

    private static readonly (string StartsAt, int Minutes)[] EdgePlans =
    [
        ("9999-12-31T23:59:00+00:00", 240), ("9999-12-31T23:59:59.9999999Z", 15), ("9999-12-31T23:30:00-01:00", 60),
        ("9999-12-31T23:59:59-14:00", 60), ("0001-01-01T00:00:00Z", 60), ("0001-01-01T00:30:00+01:00", 60),
        ("0001-01-01T13:59:59+14:00", 60), ("1999-12-31T23:59:59Z", 60), ("2000-01-01T00:59:59+01:00", 60),
        ("2100-01-01T00:00:00Z", 60), ("2099-12-31T23:00:00-05:00", 60), ("2099-12-31T23:00:00Z", 240), ("2099-12-31T23:59:59Z", 15),
        ("1970-01-01T00:00:00Z", 60), ("2038-01-19T03:14:08Z", 241),
    ];

    private static readonly string[] EdgeInstants =
    [
        "9999-12-31T23:59:59+00:00", "9999-12-31T23:59:59-00:01", "9999-12-31T23:59:59.9999999Z", "0001-01-01T00:00:00+00:01",
        "0001-01-01T00:00:00Z", "1999-12-31T23:59:59.9999999Z", "2100-01-01T00:00:00Z", "2099-12-31T23:59:59-00:01",
    ];

    private static readonly string[] PathHostileRooms =
    [
        "Salle A/B", "Salle A\\B", "Salle 50%", "Salle A%2FB", "Room?", "Room#1", "Room;1", "Room:1", "Room+1", "Room=1", "Room@1",
        "Room\"1\"", "Room<1>", "Room|1", "Room`1", "..", ".", "Room\u202e", "Room\u200bA", "Room\u00a0A", "Room\u2028A", "Room 🙂",
    ];

    /// <summary>The same classes as a client escapes them in a path (NUL aside: it never reaches the gateway).</summary>
    private static readonly string[] PathHostileRoomSegments =
    [
        "Salle%20A%2FB", "Salle%20A%5CB", "Salle%2050%25", "Room%3F", "Room%231", "Room%3B1", "Room%3A1", "Room%2B1", "Room%01",
        "%E2%80%AERoom", "Room%E2%80%8BA", "Room%C2%A0A", "Salle%20Ce%CC%81sar", "Room%20%F0%9F%99%82",
    ];

    private static readonly string[] SpoofingNames =
    [
        "\u202eevil corp", "Rights\u200bWatch", "Rights\u200dWatch", "\u2060Rights", "\ufeffRights", "Rights\u00adWatch", "\u200b\u200b\u200b",
        "\u3164", "\u115f\u1160", "\u2800", "...", "x\u0301\u0301\u0301", "Z" + string.Concat(Enumerable.Repeat("\u0336", 150)),
        "Rights\u2028Watch", "Rights\ue000Watch",
    ];

    private void InputHardening()
    {
        var s = scene;
        var op = Bearer(s.OperatorToken);
        string Plan(string startsAt, int minutes, string room) =>
            Object([("startsAt", Str(startsAt)), ("durationMinutes", minutes.ToString()), ("room", Str(room)), ("panelSize", "5"), ("seats", "20")]);

        foreach (var (startsAt, minutes) in EdgePlans)
            Add("pre-session.put", "instant-range", "PUT", s.PreSession, Utf8(Plan(startsAt, minutes, s.Room)), "application/json", op, [Bad],
                minutes > 240 ? null : "startsAt");
        foreach (var instant in EdgeInstants)
            Add("wg-session.put", "instant-range", "PUT", $"/api/wg-sessions/{s.Wg}",
                Utf8(Object([("title", Str("Fuzzed week")), ("venue", Str("Palais des Nations, Geneva")), ("provisional", "true"), ("applicationsClose", Str(instant))])),
                "application/json", op, [Bad], "applicationsClose");

        foreach (var room in PathHostileRooms)
            Add("pre-session.put", "room-name", "PUT", s.PreSession, Utf8(Plan("2017-12-13T10:00:00+01:00", 90, room)), "application/json", op, [Bad], "room");
        foreach (var r in Routes().Where(r => r.Template.Contains("{room}")))
            foreach (var segment in PathHostileRoomSegments)
                Path(r, "room", segment, [Bad], "room", mutation: "room-name");
        foreach (var segment in PathHostileRoomSegments)
            Add("audit", "room-name", "GET", $"/api/audit?room={segment}", null, null, op, [Bad], "room");

        foreach (var name in SpoofingNames)
        {
            Add("register", "spoofing-name", "POST", "/api/organisations", Utf8(Object([("name", Str(name)), ("kind", Str("cso"))])),
                "application/json", null, [Bad], "name");
            Add("applications.post", "spoofing-name", "POST", $"{s.PreSession}/applications",
                Utf8(Object([("speakerName", Str(name)), ("themes", "[]"), ("publishSpeakerName", "true")])), "application/json", Bearer(s.CsoD.Token), [Bad], "speakerName");
        }

        // The operator's list, which shows the flags: hostile queries name their field; other callers are refused.
        foreach (var (query, field) in new[]
        {
            ("cursor=not-a-cursor", "cursor"), ("cursor=" + Long(5000, 'A'), "cursor"), ("cursor=..%2F..%2Fetc", "cursor"),
            ("cursor=b3JnLWFhYWFhYWFhYWFhYWFhYWE", "cursor"), ("limit=0", "limit"), ("limit=-1", "limit"), ("limit=1e2", "limit"),
            ("limit=99999999999", "limit"), ("search=a%01b", "search"), ("search=%0A", "search"), ("search=" + Long(201, 's'), "search"),
        })
            Add("organisations.list", "query", "GET", $"/api/organisations?{query}", null, null, op, [Bad], field);
        foreach (var (token, status) in new[] { ((string?)null, Unauthorized), (Bearer(s.CsoA.Token), Forbidden), (Bearer(s.ConsoleToken), Forbidden) })
            Add("organisations.list", "wrong-role", "GET", "/api/organisations?search=Fuzz", null, null, token, [status]);

        // A key the console used for one command, sent again with another (by the console or the operator): 409, nothing
        // applied. The same command with its own key is a replay: 200 and nothing applied again.
        var timer = $"{s.PreSession}/timer";
        foreach (var token in new[] { Bearer(s.ConsoleToken), op })
        {
            foreach (var command in new[] { "pause", "next", "previous", "end", "resume" })
            {
                Add("timer.command", "reused-key", "POST", $"{timer}/{command}", null, null, token, [Conflict], headers: [new("Idempotency-Key", StartKey)]);
                Add("timer.command", "reused-key", "POST", $"{timer}/{command}", null, null, token, [Conflict], headers: [new("Idempotency-Key", ExtendKey)]);
            }
            foreach (var seconds in new[] { 30, -60, 61 })
                Add("timer.extend", "reused-key", "POST", $"{timer}/extend", Utf8($"{{\"seconds\":{seconds}}}"), "application/json", token, [Conflict],
                    headers: [new("Idempotency-Key", ExtendKey)]);
            Add("timer.extend", "reused-key", "POST", $"{timer}/extend", Utf8("{\"seconds\":60}"), "application/json", token, [Conflict],
                headers: [new("Idempotency-Key", StartKey)]);
            Add("timer.command", "replayed-key", "POST", $"{timer}/start", null, null, token, [200], headers: [new("Idempotency-Key", StartKey)]);
            Add("timer.extend", "replayed-key", "POST", $"{timer}/extend", Utf8("{\"seconds\":60}"), "application/json", token, [200],
                headers: [new("Idempotency-Key", ExtendKey)]);
        }
    }
}
