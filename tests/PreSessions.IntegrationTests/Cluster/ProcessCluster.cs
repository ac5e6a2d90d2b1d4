using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PreSessions.IntegrationTests.Postgres;

namespace PreSessions.IntegrationTests.Cluster;

/// <summary>
/// A cluster as operators run it, for one test class: silos and gateways as real processes on loopback, on a fresh
/// PostgreSQL database migrated by the silo's own `migrate`, all stopped and dropped after the class.
/// </summary>
public abstract class ProcessCluster : IAsyncLifetime
{
    /// <summary>Failure detection in seconds, not the production defaults' tens of seconds (set through configuration).</summary>
    private static readonly Dictionary<string, string> FastFailureDetection = new()
    {
        ["Orleans__Membership__ProbeTimeout"] = "00:00:02",
        ["Orleans__Membership__NumMissedProbesLimit"] = "2",
        ["Orleans__Membership__NumVotesForDeathDeclaration"] = "1",
        ["Orleans__Membership__TableRefreshTimeout"] = "00:00:02",
        ["Orleans__Membership__ExtendProbeTimeoutDuringDegradation"] = "false",
    };

    private readonly TempDataDirectory _data = new();
    private readonly List<ServiceProcess> _processes = [];

    protected PostgresDatabase Database { get; } = new();

    protected string OperatorToken { get; } = "op-" + Guid.NewGuid().ToString("N");

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        var (exitCode, output) = await ServiceProcess.RunAsync("Silo",
            new Dictionary<string, string> { ["ConnectionStrings__PreSessions"] = Database.ConnectionString }, "migrate");
        Assert.True(exitCode == 0, $"migrate exited with {exitCode}:\n{output}");
    }

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
            await process.DisposeAsync();
        _data.Dispose();
        await Database.DisposeAsync();
    }

    /// <summary>A gateway process in cluster mode: a pure client of the cluster.</summary>
    protected ServiceProcess Gateway() => Started(ServiceProcess.Start(_data.Path, seedDemo: false, OperatorToken,
        new Dictionary<string, string> { ["ConnectionStrings__PreSessions"] = Database.ConnectionString }));

    protected ServiceProcess Silo() => Started(ServiceProcess.StartSilo(Database.ConnectionString, FastFailureDetection));

    /// <summary>How many silos the gateway's readiness counts as active; 0 while it is not ready.</summary>
    protected static async Task<int> ActiveSilos(ServiceProcess gateway)
    {
        using var ready = await gateway.Http.GetAsync("/health/ready");
        if (ready.StatusCode != HttpStatusCode.OK)
            return 0;
        var cluster = (await ready.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checks").GetProperty("cluster").GetString()!;
        return int.Parse(cluster.Split(' ')[0]);
    }

    /// <summary>Waits for a condition, asking again while the processes come and go, within the cluster's bound.</summary>
    protected static Task Until(Func<Task<bool>> condition, string what, int seconds = 120) =>
        Eventually.Until(condition, TimeSpan.FromSeconds(seconds), what);

    private ServiceProcess Started(ServiceProcess process)
    {
        _processes.Add(process);
        return process;
    }
}
