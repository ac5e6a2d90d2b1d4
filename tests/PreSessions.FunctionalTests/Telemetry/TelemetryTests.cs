using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;

namespace PreSessions.FunctionalTests.Telemetry;

/// <summary>
/// What operators get from requests, read through the in-memory exporter: one trace from the gateway through the grains
/// to the storage write, the domain's attributes on it, logs that carry its trace id, the domain's metrics, and no
/// personal data in any of them.
/// </summary>
public sealed partial class TelemetryTests(TracedGatewayFactory gateway) : IClassFixture<TracedGatewayFactory>
{
    /// <summary>
    /// Meters are process-wide: this class's exporter also receives what the other classes' gateways count, under
    /// their own WG numbers (counted from 1). So this class's pre-sessions take WG numbers no other class uses.
    /// </summary>
    private static int _lastWg = 800;

    [GeneratedRegex("^00-([0-9a-f]{32})-([0-9a-f]{16})-01$")]
    private static partial Regex SampledTraceParent();

    [Fact]
    public async Task One_application_is_one_trace_from_the_request_through_both_grains_to_the_storage_write()
    {
        var (wg, sur) = await NewPreSessionAsync();
        var cso = await RegisterAsync("cso");

        using var response = await gateway.Client(cso.Token).ApplyAsync(wg, sur, Unique("Speaker"));

        await response.JsonAsync(HttpStatusCode.Created);
        var (traceId, requestSpanId) = TraceParent(response);
        var trace = await TraceAsync(traceId);

        // The traceparent names the gateway's request span, the root of one tree holding every span of the request.
        var request = Assert.Single(trace, IsRequest);
        Assert.Equal(requestSpanId, request.SpanId.ToHexString());
        Assert.Equal(default, request.ParentSpanId);
        Assert.All(trace.Where(s => s != request), s => Assert.Contains(trace, parent => parent.SpanId == s.ParentSpanId));

        // Each grain call, as the caller and as the grain saw it.
        foreach (var call in new[] { "IOrganisationGrain/Apply", "IPreSessionGrain/Apply" })
        {
            Assert.Single(trace, s => s.Source.Name == "Microsoft.Orleans.Application" && s.DisplayName == call && s.Kind == ActivityKind.Client);
            Assert.Single(trace, s => s.Source.Name == "Microsoft.Orleans.Application" && s.DisplayName == call && s.Kind == ActivityKind.Server);
        }
        var preSessionCall = trace.Single(s => s.DisplayName == "IPreSessionGrain/Apply" && s.Kind == ActivityKind.Server);

        // The pre-session's state written before it answered, within its call.
        Assert.Contains(trace, s => s.Source.Name == "Microsoft.Orleans.Storage" && s.DisplayName == "write storage" &&
            Equals(s.GetTagItem("orleans.grain.id"), $"presession/{wg}/{sur}") && IsWithin(s, preSessionCall, trace));

        // The domain's attributes, on the request and where the pre-session decided.
        foreach (var span in new[] { request, preSessionCall })
        {
            Assert.Equal(wg, span.GetTagItem(DomainSpan.Wg));
            Assert.Equal(sur, span.GetTagItem(DomainSpan.Sur));
            Assert.Equal(cso.Id, span.GetTagItem(DomainSpan.OrganisationId));
            Assert.Equal("panel", span.GetTagItem(DomainSpan.Outcome));
        }

        // What was logged while the request ran carries its trace id, so logs and trace are found together.
        Assert.Contains(gateway.Logs.Snapshot(), log => log.TraceId.ToHexString() == traceId);
    }

    [Fact]
    public async Task A_request_is_traced_even_when_its_caller_did_not_sample_its_own_trace()
    {
        const string callerTraceId = "0af7651916cd43dd8448eb211c80319c";
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/states/FRA");
        request.Headers.Add("traceparent", $"00-{callerTraceId}-b7ad6b7169203331-00");

        using var response = await gateway.Client().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The caller's trace goes on, and this part of it is recorded, so its traceparent finds it.
        Assert.Equal((callerTraceId, (await TraceAsync(callerTraceId)).Single(IsRequest).SpanId.ToHexString()), TraceParent(response));
    }

    [Fact]
    public async Task A_refused_command_says_why_on_its_spans()
    {
        var (wg, sur) = await NewPreSessionAsync(applicationsClose: GatewayFactory.Start.AddDays(-1));
        var cso = await RegisterAsync("cso");

        using var response = await gateway.Client(cso.Token).ApplyAsync(wg, sur, Unique("Speaker"));

        await response.ProblemAsync(HttpStatusCode.Conflict);
        var trace = await TraceAsync(TraceParent(response).TraceId);
        Assert.Equal("conflict", trace.Single(IsRequest).GetTagItem(DomainSpan.Outcome));
        Assert.Equal("conflict", trace.Single(s => s.DisplayName == "IPreSessionGrain/Apply" && s.Kind == ActivityKind.Server)
            .GetTagItem(DomainSpan.Outcome));
    }

    [Fact]
    public async Task Applications_withdrawals_rsvps_and_seats_are_counted_by_pre_session_and_outcome()
    {
        var (wg, sur) = await NewPreSessionAsync(panelSize: 1, seats: 5);
        var (first, second) = (await RegisterAsync("cso"), await RegisterAsync("nhri"));
        var (early, late) = (await RegisterAsync("mission"), await RegisterAsync("mission"));

        await gateway.Client(first.Token).ApplyAsync(wg, sur, Unique("Speaker")).ExpectAsync(HttpStatusCode.Created);
        await gateway.Client(second.Token).ApplyAsync(wg, sur, Unique("Speaker")).ExpectAsync(HttpStatusCode.Created);
        await gateway.Client(first.Token).WithdrawAsync(wg, sur, first.Id).ExpectAsync(HttpStatusCode.NoContent);
        await gateway.Client(early.Token).RsvpAsync(wg, sur, early.Id, new { attending = true, delegates = 3 }).ExpectAsync(HttpStatusCode.OK);
        await gateway.Client(late.Token).RsvpAsync(wg, sur, late.Id, new { attending = true, delegates = 3 }).ExpectAsync(HttpStatusCode.OK);
        // The same PUT again changes nothing, so it is not counted again.
        await gateway.Client(late.Token).RsvpAsync(wg, sur, late.Id, new { attending = true, delegates = 3 }).ExpectAsync(HttpStatusCode.OK);
        gateway.CollectMetrics();

        Assert.Equal(1, Sum(PreSessionsMetrics.Applications, wg, sur, "panel"));
        Assert.Equal(1, Sum(PreSessionsMetrics.Applications, wg, sur, "waitlist"));
        Assert.Equal(1, Sum(PreSessionsMetrics.Withdrawals, wg, sur));
        Assert.Equal(1, Sum(PreSessionsMetrics.Rsvps, wg, sur, "confirmed"));
        Assert.Equal(1, Sum(PreSessionsMetrics.Rsvps, wg, sur, "waitlist"));
        Assert.Equal(3, Sum(PreSessionsMetrics.SeatsTaken, wg, sur));
        // Request durations, and Orleans' own meter, go to the same exporter.
        // By route, as Sum does by pre-session: the last stream of that name may be another test class's gateway's.
        Assert.NotEmpty(gateway.Points("http.server.request.duration",
            p => Tag(p, "http.route") == "/api/wg-sessions/{wg}/pre-sessions/{sur}/applications/"));
        Assert.Contains(gateway.Metrics.Snapshot(), m => m.MeterName == "Microsoft.Orleans");
    }

    [Fact]
    public async Task Timer_commands_overruns_and_open_event_streams_are_measured()
    {
        var (wg, sur) = await NewPreSessionAsync();
        var timer = $"/api/wg-sessions/{wg}/pre-sessions/{sur}/timer";
        var op = gateway.Operator();
        using var watching = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var stream = await gateway.Client().GetAsync($"{timer}/events", HttpCompletionOption.ResponseHeadersRead, watching.Token);
        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        gateway.CollectMetrics();
        Assert.True(OpenStreams("timer") >= 1, "The open event stream is not counted.");

        await op.PostAsync($"{timer}/start", null).ExpectAsync(HttpStatusCode.OK);
        gateway.Clock.Advance(TimeSpan.FromMinutes(6));            // the 5-minute opening runs over
        await op.PostAsync($"{timer}/next", null).ExpectAsync(HttpStatusCode.OK);
        await op.PostAsync($"{timer}/start", null).ExpectAsync(HttpStatusCode.Conflict);
        gateway.CollectMetrics();

        Assert.Equal(1, TimerCommands(wg, sur, "start", "accepted"));
        Assert.Equal(1, TimerCommands(wg, sur, "next", "accepted"));
        Assert.Equal(1, TimerCommands(wg, sur, "start", "conflict"));
        Assert.Equal(1, Sum(PreSessionsMetrics.Overruns, wg, sur));
    }

    private long TimerCommands(int wg, string sur, string command, string outcome) => gateway.Points(PreSessionsMetrics.TimerCommands,
            p => Tag(p, "wg") == wg.ToString() && Tag(p, "sur") == sur && Tag(p, "command") == command && Tag(p, "outcome") == outcome)
        .Sum(p => p.GetSumLong());

    /// <summary>The latest count of open streams of a feed (an up-down counter: each export carries the running total).</summary>
    private long OpenStreams(string feed) => gateway.Points(PreSessions.Gateway.Live.LiveFeeds.Connections, p => Tag(p, "feed") == feed)
        .Select(p => p.GetSumLong()).DefaultIfEmpty(0).Last();

    [Fact]
    public async Task No_span_log_or_metric_carries_a_name_an_email_or_a_token()
    {
        var (wg, sur) = await NewPreSessionAsync(panelSize: 1);
        var (cso, nhri, mission) = (await RegisterAsync("cso"), await RegisterAsync("nhri"), await RegisterAsync("mission"));
        var (speaker, waiting) = (Unique("Speaker"), Unique("Speaker"));

        await gateway.Client(cso.Token).ApplyAsync(wg, sur, speaker).ExpectAsync(HttpStatusCode.Created);
        await gateway.Client(nhri.Token).ApplyAsync(wg, sur, waiting).ExpectAsync(HttpStatusCode.Created);
        await gateway.Client(mission.Token).RsvpAsync(wg, sur, mission.Id, new { attending = true, delegates = 2 }).ExpectAsync(HttpStatusCode.OK);
        await gateway.Client().GetAsync($"/api/wg-sessions/{wg}/pre-sessions/{sur}").ExpectAsync(HttpStatusCode.OK);
        await gateway.Operator().GetAsync($"/api/organisations/{cso.Id}").ExpectAsync(HttpStatusCode.OK);
        await gateway.Client(cso.Token).WithdrawAsync(wg, sur, cso.Id).ExpectAsync(HttpStatusCode.NoContent);
        // A token that fails is logged as a failure: the token itself must not be.
        await gateway.Client(nhri.Token + "x").ApplyAsync(wg, sur, waiting).ExpectAsync(HttpStatusCode.Unauthorized);
        gateway.CollectMetrics();

        var exported = gateway.Spans.Snapshot().SelectMany(Texts)
            .Concat(gateway.Logs.Snapshot().SelectMany(Texts))
            .Concat(gateway.Metrics.Snapshot().SelectMany(Texts))
            .ToList();

        // The search reads what the exporters carry: the organisations' ids are there, as they are meant to be.
        Assert.Contains(exported, text => text.Contains(cso.Id, StringComparison.Ordinal));
        string[] personal = [speaker, waiting, .. new[] { cso, nhri, mission }.SelectMany(o => new[] { o.Name, o.Email, o.Token })];
        foreach (var secret in personal)
            Assert.DoesNotContain(exported, text => text.Contains(secret, StringComparison.Ordinal));
    }

    private static bool IsRequest(Activity span) => span.Source.Name == "Microsoft.AspNetCore" && span.Kind == ActivityKind.Server;

    private static bool IsWithin(Activity span, Activity ancestor, Activity[] trace)
    {
        for (var parent = span.ParentSpanId; parent != default; parent = trace.Single(s => s.SpanId == parent).ParentSpanId)
        {
            if (parent == ancestor.SpanId)
                return true;
        }
        return false;
    }

    /// <summary>The spans of one trace, once its request span has ended (it ends last, just after the response).</summary>
    private async Task<Activity[]> TraceAsync(string traceId)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var trace = gateway.Spans.Snapshot().Where(s => s.TraceId.ToHexString() == traceId).ToArray();
            if (trace.Any(IsRequest))
                return trace;
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), $"The request span of trace {traceId} was never exported.");
            await Task.Delay(50);
        }
    }

    private static (string TraceId, string SpanId) TraceParent(HttpResponseMessage response)
    {
        var match = SampledTraceParent().Match(Assert.Single(response.Headers.GetValues("traceparent")));
        Assert.True(match.Success, "The request's trace is not sampled.");
        return (match.Groups[1].Value, match.Groups[2].Value);
    }

    private long Sum(string metric, int wg, string sur, string? outcome = null) => gateway.Points(metric,
            p => Tag(p, "wg") == wg.ToString() && Tag(p, "sur") == sur && (outcome is null || Tag(p, "outcome") == outcome))
        .Sum(p => p.GetSumLong());

    private static string? Tag(MetricPoint point, string key)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == key)
                return Convert.ToString(tag.Value);
        }
        return null;
    }

    /// <summary>Every text a span carries to an exporter.</summary>
    private static IEnumerable<string> Texts(Activity span) =>
        new[] { span.DisplayName, span.OperationName, span.StatusDescription ?? "" }
            .Concat(span.TagObjects.Select(t => $"{t.Key}={t.Value}"))
            .Concat(span.Events.SelectMany(e => e.Tags.Select(t => $"{e.Name} {t.Key}={t.Value}")))
            .Concat(span.Baggage.Select(b => $"{b.Key}={b.Value}"));

    /// <summary>Every text a log record carries to an exporter: message, attributes, scopes, exception.</summary>
    private static IEnumerable<string> Texts(LogRecord log)
    {
        var texts = new List<string> { log.FormattedMessage ?? "", log.Body ?? "", log.Exception?.ToString() ?? "" };
        texts.AddRange(log.Attributes?.Select(a => $"{a.Key}={a.Value}") ?? []);
        log.ForEachScope((scope, found) =>
        {
            foreach (var item in scope)
                found.Add($"{item.Key}={item.Value}");
        }, texts);
        return texts;
    }

    private static IEnumerable<string> Texts(MetricSnapshot metric)
    {
        foreach (var point in metric.MetricPoints)
        {
            foreach (var tag in point.Tags)
                yield return $"{metric.Name} {tag.Key}={tag.Value}";
        }
    }

    private static string Unique(string what) => $"{what} {Guid.NewGuid():N}";

    private async Task<(int Wg, string Sur)> NewPreSessionAsync(int panelSize = 6, int seats = 40, DateTimeOffset? applicationsClose = null)
    {
        var wg = Interlocked.Increment(ref _lastWg);
        using var session = await gateway.Operator().PutAsJsonAsync($"/api/wg-sessions/{wg}", new
        {
            title = $"Pre-sessions for WG {wg}",
            venue = "Palais des Nations, Geneva",
            provisional = true,
            applicationsClose = applicationsClose?.ToString("yyyy-MM-dd'T'HH:mm:sszzz"),
        });
        Assert.Equal(HttpStatusCode.Created, session.StatusCode);
        await gateway.SchedulePreSessionAsync(wg, "TON", panelSize, seats);
        return (wg, "TON");
    }

    /// <summary>An organisation with a name and an email of its own, so a test can look for them in what is exported.</summary>
    private async Task<Organisation> RegisterAsync(string kind)
    {
        var (name, email) = (Unique("Organisation"), $"{Guid.NewGuid():N}@example.org");
        using var response = await gateway.Client().PostAsJsonAsync("/api/organisations", new { name, kind, country = "TON", email });
        var body = await response.JsonAsync(HttpStatusCode.Created);
        return new Organisation(body.Str("id"), body.Str("token"), name, email);
    }

    private sealed record Organisation(string Id, string Token, string Name, string Email);
}
