using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace PreSessions.FunctionalTests.Security;

/// <summary>The matrix's rows: every endpoint, and what each caller must get from it (README "Who may do what").</summary>
public sealed partial class AuthorizationMatrixTests
{
    private static string Everyone(int status) => string.Join(' ', Enumerable.Repeat(status, Callers.Length));

    private static string OperatorOnly(int status) => $"401 401 401 401 401 | 403 403 403 403 403 403 | 403 403 | {status}";

    private static string Timekeepers(int status) => $"401 401 401 401 401 | 403 403 403 403 403 403 | {status} 403 | {status}";

    private static JsonContent Json(object body) => JsonContent.Create(body);

    private static readonly object Application = new { speakerName = "Matrix Speaker", themes = new[] { "Civic space" }, publishSpeakerName = true };

    private static Row TimerCommand(string command, string[] before, object? body = null) =>
        new("POST", "/api/wg-sessions/{wg}/pre-sessions/{sur}/timer/{command}", Timekeepers(200))
        {
            With = new Dictionary<string, string> { ["command"] = command },
            Body = body is null ? null : _ => Json(body),
            Arrange = async s =>
            {
                foreach (var step in before)
                    await Must(s.Operator.PostAsync($"{s.Timer}/{step}", null), HttpStatusCode.OK);
            },
            Changes = true,
        };

    private static Row Export(string kind) =>
        new("GET", "/api/wg-sessions/{wg}/exports/{kind}.csv", OperatorOnly(200)) { With = new Dictionary<string, string> { ["kind"] = kind } };

    private static Row Page(string page) =>
        new("GET", "/rooms/{room}/" + page, Everyone(200)) { Described = false };

    private static readonly object Rundown = new
    {
        items = new object[]
        {
            new { kind = "opening", title = "Opening by the State", allottedSeconds = 300 },
            new { kind = "qa", title = "Questions", allottedSeconds = 600 },
            new { kind = "closing", title = "Closing", allottedSeconds = 120 },
        },
    };

    public static readonly Row[] Matrix =
    [
        //                                                                   anon bad pso psc rev | cso cso' nhri nhri' mis mis' | con con' | op
        // Organisations
        new("POST", "/api/organisations", Everyone(201))
        {
            Body = _ => Json(new { name = "Matrix registration", kind = "cso" }),
        },
        new("GET", "/api/organisations", OperatorOnly(200)) { Query = "?search=&cursor=" },
        new("GET", "/api/organisations/{organisationId}",                    "401 401 401 401 401 | 200 403 200 403 200 403 | 403 403 | 200")
        {
            Subject = SubjectKind.Cso,
        },
        new("POST", "/api/organisations/{organisationId}/token", OperatorOnly(200)) { Subject = SubjectKind.Cso, Changes = true },
        new("DELETE", "/api/organisations/{organisationId}/token", OperatorOnly(204)) { Subject = SubjectKind.Cso, Changes = true },

        // WG sessions and pre-sessions
        new("GET", "/api/wg-sessions", Everyone(200)),
        new("PUT", "/api/wg-sessions/{wg}", OperatorOnly(200))
        {
            Body = _ => Json(new { title = "Renamed by the matrix", venue = "Palais des Nations, Geneva", provisional = false }),
            Changes = true,
        },
        new("GET", "/api/wg-sessions/{wg}", Everyone(200)),
        new("GET", "/api/wg-sessions/{wg}/schedule.ics", Everyone(200)),
        new("PUT", "/api/wg-sessions/{wg}/pre-sessions/{sur}", OperatorOnly(200))
        {
            Body = s => Json(new { startsAt = "2017-12-12T11:00:00+01:00", durationMinutes = 90, room = s.Room, panelSize = 5, seats = 41 }),
            Changes = true,
        },
        new("GET", "/api/wg-sessions/{wg}/pre-sessions/{sur}", Everyone(200)),
        new("GET", "/api/states/{sur}", Everyone(200)),

        // Applications to speak and RSVPs
        new("POST", "/api/wg-sessions/{wg}/pre-sessions/{sur}/applications", "401 401 401 401 401 | 201 201 201 201 403 403 | 403 403 | 403")
        {
            Body = _ => Json(Application),
            Changes = true,
        },
        // A mission withdrawing "its own" application passes the ownership check and finds none: 404.
        new("DELETE", "/api/wg-sessions/{wg}/pre-sessions/{sur}/applications/{organisationId}",
                                                                             "401 401 401 401 401 | 204 403 204 403 404 403 | 403 403 | 204")
        {
            Subject = SubjectKind.Cso,
            Arrange = async s =>
            {
                if (s.Subject!.Kind != "mission")
                    await Must(s.Gateway.Client(s.Subject.Token).ApplyAsync(s.Wg, s.Sur, Application), HttpStatusCode.Created);
            },
            Changes = true,
        },
        // A CSO or NHRI "RSVPing for itself" passes the ownership check; only missions RSVP: 403.
        new("PUT", "/api/wg-sessions/{wg}/pre-sessions/{sur}/rsvps/{organisationId}",
                                                                             "401 401 401 401 401 | 403 403 403 403 200 403 | 403 403 | 403")
        {
            Subject = SubjectKind.Mission,
            Body = _ => Json(new { attending = true, delegates = 2 }),
            Changes = true,
        },

        // The live timer and the rundown
        new("GET", "/api/wg-sessions/{wg}/pre-sessions/{sur}/timer", Everyone(200)),
        new("GET", "/api/wg-sessions/{wg}/pre-sessions/{sur}/timer/events", Everyone(200)) { Stream = true },
        TimerCommand("start", []),
        TimerCommand("pause", ["start"]),
        TimerCommand("resume", ["start", "pause"]),
        TimerCommand("next", ["start"]),
        TimerCommand("previous", ["start", "next"]),
        TimerCommand("extend", ["start"], new { seconds = 60 }),
        TimerCommand("end", ["start"]),
        new("PUT", "/api/wg-sessions/{wg}/pre-sessions/{sur}/timer/message", Timekeepers(200))
        {
            Body = _ => Json(new { text = "Please conclude" }),
            Changes = true,
        },
        new("DELETE", "/api/wg-sessions/{wg}/pre-sessions/{sur}/timer/message", Timekeepers(200))
        {
            Arrange = s => Must(s.Operator.PutAsJsonAsync($"{s.Timer}/message", new { text = "Please conclude" }), HttpStatusCode.OK),
            Changes = true,
        },
        new("GET", "/api/wg-sessions/{wg}/pre-sessions/{sur}/rundown", Everyone(200)),
        new("PUT", "/api/wg-sessions/{wg}/pre-sessions/{sur}/rundown", OperatorOnly(200))
        {
            Body = _ => Json(Rundown),
            Changes = true,
        },
        new("DELETE", "/api/wg-sessions/{wg}/pre-sessions/{sur}/rundown", OperatorOnly(200))
        {
            Arrange = s => Must(s.Operator.PutAsJsonAsync($"{s.PreSession}/rundown", Rundown), HttpStatusCode.OK),
            Changes = true,
        },
        new("GET", "/api/wg-sessions/{wg}/pre-sessions/{sur}/time-report", Timekeepers(200)),
        new("GET", "/api/wg-sessions/{wg}/pre-sessions/{sur}/time-report.csv", OperatorOnly(200)),
        new("GET", "/api/wg-sessions/{wg}/time-report", OperatorOnly(200)),

        // Attendance at the door (a mission's own token records nothing: the room's console or the operator does)
        new("PUT", "/api/wg-sessions/{wg}/pre-sessions/{sur}/attendance/{organisationId}", Timekeepers(200))
        {
            Subject = SubjectKind.Mission,
            Body = _ => Json(new { delegates = 2 }),
            Changes = true,
        },
        new("GET", "/api/wg-sessions/{wg}/pre-sessions/{sur}/attendance", Timekeepers(200)),

        // Figures (published)
        new("GET", "/api/wg-sessions/{wg}/statistics", Everyone(200)),
        new("GET", "/api/statistics", Everyone(200)),

        // Exports
        Export("applications"),
        Export("panels"),
        Export("waitlists"),
        Export("rsvps"),
        Export("attendance"),

        // Rooms, their consoles' tokens, their live feed and pages
        new("GET", "/api/rooms/{room}", Everyone(200)),
        new("GET", "/api/rooms/{room}/events", Everyone(200)) { Stream = true },
        new("POST", "/api/rooms/{room}/console-tokens", OperatorOnly(201)) { Changes = true },
        new("GET", "/api/rooms/{room}/console-tokens", OperatorOnly(200)),
        new("DELETE", "/api/rooms/{room}/console-tokens/{tokenId}", OperatorOnly(204))
        {
            Arrange = async s =>
            {
                using var issued = await s.Operator.PostAsync(s.ConsoleTokens, null);
                s.TokenId = (await issued.JsonAsync(HttpStatusCode.Created)).Str("id");
            },
            Changes = true,
        },
        Page("console"),
        Page("speaker"),
        Page("audience"),
        new("GET", "/rooms/assets/{file}", Everyone(200)) { With = new Dictionary<string, string> { ["file"] = "rooms.css" }, Described = false },

        // Schedule releases: the operator publishes, anyone reads (README "Schedule releases")
        new("POST", "/api/wg-sessions/{wg}/releases", OperatorOnly(201))
        {
            Body = _ => Json(new { status = "provisional", changelog = "Published by the matrix" }),
            Changes = true,
        },
        new("GET", "/api/wg-sessions/{wg}/releases", Everyone(200)),
        new("GET", "/api/wg-sessions/{wg}/releases/{number}", Everyone(200))
        {
            With = new Dictionary<string, string> { ["number"] = "1" },
            Arrange = s => Must(s.Operator.PostAsJsonAsync($"/api/wg-sessions/{s.Wg}/releases",
                new { status = "provisional", changelog = "Published by the matrix" }), HttpStatusCode.Created),
        },

        // Previous-cycle recommendations: the operator imports CSV, anyone reads (README "Previous-cycle recommendations")
        new("PUT", "/api/wg-sessions/{wg}/pre-sessions/{sur}/recommendations", OperatorOnly(200))
        {
            Body = _ => new StringContent("id,text,recommendingState,response,theme\n118.25,Ratify the Protocol,DEU,supported,\n",
                Encoding.UTF8, "text/csv"),
            Changes = true,
        },
        new("GET", "/api/wg-sessions/{wg}/pre-sessions/{sur}/recommendations", Everyone(200)),

        // Statements (README "Statements"): the organisation on the panel writes its own, the operator approves, anyone
        // else reads only a published one (the subject's application here does not consent, so theirs is a 404).
        // A mission "writing its own" passes the ownership check and is on no panel: 409.
        new("PUT", "/api/wg-sessions/{wg}/pre-sessions/{sur}/applications/{organisationId}/statement",
                                                                             "401 401 401 401 401 | 200 403 200 403 409 403 | 403 403 | 403")
        {
            Subject = SubjectKind.Cso,
            Arrange = SpeakerApplied,
            Body = _ => Json(Statement),
            Changes = true,
        },
        new("GET", "/api/wg-sessions/{wg}/pre-sessions/{sur}/applications/{organisationId}/statement",
                                                                             "404 404 404 404 404 | 200 404 200 404 404 404 | 404 404 | 200")
        {
            Subject = SubjectKind.Cso,
            Arrange = StatementSubmitted,
        },
        new("POST", "/api/wg-sessions/{wg}/pre-sessions/{sur}/applications/{organisationId}/statement/approval", OperatorOnly(200))
        {
            Subject = SubjectKind.Cso,
            Arrange = StatementSubmitted,
            Body = _ => Json(new { version = 1 }),
            Changes = true,
        },

        // Audit
        new("GET", "/api/audit", OperatorOnly(200)) { Query = "?wg={wg}&sur={sur}" },
        new("GET", "/api/audit", OperatorOnly(200)) { Query = "?wg={wg}" },
        new("GET", "/api/audit", OperatorOnly(200)) { Query = "?organisationId={organisationId}", Subject = SubjectKind.Cso },
        new("GET", "/api/audit", OperatorOnly(200)) { Query = "?room={room}" },

        // Operations
        new("GET", "/health/live", Everyone(200)),
        new("GET", "/health/ready", Everyone(200)),
        new("GET", "/openapi/v1.json", Everyone(200)) { Described = false },
        // The interactive reference (Scalar): its page, for any document name, and its scripts.
        new("GET", "/api/reference/{documentName?}", Everyone(200))
        {
            With = new Dictionary<string, string> { ["documentName?"] = "v1" },
            Described = false,
        },
        new("GET", "/api/reference/scalar.js", Everyone(200)) { Described = false },
        new("GET", "/api/reference/scalar.aspnetcore.js", Everyone(200)) { Described = false },
        new("GET", "/api/reference/favicon.svg", Everyone(200)) { Described = false },

        // Organisers: the selection in review mode (the subject applied; a mission's "own" selection names a mission)
        new("POST", "/api/wg-sessions/{wg}/pre-sessions/{sur}/selection", OperatorOnly(200))
        {
            Subject = SubjectKind.Cso,
            Arrange = InReview,
            Body = s => Json(new { panel = new[] { s.Subject!.Id } }),
            Changes = true,
        },
        new("GET", "/api/wg-sessions/{wg}/pre-sessions/{sur}/balance", OperatorOnly(200)),
        new("GET", "/api/wg-sessions/{wg}/pre-sessions/{sur}/balance", OperatorOnly(200))
        {
            Query = "?panel={organisationId}",
            Subject = SubjectKind.Cso,
            Arrange = InReview,
        },
        new("GET", "/api/themes", Everyone(200)),
        // The briefing pack is public: it holds only what GetPublished() lets the public read (README "Briefing packs").
        new("GET", "/api/wg-sessions/{wg}/pre-sessions/{sur}/briefing", Everyone(200)),

        // Invitations of the Permanent Missions: the operator's alone (README "Invitations")
        new("POST", "/api/wg-sessions/{wg}/invitations", OperatorOnly(200)) { Changes = true },
        new("GET", "/api/wg-sessions/{wg}/invitations.csv", OperatorOnly(200)),
    ];
}
