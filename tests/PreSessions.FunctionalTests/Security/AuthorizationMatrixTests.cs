using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace PreSessions.FunctionalTests.Security;

/// <summary>
/// README "Who may do what" as data: every endpoint of the gateway against every kind of caller, with the exact status
/// each cell answers. Every cell runs on a scene of its own (its own WG session, pre-session, room, organisations and
/// tokens), so a permitted call succeeds with its documented code and no cell sees another's effects. A denied call to
/// an endpoint that changes state must leave that state exactly as it was; a permitted one must change it (which shows
/// the before/after comparison can see a change at all). Every 401 is problem+json with the Bearer challenge, every
/// 403 problem+json. All mismatching cells are reported at once.
/// </summary>
public sealed partial class AuthorizationMatrixTests(GatewayFactory gateway, AuthorizationMatrixTests.SecondGateway second)
    : IClassFixture<GatewayFactory>, IClassFixture<AuthorizationMatrixTests.SecondGateway>
{
    /// <summary>
    /// Every cell needs a WG session of its own (its audit log is part of the state compared), and WG sessions are
    /// numbered 1 to 999: one gateway cannot hold rows x callers scenes once the matrix passes 71 rows, so the callers
    /// are split between two gateways, each with its own store and numbers.
    /// </summary>
    public sealed class SecondGateway : GatewayFactory;

    private GatewayFactory GatewayFor(Caller caller) => (int)caller < Callers.Length / 2 ? gateway : second;

    /// <summary>The columns of the matrix, in the order of the expectation strings below.</summary>
    public enum Caller
    {
        /// <summary>No Authorization header.</summary>
        Anonymous,
        /// <summary>"Bearer xyz".</summary>
        GarbledToken,
        /// <summary>A well-formed organisation token (pso_org-…_…) that no organisation holds.</summary>
        UnknownOrganisationToken,
        /// <summary>A well-formed console token (psc_…_…) for the scene's room that was never issued.</summary>
        UnknownConsoleToken,
        /// <summary>A CSO's token the operator revoked.</summary>
        RevokedToken,
        /// <summary>A CSO acting on its own resource (its own id in the path).</summary>
        CsoOwn,
        /// <summary>A CSO acting on another organisation's resource.</summary>
        CsoOther,
        NhriOwn,
        NhriOther,
        MissionOwn,
        MissionOther,
        /// <summary>A console token of the room the scene's pre-session is in.</summary>
        ConsoleOfRoom,
        /// <summary>A console token of another room (with a pre-session of its own).</summary>
        ConsoleOfOtherRoom,
        Operator,
    }

    /// <summary>The kind of organisation a row's {organisationId} names when the caller is not acting on its own.</summary>
    public enum SubjectKind { None, Cso, Mission }

    private static readonly Caller[] Callers = Enum.GetValues<Caller>();

    /// <summary>
    /// One endpoint (one method of one route template) and its expected status per <see cref="Caller"/>, written as
    /// "anon bad pso psc rev | cso cso' nhri nhri' mis mis' | con con' | op" (the bars are for the eye only).
    /// </summary>
    public sealed record Row(string Method, string Template, string Expected)
    {
        /// <summary>Literal values of route parameters the scene does not supply ({command}, {file}, ...).</summary>
        public IReadOnlyDictionary<string, string> With { get; init; } = new Dictionary<string, string>();

        public string Query { get; init; } = "";
        public SubjectKind Subject { get; init; }
        public Func<Scene, HttpContent?>? Body { get; init; }

        /// <summary>What the scene needs before the call (as the operator or the subject): an application, a running timer.</summary>
        public Func<Scene, Task>? Arrange { get; init; }

        /// <summary>The endpoint changes state: compare the state before and after every call.</summary>
        public bool Changes { get; init; }

        /// <summary>A server-sent event stream: read the status and headers, then hang up.</summary>
        public bool Stream { get; init; }

        /// <summary>False for the endpoints the OpenAPI document leaves out on purpose (pages, their assets, the document).</summary>
        public bool Described { get; init; } = true;

        public string Name => $"{Method} {With.Aggregate(Template, (t, w) => t.Replace("{" + w.Key + "}", w.Value))}{Query}";

        public int[] Codes { get; } = [.. Expected.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(c => c != "|").Select(int.Parse)];
    }

    /// <summary>Everything one cell works on; nothing of it is shared with another cell.</summary>
    public sealed class Scene
    {
        public required int Wg { get; init; }
        public string Sur => "FRA";
        public required string Room { get; init; }
        public required string OtherRoom { get; init; }
        public Organisation? Subject { get; set; }
        public string? TokenId { get; set; }
        public HttpClient Caller { get; set; } = null!;
        public required HttpClient Operator { get; init; }
        public required GatewayFactory Gateway { get; init; }

        public string PreSession => $"/api/wg-sessions/{Wg}/pre-sessions/{Sur}";
        public string Timer => $"{PreSession}/timer";
        public string ConsoleTokens => $"/api/rooms/{Uri.EscapeDataString(Room)}/console-tokens";
    }

    public sealed record Organisation(string Id, string Token, string Kind);

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
    ];

    private static readonly object Statement = new
    {
        language = "en", assessment = "The matrix assesses.", questions = "Does the matrix ask?",
        recommendations = new[] { new { text = "Recommend the matrix.", recommendationIds = Array.Empty<string>() } },
    };

    /// <summary>The subject on the scene's panel (a mission does not apply).</summary>
    private static async Task SpeakerApplied(Scene s)
    {
        if (s.Subject!.Kind != "mission")
            await Must(s.Gateway.Client(s.Subject.Token).ApplyAsync(s.Wg, s.Sur, Application), HttpStatusCode.Created);
    }

    /// <summary>The subject on the panel with a statement submitted (not approved, not consented to publishing).</summary>
    private static async Task StatementSubmitted(Scene s)
    {
        await SpeakerApplied(s);
        if (s.Subject!.Kind != "mission")
            await Must(s.Gateway.Client(s.Subject.Token).PutAsJsonAsync($"{s.PreSession}/applications/{s.Subject.Id}/statement", Statement),
                HttpStatusCode.OK);
    }

    /// <summary>The scene's pre-session in review mode, and the subject's application to it (a mission does not apply).</summary>
    private static async Task InReview(Scene s)
    {
        await Must(s.Operator.PutAsJsonAsync(s.PreSession, new
        {
            startsAt = "2017-12-12T10:00:00+01:00", durationMinutes = 60, room = s.Room, panelSize = 6, seats = 40, selection = "review",
        }), HttpStatusCode.OK);
        if (s.Subject!.Kind != "mission")
            await Must(s.Gateway.Client(s.Subject.Token).ApplyAsync(s.Wg, s.Sur, Application), HttpStatusCode.Created);
    }

    /// <summary>
    /// The people's pages (Razor Pages) know no bearer token: an organisation signs in to them with a cookie of their own,
    /// whose matrix is in Pages/SignInSessionTests (another's account by every page and form, antiforgery, sign-out). The
    /// room pages are Razor Pages too, but public to every caller, so they keep their rows here.
    /// </summary>
    private static bool IsPage(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.Abstractions.ActionDescriptor>() is not null &&
        endpoint.RoutePattern.RawText?.TrimStart('/').StartsWith("rooms/", StringComparison.Ordinal) != true;

    /// <summary>Routes that are not the gateway's API and stand outside the bearer-token matrix.</summary>
    private static bool OutsideTheMatrix(string template) =>
        // The Orleans dashboard: operators only, by Basic authentication with the operator token (README "Operators").
        template.StartsWith("/orleans-dashboard", StringComparison.Ordinal);

    [Fact]
    public void Every_row_has_one_expected_status_per_caller_and_rows_are_unique()
    {
        Assert.All(Matrix, row => Assert.True(row.Codes.Length == Callers.Length,
            $"{row.Name}: {row.Codes.Length} statuses for {Callers.Length} callers"));
        var duplicates = Matrix.GroupBy(r => r.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToArray();
        Assert.Empty(duplicates);
    }

    [Fact]
    public async Task The_matrix_has_a_row_for_every_operation_of_the_openapi_document_and_every_route()
    {
        var document = await gateway.Client().GetJsonAsync("/openapi/v1.json");
        var described = document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject()
                .Where(o => o.Name is "get" or "put" or "post" or "delete" or "patch" or "head" or "options" or "trace")
                .Select(o => Operation(o.Name, p.Name)))
            .ToHashSet();
        var rows = Matrix.Where(r => r.Described).Select(r => Operation(r.Method, r.Template)).ToHashSet();

        var withoutRow = described.Except(rows).Order().ToArray();
        var notDescribed = rows.Except(described).Order().ToArray();
        Assert.True(withoutRow.Length == 0 && notDescribed.Length == 0,
            $"OpenAPI operations with no row in the matrix: [{string.Join(", ", withoutRow)}]; " +
            $"matrix rows (Described) missing from /openapi/v1.json: [{string.Join(", ", notDescribed)}]");

        // The routes the OpenAPI document leaves out (pages, assets, the document itself) need rows too.
        var routes = gateway.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && !OutsideTheMatrix(raw) && !IsPage(e))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"])
                .Select(m => Operation(m, e.RoutePattern.RawText!)))
            .ToHashSet();
        var allRows = Matrix.Select(r => Operation(r.Method, r.Template)).ToHashSet();
        var routesWithoutRow = routes.Except(allRows).Order().ToArray();
        var rowsWithoutRoute = allRows.Except(routes).Order().ToArray();
        Assert.True(routesWithoutRow.Length == 0 && rowsWithoutRoute.Length == 0,
            $"Routes with no row in the matrix: [{string.Join(", ", routesWithoutRow)}]; " +
            $"matrix rows that match no route: [{string.Join(", ", rowsWithoutRoute)}]");
    }

    [Fact]
    public async Task Every_endpoint_answers_every_caller_exactly_as_the_readme_table_says()
    {
        Assert.All(Matrix, row => Assert.Equal(Callers.Length, row.Codes.Length));
        var cells = Matrix.SelectMany(row => Callers.Select(caller => (row, caller))).ToArray();
        var mismatches = new ConcurrentBag<(int Row, Caller Caller, string Text)>();

        await Parallel.ForEachAsync(cells, new ParallelOptions { MaxDegreeOfParallelism = 6 }, async (cell, _) =>
        {
            var (row, caller) = cell;
            var expected = row.Codes[(int)caller];
            string? mismatch;
            try
            {
                mismatch = await RunCellAsync(row, caller, expected);
            }
            catch (Exception e)
            {
                mismatch = $"the cell failed to run: {e.GetType().Name}: {Shorten(e.Message)}";
            }
            if (mismatch is not null)
                mismatches.Add((Array.IndexOf(Matrix, row), caller, $"{row.Name} as {caller}: {mismatch}"));
        });

        var report = mismatches.OrderBy(m => m.Row).ThenBy(m => m.Caller).Select(m => m.Text).ToArray();
        Assert.True(report.Length == 0,
            $"{report.Length} of {cells.Length} cells ({Matrix.Length} endpoints x {Callers.Length} callers) differ from the table:\n" +
            string.Join("\n", report));
    }

    /// <summary>Builds the cell's scene, makes the call, and says what differs from the expectation (null: nothing).</summary>
    private async Task<string?> RunCellAsync(Row row, Caller caller, int expected)
    {
        var scene = await SceneAsync(row, caller);
        if (row.Arrange is not null)
            await row.Arrange(scene);

        var before = row.Changes ? await StateAsync(scene) : null;
        string? verdict;
        using (var request = new HttpRequestMessage(new HttpMethod(row.Method), Url(row, scene)) { Content = row.Body?.Invoke(scene) })
        {
            if (row.Stream)
            {
                request.Headers.Accept.ParseAdd("text/event-stream");
                using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                using var response = await scene.Caller.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, patience.Token);
                verdict = await VerdictAsync(response, expected, stream: true);
            }
            else
            {
                using var response = await scene.Caller.SendAsync(request);
                verdict = await VerdictAsync(response, expected, stream: false);
            }
        }
        if (verdict is not null || before is null)
            return verdict;

        var after = await StateAsync(scene);
        var changed = Difference(before, after);
        if (expected >= 400 && changed is not null)
            return $"answered {expected} as it should, but changed the state: {changed}";
        if (expected < 300 && changed is null)
            return $"answered {expected} as it should, but the state did not change (is the check blind?)";
        return null;
    }

    private async Task<Scene> SceneAsync(Row row, Caller caller)
    {
        var host = GatewayFor(caller);
        var wg = host.NextWg();
        var scene = new Scene
        {
            Wg = wg,
            Room = $"Matrix room {wg}",
            OtherRoom = $"Matrix other room {wg}",
            Operator = host.Operator(),
            Gateway = host,
        };
        await Must(scene.Operator.PutAsJsonAsync($"/api/wg-sessions/{wg}",
            new { title = $"Matrix WG {wg}", venue = "Palais des Nations, Geneva", provisional = true }), HttpStatusCode.Created);
        await host.SchedulePreSessionAsync(wg, scene.Sur, panelSize: 6, seats: 40, room: scene.Room);

        Organisation? own = null;
        scene.Caller = caller switch
        {
            Caller.Anonymous => host.Client(),
            Caller.GarbledToken => host.Client("xyz"),
            Caller.UnknownOrganisationToken => host.Client($"pso_org-{Base32(16)}_{Secret()}"),
            Caller.UnknownConsoleToken => host.Client($"psc_{Base64Url(Encoding.UTF8.GetBytes(scene.Room))}_{Secret()}"),
            Caller.RevokedToken => host.Client(await RevokedAsync(scene)),
            Caller.CsoOwn or Caller.CsoOther => host.Client((own = await RegisterAsync(host, "cso")).Token),
            Caller.NhriOwn or Caller.NhriOther => host.Client((own = await RegisterAsync(host, "nhri")).Token),
            Caller.MissionOwn or Caller.MissionOther => host.Client((own = await RegisterAsync(host, "mission")).Token),
            Caller.ConsoleOfRoom => host.Client(await ConsoleTokenAsync(scene.Operator, scene.Room)),
            Caller.ConsoleOfOtherRoom => host.Client(await OtherRoomConsoleAsync(scene)),
            Caller.Operator => scene.Operator,
            _ => throw new ArgumentOutOfRangeException(nameof(caller)),
        };

        var actsOnItsOwn = caller is Caller.CsoOwn or Caller.NhriOwn or Caller.MissionOwn;
        scene.Subject = row.Subject == SubjectKind.None ? null
            : actsOnItsOwn ? own
            : await RegisterAsync(host, row.Subject == SubjectKind.Mission ? "mission" : "cso");
        return scene;
    }

    private static async Task<Organisation> RegisterAsync(GatewayFactory gateway, string kind)
    {
        var registered = await gateway.RegisterAsync(kind);
        return new Organisation(registered.Id, registered.Token, kind);
    }

    private static async Task<string> RevokedAsync(Scene scene)
    {
        var revoked = await RegisterAsync(scene.Gateway, "cso");
        await Must(scene.Operator.DeleteAsync($"/api/organisations/{revoked.Id}/token"), HttpStatusCode.NoContent);
        return revoked.Token;
    }

    private static async Task<string> ConsoleTokenAsync(HttpClient op, string room)
    {
        using var response = await op.PostAsync($"/api/rooms/{Uri.EscapeDataString(room)}/console-tokens", null);
        return (await response.JsonAsync(HttpStatusCode.Created)).Str("token");
    }

    /// <summary>A console of a real room, booked for another pre-session of the same WG session.</summary>
    private static async Task<string> OtherRoomConsoleAsync(Scene scene)
    {
        await scene.Gateway.SchedulePreSessionAsync(scene.Wg, "DEU", startsAt: "2017-12-12T10:00:00+01:00", room: scene.OtherRoom);
        return await ConsoleTokenAsync(scene.Operator, scene.OtherRoom);
    }

    private static string Url(Row row, Scene scene)
    {
        var url = row.With.Aggregate(row.Template + row.Query, (u, w) => u.Replace("{" + w.Key + "}", w.Value));
        url = url.Replace("{wg}", scene.Wg.ToString())
            .Replace("{sur}", scene.Sur)
            .Replace("{room}", Uri.EscapeDataString(scene.Room));
        if (url.Contains("{organisationId}"))
            url = url.Replace("{organisationId}", scene.Subject?.Id ?? throw new InvalidOperationException($"{row.Name} names no subject"));
        if (url.Contains("{tokenId}"))
            url = url.Replace("{tokenId}", scene.TokenId ?? throw new InvalidOperationException($"{row.Name} issued no token"));
        Assert.DoesNotContain("{", url);
        return url;
    }

    /// <summary>What an answer gets wrong: its status, or the shape the contract gives a 401, 403, 404 or 409.</summary>
    private static async Task<string?> VerdictAsync(HttpResponseMessage response, int expected, bool stream)
    {
        var actual = (int)response.StatusCode;
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (stream && actual == 200)
            return expected == 200
                ? mediaType == "text/event-stream" ? null : $"200 as expected but {mediaType}, not text/event-stream"
                : $"expected {expected}, got 200 ({mediaType})";

        var text = await response.Content.ReadAsStringAsync();
        if (actual != expected)
            return $"expected {expected}, got {actual}: {Shorten(text)}";
        if (expected is 401 or 403 or 404 or 409)
        {
            if (mediaType != "application/problem+json")
                return $"{actual} as expected but {mediaType ?? "no content type"}, not application/problem+json: {Shorten(text)}";
            try
            {
                var problem = JsonDocument.Parse(text).RootElement;
                if (!problem.TryGetProperty("status", out var status) || status.GetInt32() != expected)
                    return $"{actual} as expected but the problem's status is not {expected}: {Shorten(text)}";
                if (!problem.TryGetProperty("title", out var title) || string.IsNullOrWhiteSpace(title.GetString()))
                    return $"{actual} as expected but the problem has no title: {Shorten(text)}";
            }
            catch (JsonException)
            {
                return $"{actual} as expected but the body is no JSON: {Shorten(text)}";
            }
        }
        if (expected == 401 && !response.Headers.WwwAuthenticate.Any(h => h.Scheme == "Bearer"))
            return $"401 as expected but WWW-Authenticate is \"{response.Headers.WwwAuthenticate}\", not Bearer";
        return null;
    }

    /// <summary>
    /// Everything a call of the matrix could change, read by the operator: the WG session, the pre-session, its timer
    /// and rundown, the room's console tokens, the subject organisation (and whether its token still works), and the
    /// audit logs of all of them.
    /// </summary>
    private async Task<List<(string What, string State)>> StateAsync(Scene scene)
    {
        var room = Uri.EscapeDataString(scene.Room);
        var reads = new List<(string What, HttpClient Client)>
        {
            ($"/api/wg-sessions/{scene.Wg}", scene.Operator),
            (scene.PreSession, scene.Operator),
            (scene.Timer, scene.Operator),
            ($"{scene.PreSession}/rundown", scene.Operator),
            (scene.ConsoleTokens, scene.Operator),
            ($"/api/audit?wg={scene.Wg}", scene.Operator),
            ($"/api/audit?room={room}", scene.Operator),
        };
        if (scene.Subject is { } subject)
        {
            reads.Add(($"/api/organisations/{subject.Id}", scene.Operator));
            reads.Add(($"/api/audit?organisationId={subject.Id}", scene.Operator));
            reads.Add(($"/api/organisations/{subject.Id} with its own token", scene.Gateway.Client(subject.Token)));
        }

        var state = new List<(string, string)>();
        foreach (var (what, client) in reads)
        {
            using var response = await client.GetAsync(what.Split(' ')[0]);
            state.Add((what, $"{(int)response.StatusCode} {WithoutClock(await response.Content.ReadAsStringAsync())}"));
        }
        return state;
    }

    /// <summary>The server's clock in a snapshot is no state.</summary>
    private static string WithoutClock(string json)
    {
        try
        {
            if (JsonNode.Parse(json) is JsonObject obj)
            {
                obj.Remove("serverTime");
                return obj.ToJsonString();
            }
        }
        catch (JsonException)
        {
        }
        return json;
    }

    private static string? Difference(List<(string What, string State)> before, List<(string What, string State)> after)
    {
        var changes = before.Zip(after).Where(p => p.First.State != p.Second.State)
            .Select(p => $"{p.First.What}: {Shorten(p.First.State)} -> {Shorten(p.Second.State)}").ToArray();
        return changes.Length == 0 ? null : string.Join("; ", changes);
    }

    private static async Task Must(Task<HttpResponseMessage> request, HttpStatusCode expected)
    {
        using var response = await request;
        if (response.StatusCode != expected)
            throw new InvalidOperationException(
                $"setting the scene: {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery} answered " +
                $"{(int)response.StatusCode}, not {(int)expected}: {Shorten(await response.Content.ReadAsStringAsync())}");
    }

    private static string Operation(string method, string template)
    {
        // Razor Pages' route patterns have no leading slash, minimal APIs' do.
        var path = "/" + TemplateParameter().Replace(template, "{}").TrimStart('/');
        if (path.Length > 1)
            path = path.TrimEnd('/');
        return $"{method.ToUpperInvariant()} {path}";
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex TemplateParameter();

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";

    private static string Base32(int length) =>
        string.Concat(RandomNumberGenerator.GetBytes(length).Select(b => "abcdefghijklmnopqrstuvwxyz234567"[b & 31]));

    private static string Secret() => Base64Url(RandomNumberGenerator.GetBytes(32));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
