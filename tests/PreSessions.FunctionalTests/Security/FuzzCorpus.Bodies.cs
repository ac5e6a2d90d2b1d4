using System.Text;

namespace PreSessions.FunctionalTests.Security;

/// <summary>The corpus as a whole, and the requests whose JSON bodies are malformed, field by field.</summary>
public sealed partial class FuzzCorpus
{
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
}
