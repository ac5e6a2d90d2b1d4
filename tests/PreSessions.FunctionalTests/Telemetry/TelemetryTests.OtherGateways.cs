using System.Net;

namespace PreSessions.FunctionalTests.Telemetry;

public sealed partial class TelemetryTests
{
    /// <summary>
    /// Other test classes' gateways run in the same process with meters of the same name, and stop while this class
    /// runs: one of them measuring, then stopping, must neither show in this gateway's metrics nor end them.
    /// </summary>
    [Fact]
    public async Task Another_gateway_in_the_process_neither_adds_to_nor_ends_this_gateways_metrics()
    {
        var (wg, sur) = await NewPreSessionAsync();
        int otherWg;
        await using (var other = new GatewayFactory())
        {
            otherWg = await other.CreateWgSessionAsync();
            await other.SchedulePreSessionAsync(otherWg, "LUX");
            var speaker = await other.RegisterAsync("cso");
            await other.Client(speaker.Token).ApplyAsync(otherWg, "LUX", Unique("Speaker")).ExpectAsync(HttpStatusCode.Created);
            gateway.CollectMetrics();
        }

        var cso = await RegisterAsync("cso");
        await gateway.Client(cso.Token).ApplyAsync(wg, sur, Unique("Speaker")).ExpectAsync(HttpStatusCode.Created);
        gateway.CollectMetrics();

        Assert.Equal(1, Sum(PreSessionsMetrics.Applications, wg, sur, "panel"));
        Assert.Equal(0, Sum(PreSessionsMetrics.Applications, otherWg, "LUX", "panel"));
    }
}
