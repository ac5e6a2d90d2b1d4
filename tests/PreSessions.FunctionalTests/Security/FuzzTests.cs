using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace PreSessions.FunctionalTests.Security;

/// <summary>
/// Issue 6: thousands of malformed and hostile requests across every endpoint (broken and deeply nested JSON, wrong
/// types, huge strings and numbers, unicode edge cases, path traversal and injection strings, duplicate keys, wrong
/// content types, huge headers, odd methods, hostile tokens). None gets a 5xx, each gets the documented 4xx as
/// problem+json, and the state afterwards is exactly what the valid requests before made. The requests come from a
/// fixed seed (<see cref="Seed"/>), so a failure is reproduced by running the test again; every violation is listed
/// with its request.
/// </summary>
public sealed class FuzzTests(GatewayFactory gateway, ITestOutputHelper output) : IClassFixture<GatewayFactory>
{
    public const int Seed = 20171212;
    private const int Parallelism = 4;
    private const int MaxBodyBytes = 64 * 1024;

    [Fact]
    public async Task Thousands_of_hostile_requests_get_the_documented_problems_and_change_nothing()
    {
        var errors = new ServerErrors();
        gateway.Services.GetRequiredService<ILoggerFactory>().AddProvider(errors);
        var scene = await SceneAsync();
        var before = await SnapshotAsync(scene);
        foreach (var (url, answer) in before)
            Assert.True(answer.StartsWith("200 ", StringComparison.Ordinal), $"GET {url} before the fuzz: {answer}");

        var requests = new FuzzCorpus(scene, Seed).Build();
        Assert.True(requests.Count >= 2000, $"Only {requests.Count} requests were generated.");
        // The in-process server does not enforce Kestrel's body limit, so every body stays under it (LimitsTests checks 413).
        Assert.All(requests, r => Assert.True((r.Body?.Length ?? 0) < MaxBodyBytes, $"#{r.Number} has a body of {r.Body?.Length} bytes."));
        output.WriteLine($"Seed {Seed}: {requests.Count} requests, {Parallelism} at a time.");
        Tally("per endpoint", requests.GroupBy(r => r.Endpoint));
        Tally("per mutation", requests.GroupBy(r => r.Mutation.Replace("random:", "")));

        var violations = new ConcurrentBag<(int Number, string Text)>();
        var statuses = new ConcurrentDictionary<int, int>();
        var refusedByClient = new ConcurrentBag<FuzzRequest>();
        var clock = Stopwatch.StartNew();
        using var client = gateway.Client();
        client.Timeout = Timeout.InfiniteTimeSpan;
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (request, _) =>
        {
            var (status, violation) = await SendAndCheckAsync(client, request, errors);
            if (status == 0 && violation is null)
                refusedByClient.Add(request);
            else
                statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
            if (violation is not null)
                violations.Add((request.Number, violation));
        });
        output.WriteLine($"Sent in {clock.Elapsed.TotalSeconds:0.0} s; statuses: " +
            string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key} x{s.Value}")));
        if (!refusedByClient.IsEmpty)
            output.WriteLine($"{refusedByClient.Count} requests were refused by HttpClient itself (header values it will not send): " +
                string.Join(", ", refusedByClient.Select(r => $"#{r.Number}").Order()));

        // The state as the operator sees it: exactly as before.
        var after = await SnapshotAsync(scene);
        foreach (var (url, was) in before)
        {
            var now = after[url];
            if (now != was)
                violations.Add((int.MaxValue, $"State changed: GET {url}\n      before: {Shorten(was, 600)}\n      after:  {Shorten(now, 600)}\n      first difference at {FirstDifference(was, now)}"));
        }
        // And the tokens the valid requests issued still work.
        foreach (var organisation in new[] { scene.CsoA, scene.NhriB, scene.CsoC, scene.CsoD, scene.Mission, scene.DecliningMission })
        {
            using var own = await gateway.Client(organisation.Token).GetAsync($"/api/organisations/{organisation.Id}");
            if (own.StatusCode != HttpStatusCode.OK)
                violations.Add((int.MaxValue, $"The token of {organisation.Id} no longer works: {(int)own.StatusCode}"));
        }

        var list = violations.OrderBy(v => v.Number).ToList();
        foreach (var (_, text) in list)
            output.WriteLine("VIOLATION " + text);
        Assert.True(list.Count == 0,
            $"Seed {Seed}: {list.Count} of {requests.Count} hostile requests (or state checks) broke the contract. The first {Math.Min(50, list.Count)}:\n" +
            string.Join("\n", list.Take(50).Select(v => v.Text)));
    }

    private void Tally(string title, IEnumerable<IGrouping<string, FuzzRequest>> groups) =>
        output.WriteLine($"Requests {title}: " + string.Join(", ", groups.OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}")));

    // ---- One request ---------------------------------------------------------------------------------------------------

    /// <summary>An answer as the checks need it, whichever way the request was sent.</summary>
    private sealed record Answer(int Status, string? MediaType, string Body, bool BearerChallenge, string? TraceParent);

    /// <summary>The status (0 when HttpClient would not send the request) and what is wrong with the answer, if anything.</summary>
    private async Task<(int Status, string? Violation)> SendAndCheckAsync(HttpClient client, FuzzRequest r, ServerErrors errors)
    {
        Answer answer;
        try
        {
            var sent = r.RawUrl ? await SendRawAsync(r) : await SendAsync(client, r);
            if (sent is null)
                return (0, null);
            answer = sent;
        }
        catch (Exception e)
        {
            return (-1, $"{r.Describe()}\n      got no answer: {e}");
        }
        if (answer.MediaType == "text/event-stream")
            return (answer.Status, r.Allowed.Contains(answer.Status) && answer.Status < 300 ? null
                : $"{r.Describe()}\n      got {answer.Status} {answer.MediaType}: an event stream opened for a hostile request");
        var wrong = Judge(r, answer);
        if (wrong.Count == 0)
            return (answer.Status, null);
        var text = $"{r.Describe()}\n      got {answer.Status} {answer.MediaType ?? "(no content type)"}: {Shorten(answer.Body, answer.Status >= 500 ? 4000 : 500)}" +
                   $"\n      wrong: {string.Join("; ", wrong)}";
        if (answer.TraceParent?.Split('-') is [_, var traceId, ..] && errors.Find(traceId) is { } logged)
            text += $"\n      the gateway logged: {logged}";
        return (answer.Status, text);
    }

    /// <summary>Through HttpClient, as any client sends it; null when HttpClient will not send these header values.</summary>
    private static async Task<Answer?> SendAsync(HttpClient client, FuzzRequest r)
    {
        using var request = new HttpRequestMessage(new HttpMethod(r.Method), new Uri(client.BaseAddress!, r.Url));
        if (r.Body is not null)
        {
            request.Content = new ByteArrayContent(r.Body);
            if (r.ContentType is not null)
                request.Content.Headers.TryAddWithoutValidation("Content-Type", r.ContentType);
        }
        var addedAll = true;
        if (r.Authorization is not null)
            addedAll &= request.Headers.TryAddWithoutValidation("Authorization", r.Authorization);
        foreach (var (name, value) in r.Headers)
            addedAll &= request.Headers.TryAddWithoutValidation(name, value);
        if (!addedAll)
            return null;

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        }
        catch (Exception e) when (HasUnsendableHeader(r) && IsClientRefusal(e))
        {
            return null;
        }
        using (response)
        {
            var media = response.Content.Headers.ContentType?.MediaType;
            // An event stream never ends: its headers say enough.
            var body = media == "text/event-stream" ? "" : await response.Content.ReadAsStringAsync(timeout.Token);
            return new Answer((int)response.StatusCode, media, body, response.Headers.WwwAuthenticate.Any(h => h.Scheme == "Bearer"),
                response.Headers.TryGetValues("traceparent", out var values) ? values.First() : null);
        }
    }

    /// <summary>
    /// Straight into the server, path as written: dot segments and encoded dots that HttpClient (and Kestrel) would
    /// collapse before the gateway sees them, as a proxy that passes them through would send them.
    /// </summary>
    private async Task<Answer> SendRawAsync(FuzzRequest r)
    {
        var query = r.Url.IndexOf('?');
        var path = query < 0 ? r.Url : r.Url[..query];
        var context = await gateway.Server.SendAsync(c =>
        {
            c.Request.Method = r.Method;
            c.Request.Path = PathString.FromUriComponent(path);
            if (query >= 0)
                c.Request.QueryString = QueryString.FromUriComponent(r.Url[query..]);
            if (r.Authorization is not null)
                c.Request.Headers.Authorization = r.Authorization;
            foreach (var (name, value) in r.Headers)
                c.Request.Headers.Append(name, value);
            if (r.Body is not null)
            {
                c.Features.Set<IHttpRequestBodyDetectionFeature>(new HasBody());
                c.Request.Body = new MemoryStream(r.Body);
                c.Request.ContentLength = r.Body.Length;
                c.Request.ContentType = r.ContentType;
            }
        });
        var media = context.Response.ContentType is { } type ? type.Split(';')[0].Trim() : null;
        var body = media == "text/event-stream" ? "" : await new StreamReader(context.Response.Body).ReadToEndAsync();
        return new Answer(context.Response.StatusCode, media, body,
            context.Response.Headers.WWWAuthenticate.Any(v => v?.StartsWith("Bearer", StringComparison.Ordinal) == true),
            context.Response.Headers["traceparent"].FirstOrDefault());
    }

    private sealed class HasBody : IHttpRequestBodyDetectionFeature
    {
        public bool CanHaveBody => true;
    }

    private static bool HasUnsendableHeader(FuzzRequest r) =>
        r.Headers.Select(h => h.Value).Append(r.Authorization ?? "").Any(v => v.Any(c => c is < ' ' or > '~'));

    private static bool IsClientRefusal(Exception e) =>
        e is HttpRequestException or FormatException or InvalidOperationException &&
        e.StackTrace?.Contains("Microsoft.AspNetCore.Server", StringComparison.Ordinal) != true &&
        e.ToString().Contains("header", StringComparison.OrdinalIgnoreCase);

    /// <summary>What the contract says about this answer: the allowed status, and a problem+json that says what is wrong.</summary>
    private static List<string> Judge(FuzzRequest r, Answer answer)
    {
        var (status, media, body) = (answer.Status, answer.MediaType, answer.Body);
        var wrong = new List<string>();
        if (status >= 500)
            wrong.Add("a 5xx (a 500 is a bug)");
        if (!r.Allowed.Contains(status))
            wrong.Add($"status {status}, not {string.Join(" or ", r.Allowed)}");
        if (status is >= 200 and < 300)
        {
            if (r.SuccessMediaType is not null && media != r.SuccessMediaType)
                wrong.Add($"a {status} as {media}, not {r.SuccessMediaType}");
            return wrong;
        }
        if (status < 400)
            return wrong;

        if (media != "application/problem+json")
        {
            wrong.Add($"the body is {media ?? "absent"}, not application/problem+json");
            return wrong;
        }
        JsonElement problem;
        try
        {
            problem = JsonDocument.Parse(body).RootElement.Clone();
        }
        catch (JsonException e)
        {
            wrong.Add("the problem is not JSON: " + e.Message);
            return wrong;
        }
        if (problem.ValueKind != JsonValueKind.Object)
        {
            wrong.Add("the problem is not an object");
            return wrong;
        }
        if (!problem.TryGetProperty("status", out var s) || s.ValueKind != JsonValueKind.Number || s.GetInt32() != status)
            wrong.Add("the problem's status is not the response's");
        foreach (var member in new[] { "title", "detail" })
            if (!problem.TryGetProperty(member, out var value) || value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
                wrong.Add($"the problem has no {member}");
        if (status == 401 && !answer.BearerChallenge)
            wrong.Add("a 401 without the Bearer challenge");
        if (status == 400)
        {
            if (!problem.TryGetProperty("errors", out var errors))
            {
                if (!r.ErrorsOptional)
                    wrong.Add("a 400 without an errors object");
            }
            else if (errors.ValueKind != JsonValueKind.Object || !errors.EnumerateObject().Any())
                wrong.Add("a 400 whose errors are not an object naming fields");
            else
            {
                foreach (var field in errors.EnumerateObject())
                    if (field.Value.ValueKind != JsonValueKind.Array || !field.Value.EnumerateArray().Any() ||
                        field.Value.EnumerateArray().Any(m => m.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(m.GetString())))
                        wrong.Add($"errors.{field.Name} is not a list of messages");
                if (r.Field is { } expected && !errors.EnumerateObject().Any(e => Names(e.Name, expected)))
                    wrong.Add($"the errors name {string.Join(", ", errors.EnumerateObject().Select(e => e.Name))}, not {expected}");
            }
        }
        return wrong;
    }

    /// <summary>An error's key names the field itself or something inside it (themes[0], items[0].kind).</summary>
    private static bool Names(string key, string field) =>
        key.Equals(field, StringComparison.OrdinalIgnoreCase) ||
        key.StartsWith(field + ".", StringComparison.OrdinalIgnoreCase) ||
        key.StartsWith(field + "[", StringComparison.OrdinalIgnoreCase);

    private static string Shorten(string text, int max) =>
        (text.Length <= max ? text : text[..(max * 3 / 4)] + $" ...({text.Length} chars)... " + text[^(max / 4)..]).Replace("\r", "\\r").Replace("\n", "\\n");

    private static string FirstDifference(string a, string b)
    {
        var i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i])
            i++;
        var from = Math.Max(0, i - 60);
        return $"character {i}: before \"...{a[from..Math.Min(a.Length, i + 60)]}\", after \"...{b[from..Math.Min(b.Length, i + 60)]}\"";
    }

    // ---- The known state -------------------------------------------------------------------------------------------------

    /// <summary>
    /// A WG session with two pre-sessions in two rooms; a panel of two with one on the waitlist, one organisation that has
    /// not applied; a confirmed and a declined mission; console tokens for both rooms; the timer started, extended and
    /// showing a message.
    /// </summary>
    private async Task<FuzzScene> SceneAsync()
    {
        var wg = await gateway.CreateWgSessionAsync(applicationsClose: new DateTimeOffset(2017, 12, 1, 12, 0, 0, TimeSpan.FromHours(1)),
            title: "Fuzzed week");
        var room = $"Fuzz Room {wg}";
        var otherRoom = $"Fuzz Other Room {wg}";
        await gateway.SchedulePreSessionAsync(wg, "FRA", panelSize: 2, seats: 10, room: room);
        await gateway.SchedulePreSessionAsync(wg, "MLI", panelSize: 3, seats: 5, startsAt: "2017-12-12T14:00:00+01:00", room: otherRoom);

        var csoA = await gateway.RegisterAsync("cso", "Fuzz CSO A", "FRA");
        var nhriB = await gateway.RegisterAsync("nhri", "Fuzz NHRI B", "FRA");
        var csoC = await gateway.RegisterAsync("cso", "Fuzz CSO C");
        var csoD = await gateway.RegisterAsync("cso", "Fuzz CSO D");
        var mission = await gateway.RegisterAsync("mission", "Fuzz Mission M", "DEU");
        var declining = await gateway.RegisterAsync("mission", "Fuzz Mission N", "BRA");
        await gateway.Client(csoA.Token).ApplyAsync(wg, "FRA", "Speaker A", "fuzz-apply-a").ExpectAsync(HttpStatusCode.Created);
        await gateway.Client(nhriB.Token).ApplyAsync(wg, "FRA", new { speakerName = "Speaker B", themes = new[] { "Detention" } }).ExpectAsync(HttpStatusCode.Created);
        await gateway.Client(csoC.Token).ApplyAsync(wg, "FRA", "Speaker C").ExpectAsync(HttpStatusCode.Created);
        await gateway.Client(csoC.Token).ApplyAsync(wg, "MLI", "Speaker C").ExpectAsync(HttpStatusCode.Created);
        await gateway.Client(mission.Token).RsvpAsync(wg, "FRA", mission.Id, new { attending = true, delegates = 3 }).ExpectAsync(HttpStatusCode.OK);
        await gateway.Client(declining.Token).RsvpAsync(wg, "FRA", declining.Id, new { attending = false }).ExpectAsync(HttpStatusCode.OK);

        var op = gateway.Operator();
        var console = await (await op.PostAsync($"/api/rooms/{Uri.EscapeDataString(room)}/console-tokens", null)).JsonAsync(HttpStatusCode.Created);
        var otherConsole = await (await op.PostAsync($"/api/rooms/{Uri.EscapeDataString(otherRoom)}/console-tokens", null)).JsonAsync(HttpStatusCode.Created);
        var timer = $"/api/wg-sessions/{wg}/pre-sessions/FRA/timer";
        var consoleClient = gateway.Client(console.Str("token"));
        await consoleClient.SendAsync(HttpMethod.Post, $"{timer}/start", null, FuzzCorpus.StartKey).ExpectAsync(HttpStatusCode.OK);
        await consoleClient.SendAsync(HttpMethod.Post, $"{timer}/extend", JsonContent.Create(new { seconds = 60 }), FuzzCorpus.ExtendKey)
            .ExpectAsync(HttpStatusCode.OK);
        await consoleClient.PutAsJsonAsync($"{timer}/message", new { text = "Please conclude" }).ExpectAsync(HttpStatusCode.OK);

        return new FuzzScene(wg, "FRA", "MLI", room, otherRoom, gateway.OperatorToken, csoA, nhriB, csoC, csoD, mission, declining,
            console.Str("token"), otherConsole.Str("token"), console.Str("id"));
    }

    /// <summary>Every view of the scene, as the operator reads it (and the public pre-session view), status and body verbatim.</summary>
    private async Task<Dictionary<string, string>> SnapshotAsync(FuzzScene s)
    {
        var session = $"/api/wg-sessions/{s.Wg}";
        var room = Uri.EscapeDataString(s.Room);
        var otherRoom = Uri.EscapeDataString(s.OtherRoom);
        Registered[] organisations = [s.CsoA, s.NhriB, s.CsoC, s.CsoD, s.Mission, s.DecliningMission];
        string[] urls =
        [
            session, $"{session}/schedule.ics", $"{session}/time-report",
            .. new[] { s.Sur, s.OtherSur }.SelectMany(sur => new[]
            {
                $"{session}/pre-sessions/{sur}", $"{session}/pre-sessions/{sur}/timer", $"{session}/pre-sessions/{sur}/rundown",
                $"{session}/pre-sessions/{sur}/time-report", $"{session}/pre-sessions/{sur}/time-report.csv", $"/api/audit?wg={s.Wg}&sur={sur}",
            }),
            .. organisations.Select(o => $"/api/organisations/{o.Id}"),
            .. organisations.Select(o => $"/api/audit?organisationId={o.Id}"),
            $"/api/audit?wg={s.Wg}", $"/api/audit?room={room}", $"/api/audit?room={otherRoom}",
            $"/api/rooms/{room}", $"/api/rooms/{otherRoom}", $"/api/rooms/{room}/console-tokens", $"/api/rooms/{otherRoom}/console-tokens",
            $"/api/states/{s.Sur}", "/api/audit?organisationId=org-aaaaaaaaaaaaaaaa",
        ];
        var snapshot = new Dictionary<string, string>();
        var op = gateway.Operator();
        foreach (var url in urls)
        {
            using var response = await op.GetAsync(url);
            snapshot[url] = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
        }
        using (var anonymous = await gateway.Client().GetAsync($"{session}/pre-sessions/{s.Sur}"))
            snapshot["(public) " + $"{session}/pre-sessions/{s.Sur}"] = $"{(int)anonymous.StatusCode} {await anonymous.Content.ReadAsStringAsync()}";
        return snapshot;
    }

    /// <summary>The errors the gateway logs with an exception, by trace id, so a 5xx is reported with its stack trace.</summary>
    private sealed class ServerErrors : ILoggerProvider
    {
        private readonly ConcurrentDictionary<string, string> _byTrace = new();

        public string? Find(string traceId) => _byTrace.TryGetValue(traceId, out var text) ? text : null;

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose() { }

        private sealed class Logger(ServerErrors owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (exception is null || Activity.Current is not { } activity)
                    return;
                owner._byTrace.AddOrUpdate(activity.TraceId.ToString(), $"[{category}] {formatter(state, exception)}\n{exception}",
                    (_, earlier) => earlier);
            }
        }
    }
}
