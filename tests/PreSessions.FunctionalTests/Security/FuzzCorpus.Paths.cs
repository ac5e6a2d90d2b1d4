
namespace PreSessions.FunctionalTests.Security;

/// <summary>Requests whose paths are malformed or hostile, parameter by parameter, on every route.</summary>
public sealed partial class FuzzCorpus
{
    // ---- Paths ----------------------------------------------------------------------------------------------------

    /// <summary>A route with its parameters; a template with {wg}, {sur}, {org}, {room}, {command}, {tokenId}, {file}, {page}.</summary>
    private sealed record Route(string Name, string Method, string Template, string? Token, string? Body = null, bool Stream = false, string? SuccessMediaType = null);

    private IEnumerable<Route> Routes()
    {
        var s = scene;
        var op = s.OperatorToken;
        yield return new("organisations.get", "GET", "/api/organisations/{org}", s.CsoA.Token);
        yield return new("organisations.token.post", "POST", "/api/organisations/{org}/token", op);
        yield return new("organisations.token.delete", "DELETE", "/api/organisations/{org}/token", op);
        yield return new("wg-session.get", "GET", "/api/wg-sessions/{wg}", null);
        yield return new("wg-session.put", "PUT", "/api/wg-sessions/{wg}", op, "{\"title\":\"T\",\"venue\":\"V\",\"provisional\":true}");
        yield return new("schedule.ics", "GET", "/api/wg-sessions/{wg}/schedule.ics", null);
        yield return new("wg-time-report", "GET", "/api/wg-sessions/{wg}/time-report", op);
        yield return new("pre-session.get", "GET", "/api/wg-sessions/{wg}/pre-sessions/{sur}", null);
        yield return new("pre-session.put", "PUT", "/api/wg-sessions/{wg}/pre-sessions/{sur}", op,
            "{\"startsAt\":\"2017-12-14T10:00:00+01:00\",\"durationMinutes\":60,\"room\":\"Fuzz\",\"panelSize\":3,\"seats\":5}");
        yield return new("applications.post", "POST", "/api/wg-sessions/{wg}/pre-sessions/{sur}/applications", s.CsoD.Token, "{\"speakerName\":\"S\",\"themes\":[]}");
        yield return new("applications.delete", "DELETE", "/api/wg-sessions/{wg}/pre-sessions/{sur}/applications/{org}", op);
        yield return new("rsvps.put", "PUT", "/api/wg-sessions/{wg}/pre-sessions/{sur}/rsvps/{org}", s.Mission.Token, "{\"attending\":true,\"delegates\":1}");
        yield return new("timer.get", "GET", "/api/wg-sessions/{wg}/pre-sessions/{sur}/timer", null);
        yield return new("timer.command", "POST", "/api/wg-sessions/{wg}/pre-sessions/{sur}/timer/{command}", s.ConsoleToken);
        yield return new("timer.message.put", "PUT", "/api/wg-sessions/{wg}/pre-sessions/{sur}/timer/message", s.ConsoleToken, "{\"text\":\"Hello\"}");
        yield return new("timer.message.delete", "DELETE", "/api/wg-sessions/{wg}/pre-sessions/{sur}/timer/message", s.ConsoleToken);
        yield return new("timer.events", "GET", "/api/wg-sessions/{wg}/pre-sessions/{sur}/timer/events", null, Stream: true);
        yield return new("rundown.get", "GET", "/api/wg-sessions/{wg}/pre-sessions/{sur}/rundown", null);
        yield return new("rundown.put", "PUT", "/api/wg-sessions/{wg}/pre-sessions/{sur}/rundown", op, "{\"items\":[{\"kind\":\"qa\",\"title\":\"Q\",\"allottedSeconds\":60}]}");
        yield return new("rundown.delete", "DELETE", "/api/wg-sessions/{wg}/pre-sessions/{sur}/rundown", op);
        yield return new("time-report", "GET", "/api/wg-sessions/{wg}/pre-sessions/{sur}/time-report", op);
        yield return new("time-report.csv", "GET", "/api/wg-sessions/{wg}/pre-sessions/{sur}/time-report.csv", op);
        yield return new("rooms.get", "GET", "/api/rooms/{room}", null);
        yield return new("console-tokens.post", "POST", "/api/rooms/{room}/console-tokens", op);
        yield return new("console-tokens.get", "GET", "/api/rooms/{room}/console-tokens", op);
        yield return new("console-tokens.delete", "DELETE", "/api/rooms/{room}/console-tokens/{tokenId}", op);
        yield return new("rooms.events", "GET", "/api/rooms/{room}/events", null, Stream: true);
        yield return new("states.get", "GET", "/api/states/{sur}", null);
        yield return new("rooms.page", "GET", "/rooms/{room}/{page}", null, SuccessMediaType: "text/html");
        yield return new("rooms.assets", "GET", "/rooms/assets/{file}", null);
    }

    private string Fill(string template, string? wg = null, string? sur = null, string? org = null, string? room = null,
        string? command = null, string? tokenId = null, string? file = null, string? page = null) => template
        .Replace("{wg}", wg ?? scene.Wg.ToString())
        .Replace("{sur}", sur ?? scene.Sur)
        .Replace("{org}", org ?? scene.CsoA.Id)
        .Replace("{room}", room ?? Uri.EscapeDataString(scene.Room))
        .Replace("{command}", command ?? "pause")
        .Replace("{tokenId}", tokenId ?? "ct-unknown")
        .Replace("{file}", file ?? "console.js")
        .Replace("{page}", page ?? "console");

    private void Path(Route r, string parameter, string value, int[] allowed, string? field, bool raw = false, string mutation = "path")
    {
        // A NUL in the path never reaches the gateway: Kestrel refuses the request line, and the in-process TestServer throws.
        if (value.Contains("%00", StringComparison.Ordinal))
            return;
        // A key with a line break at its end: the formats' "$" matches before a final "\n", so on a write it could name a real
        // resource. Sent only where nothing can change (reads, refused roles) and to keys nobody uses.
        if (value.EndsWith("%0A", StringComparison.Ordinal) && r.Method != "GET" && parameter is "wg" or "sur")
            return;
        var url = parameter switch
        {
            "wg" => Fill(r.Template, wg: value),
            "sur" => Fill(r.Template, sur: value),
            "org" => Fill(r.Template, org: value),
            "room" => Fill(r.Template, room: value),
            "command" => Fill(r.Template, command: value),
            "tokenId" => Fill(r.Template, tokenId: value),
            "file" => Fill(r.Template, file: value),
            _ => Fill(r.Template, page: value),
        };
        Add(r.Name, mutation, r.Method, url, r.Body is null ? null : Utf8(r.Body), r.Body is null ? null : "application/json",
            r.Token is null ? null : Bearer(r.Token), allowed, field, rawUrl: raw, successMediaType: r.SuccessMediaType);
    }

    private void PathMutations()
    {
        string[] badWg = ["0", "1000", "-1", "+1", "1.0", "1e2", "0x1F", "twenty-nine", "XXIX", "２９", "٢٩", "²⁹", "%201", "1%0A", "1%0D%0A", "9999999999999999999999999", Long(5000, '9')];
        string[] badSur = ["fra", "Fra", "FR", "FRAN", "F%20A", "FR%C3%80", "%D0%A4RA", "%EF%BC%A6%EF%BC%B2%EF%BC%A1", "F%CC%81RA", "FRA%0A", "FRA%0D", "123", "F_A"];
        string[] badOrg = ["org-", "org-AAAAAAAAAAAAAAAA", "org-aaaaaaaaaaaaaaa1", "org-aaaaaaaaaaaaaaaaa", "ORG-aaaaaaaaaaaaaaaa", "org_aaaaaaaaaaaaaaaa",
            "org-aaaaaaaaaaaaaaa%C3%A4", "org-aaaaaaaaaaaaaaaa%00", "org-aaaaaaaaaaaaaaaa%0A", Long(3000, 'o')];
        string[] badRoom = ["%00", "Room%00", "Room%0D%0AX-Injected:%201", "%0A", "%7F", "%C2%85", "%20%20%20", Long(101, 'r'), Long(10_000, 'r'),
            Uri.EscapeDataString("\u202eRoom\u0001"), "%E2%80%8B" + Long(100, 'r')];

        foreach (var r in Routes())
        {
            var hasWg = r.Template.Contains("{wg}");
            var hasSur = r.Template.Contains("{sur}");
            var hasOrg = r.Template.Contains("{org}");
            var hasRoom = r.Template.Contains("{room}");
            // A hostile segment that collapses the path may land on another route: 404 or 405 there; a 400 names a field.
            int[] anyRoute = r.Stream ? [Bad, NotFound, Method] : [Bad, NotFound, Method];
            if (hasWg)
            {
                foreach (var wg in badWg)
                    Path(r, "wg", wg, [Bad], "wg");
                foreach (var wg in HostileSegments)
                    Path(r, "wg", wg, anyRoute, null, mutation: "path-traversal+injection");
                foreach (var wg in RawSegments)
                    Path(r, "wg", wg, anyRoute, null, raw: true, mutation: "path-traversal");
            }
            if (hasSur)
            {
                foreach (var sur in badSur)
                    Path(r, "sur", sur, [Bad], "sur");
                foreach (var sur in HostileSegments.Where((_, i) => i % 2 == 0))
                    Path(r, "sur", sur, anyRoute, null, mutation: "path-traversal+injection");
                foreach (var sur in RawSegments.Take(4))
                    Path(r, "sur", sur, anyRoute, null, raw: true, mutation: "path-traversal");
            }
            if (hasOrg)
            {
                // RSVPs and the organisation itself check the id before whose it is; withdrawals and tokens too.
                foreach (var org in badOrg)
                    Path(r, "org", org, [Bad], "organisationId");
                foreach (var org in HostileSegments.Where((_, i) => i % 2 == 1))
                    Path(r, "org", org, anyRoute, null, mutation: "path-traversal+injection");
                foreach (var org in RawSegments.Take(4))
                    Path(r, "org", org, anyRoute, null, raw: true, mutation: "path-traversal");
                if (r.Name.StartsWith("organisations.token"))
                    Path(r, "org", "org-aaaaaaaaaaaaaaaa", [NotFound], null, mutation: "unknown-key");
            }
            if (hasRoom)
            {
                // The pages refuse a room no room could be named too (issue 16): their scripts would use it in the API's paths.
                foreach (var room in badRoom)
                    Path(r, "room", room, [Bad], "room");
                // Hostile but well-formed names: only where they cannot change anything (reads of rooms nobody booked).
                if (r.Name is "rooms.get" or "rooms.events" or "rooms.page")
                {
                    foreach (var room in HostileSegments)
                        Path(r, "room", room, r.Name == "rooms.page" ? [200, Bad, NotFound, Method] : anyRoute, null, mutation: "path-traversal+injection");
                    foreach (var room in RawSegments)
                        Path(r, "room", room, r.Name == "rooms.page" ? [200, Bad, NotFound, Method] : anyRoute, null, raw: true, mutation: "path-traversal");
                }
            }
            if (r.Template.Contains("{command}"))
            {
                foreach (var command in new[] { "START", "Start", "start%00", "st%C3%A4rt", "delete", "reset", "%2e%2e", "start%2F..%2F..", "extend%3Fseconds=60", "message", "events", Long(5000, 'c') }
                    .Concat(HostileSegments.Take(12)))
                    Path(r, "command", command, [NotFound, Method], null, mutation: "unknown-command");
                foreach (var command in RawSegments.Take(5))
                    Path(r, "command", command, anyRoute, null, raw: true, mutation: "path-traversal");
            }
            if (r.Template.Contains("{tokenId}"))
                foreach (var tokenId in HostileSegments.Take(14).Append(Long(5000, 't')))
                    Path(r, "tokenId", tokenId, [NotFound, Method], null, mutation: "path-traversal+injection");
            if (r.Template.Contains("{file}"))
            {
                foreach (var file in new[] { "..%2F..%2Fappsettings.json", "%2e%2e%2f%2e%2e%2fappsettings.json", "..%5Cconsole.html", "console.html", "console.js%00.html",
                    "CONSOLE.JS", ".console.js", "console.js.map", "..%252f..%252fappsettings.json", "%C0%AE%C0%AE%2Fappsettings.json", "web.config", ".env" })
                    Path(r, "file", file, [NotFound], null, mutation: "path-traversal");
                foreach (var file in new[] { "../../appsettings.json", "../../../etc/passwd", "..\\..\\appsettings.json", "%2e%2e/%2e%2e/appsettings.json" })
                    Path(r, "file", file, [NotFound], null, raw: true, mutation: "path-traversal");
            }
            if (r.Template.Contains("{page}"))
                foreach (var page in new[] { "..%2F..%2Fappsettings.json", "admin", "console.html", "console%2F", "console;x", "%2e%2e" })
                    Path(r, "page", page, [NotFound], null, mutation: "path-traversal");
        }
    }
}
