using System.Net;
using System.Net.Http.Json;

namespace PreSessions.FunctionalTests.Security;

/// <summary>A gateway with small rate limits, so a test reaches them in a few requests.</summary>
public sealed class TightLimitsGatewayFactory : GatewayFactory
{
    public const int Registrations = 3;
    public const int Commands = 4;
    public const int EventStreams = 2;

    protected override IReadOnlyDictionary<string, string> Limits => new Dictionary<string, string>
    {
        ["PreSessions:Limits:RegistrationsPerMinute"] = Registrations.ToString(),
        ["PreSessions:Limits:CommandsPerMinute"] = Commands.ToString(),
        ["PreSessions:Limits:EventStreamsPerClient"] = EventStreams.ToString(),
    };
}

/// <summary>Registrations per client address: 429 with Retry-After, as problem+json. A gateway of its own, so no other test spends its budget.</summary>
public sealed class RegistrationLimitTests(TightLimitsGatewayFactory gateway) : IClassFixture<TightLimitsGatewayFactory>
{
    [Fact]
    public async Task Registrations_beyond_the_limit_get_429_with_Retry_After()
    {
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < TightLimitsGatewayFactory.Registrations + 2; i++)
            answers.Add(await gateway.Client().PostAsJsonAsync("/api/organisations", new { name = $"Limited CSO {i}", kind = "cso" }));

        Assert.All(answers.Take(TightLimitsGatewayFactory.Registrations), a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));
        foreach (var refused in answers.Skip(TightLimitsGatewayFactory.Registrations))
        {
            var problem = await refused.ProblemAsync(HttpStatusCode.TooManyRequests);
            Assert.Contains("too many", problem.Str("detail"));
            var retryAfter = int.Parse(Assert.Single(refused.Headers.GetValues("Retry-After")));
            Assert.InRange(retryAfter, 1, 60);
        }
    }

}

/// <summary>
/// Commands per token (429 with Retry-After), limits on open event streams, and the state after: a refused request
/// changed nothing.
/// </summary>
public sealed class RateLimitTests(TightLimitsGatewayFactory gateway) : IClassFixture<TightLimitsGatewayFactory>
{
    [Fact]
    public async Task Commands_are_limited_per_token_so_one_organisation_cannot_starve_another()
    {
        var wg = await gateway.NewPreSessionAsync(panelSize: 2);
        // Registrations have their own, separate limit; these two fit within it.
        var hasty = await gateway.RegisterAsync("mission");
        var patient = await gateway.RegisterAsync("mission");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < TightLimitsGatewayFactory.Commands + 2; i++)
        {
            using var answer = await gateway.Client(hasty.Token).RsvpAsync(wg, "FRA", hasty.Id, new { attending = true, delegates = 1 + i % 2 });
            statuses.Add(answer.StatusCode);
        }
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, TightLimitsGatewayFactory.Commands), statuses.Take(TightLimitsGatewayFactory.Commands));
        Assert.All(statuses.Skip(TightLimitsGatewayFactory.Commands), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));

        using var other = await gateway.Client(patient.Token).RsvpAsync(wg, "FRA", patient.Id, new { attending = true, delegates = 3 });
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);

        // The refused RSVPs changed nothing: the last accepted one (the fourth, 2 delegates) stands.
        var preSession = await gateway.Client().GetJsonAsync($"/api/wg-sessions/{wg}/pre-sessions/FRA");
        Assert.Equal(2 + 3, preSession.Int("seatsTaken"));
    }

    [Fact]
    public async Task A_client_may_hold_only_so_many_event_streams_open()
    {
        var wg = await gateway.CreateWgSessionAsync();
        await gateway.SchedulePreSessionAsync(wg, "MLI", room: $"Limits {wg}");
        var url = $"/api/wg-sessions/{wg}/pre-sessions/MLI/timer/events";
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var open = new List<HttpResponseMessage>();
        for (var i = 0; i < TightLimitsGatewayFactory.EventStreams; i++)
        {
            var stream = await gateway.Client().GetAsync(url, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
            open.Add(stream);
        }
        using (var refused = await gateway.Client().GetAsync(url, HttpCompletionOption.ResponseHeadersRead, timeout.Token))
        {
            var problem = await refused.ProblemAsync(HttpStatusCode.TooManyRequests);
            Assert.Contains("event streams", problem.Str("detail"));
            Assert.True(refused.Headers.Contains("Retry-After"));
        }

        open[0].Dispose();
        // The closed stream's permit returns once the server sees the disconnect: ask again, within a bound.
        HttpStatusCode status;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        do
        {
            using var again = await gateway.Client().GetAsync(url, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            status = again.StatusCode;
            if (status != HttpStatusCode.OK)
                await Task.Delay(100, timeout.Token);
        }
        while (status != HttpStatusCode.OK && waited.Elapsed < TimeSpan.FromSeconds(20));
        Assert.Equal(HttpStatusCode.OK, status);
        foreach (var stream in open.Skip(1))
            stream.Dispose();
    }
}
