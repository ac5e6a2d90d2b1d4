using System.Diagnostics;
using System.Net;

namespace PreSessions.FunctionalTests.Telemetry;

public sealed partial class TelemetryTests
{
    /// <summary>
    /// A retried application or withdrawal (the same Idempotency-Key) answers what it answered first: its spans say so
    /// again, but the counters count each change once, whoever retries.
    /// </summary>
    [Fact]
    public async Task A_replayed_application_or_withdrawal_says_its_outcome_again_and_is_counted_once()
    {
        var (wg, sur) = await NewPreSessionAsync(panelSize: 1);
        var (first, second) = (await RegisterAsync("cso"), await RegisterAsync("cso"));
        var (key, withdrawalKey) = (Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"));
        await gateway.Client(first.Token).ApplyAsync(wg, sur, Unique("Speaker")).ExpectAsync(HttpStatusCode.Created);
        await gateway.Client(second.Token).ApplyAsync(wg, sur, "Speaker", key).ExpectAsync(HttpStatusCode.Created);

        using var replayed = await gateway.Client(second.Token).ApplyAsync(wg, sur, "Speaker", key);
        await replayed.JsonAsync(HttpStatusCode.Created);
        await gateway.Client(second.Token).WithdrawAsync(wg, sur, second.Id, withdrawalKey).ExpectAsync(HttpStatusCode.NoContent);
        await gateway.Client(second.Token).WithdrawAsync(wg, sur, second.Id, withdrawalKey).ExpectAsync(HttpStatusCode.NoContent);
        gateway.CollectMetrics();

        var trace = await TraceAsync(TraceParent(replayed).TraceId);
        Assert.Equal("waitlist", trace.Single(IsRequest).GetTagItem(DomainSpan.Outcome));
        var decided = trace.Single(s => s.DisplayName == "IPreSessionGrain/Apply" && s.Kind == ActivityKind.Server);
        Assert.Equal("waitlist", decided.GetTagItem(DomainSpan.Outcome));
        Assert.Equal(second.Id, decided.GetTagItem(DomainSpan.OrganisationId));
        Assert.Equal(1, Sum(PreSessionsMetrics.Applications, wg, sur, "panel"));
        Assert.Equal(1, Sum(PreSessionsMetrics.Applications, wg, sur, "waitlist"));
        Assert.Equal(1, Sum(PreSessionsMetrics.Withdrawals, wg, sur));
    }
}
