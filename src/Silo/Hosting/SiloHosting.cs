using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;
using Orleans.Dashboard;
using PreSessions.Silo.Storage;

namespace PreSessions.Silo.Hosting;

/// <summary>How every PreSessions silo is built, whether it runs alone, in a cluster, or inside the gateway's process.</summary>
public static class SiloHosting
{
    /// <summary>Storage rows are keyed by the service id, so it is pinned: a changed id would make all state seem gone.</summary>
    public const string ServiceId = "presessions";
    public const string ClusterId = "presessions";

    /// <summary>
    /// A PreSessions silo. With <c>ConnectionStrings:PreSessions</c> it is one silo of a cluster whose grain state,
    /// membership and reminders live in PostgreSQL, bound to <c>Orleans:AdvertisedIP</c>; without, it is the embedded
    /// default: alone on this machine, its grain state in the SQLite store.
    /// </summary>
    public static ISiloBuilder AddPreSessions(this ISiloBuilder silo, IConfiguration configuration)
    {
        var ports = Ports(configuration);
        silo.Configure<ClusterOptions>(o => (o.ServiceId, o.ClusterId) = (ServiceId, ClusterId));
        // Failure detection is the operator's to tune (defaults: 5 s probes, 3 missed, 2 votes).
        silo.Configure<ClusterMembershipOptions>(configuration.GetSection("Orleans:Membership"));
        if (PreSessionsOptions.ClusterDatabase(configuration) is { } postgres)
        {
            var address = IPAddress.Parse(configuration["Orleans:AdvertisedIP"] ?? IPAddress.Loopback.ToString());
            silo.ConfigureEndpoints(address, ports.Silo, ports.Gateway, listenOnAnyHostAddress: !IPAddress.IsLoopback(address));
            silo.UsePostgresStore(postgres, StorageNames.Grains);
            // The Orleans dashboard's collecting side (its grains, the call profiler, the metrics): the gateways, as
            // clients, serve its page to operators. The embedded default's gateway adds it to the silo it hosts.
            silo.AddDashboard();
        }
        else
        {
            silo.UseLocalhostClustering(ports.Silo, ports.Gateway);
            silo.UseEmbeddedStore(DataDirectory.Path(configuration), StorageNames.Grains);
        }
        return silo.AddPreSessionsRuntime();
    }

    /// <summary>
    /// A client of a PreSessions cluster (the gateway in cluster mode): the silos' service and cluster ids, and the
    /// silos' gateways as the PostgreSQL membership table lists them.
    /// </summary>
    public static IClientBuilder UsePreSessionsCluster(this IClientBuilder client, string postgres) => client
        .Configure<ClusterOptions>(o => (o.ServiceId, o.ClusterId) = (ServiceId, ClusterId))
        .UsePostgresClustering(postgres);

    /// <summary>
    /// What every silo needs to run PreSessions' grains, whatever its cluster and store: time, trace propagation and
    /// the domain's tags and counts on it, the domain's meter, and the timekeeping settings.
    /// </summary>
    public static ISiloBuilder AddPreSessionsRuntime(this ISiloBuilder silo)
    {
        // In this order: the domain's filters run within the grain call's span that the propagation starts. The
        // outgoing one tags the request's span of a gateway hosting this silo.
        silo.AddActivityPropagation()
            .AddIncomingGrainCallFilter<DomainCallFilter>()
            .AddOutgoingGrainCallFilter<RequestSpanTags>();
        silo.Services.TryAddSingleton(TimeProvider.System);
        // The default clock is the grains' (the domain's time, which tests drive). Orleans takes each runtime area's
        // clock from it unless keyed otherwise, and on a clock that moves only when a test says so, membership never
        // probes or says it is alive (no silo notices a dead one) and calls never time out: its machinery keeps real time.
        foreach (var area in RuntimeClocks)
            silo.Services.AddKeyedSingleton(area, TimeProvider.System);
        silo.Services.AddMetrics().TryAddSingleton<PreSessionsMetrics>();
        silo.Services.AddOptions<TimekeepingOptions>().BindConfiguration(TimekeepingOptions.Section);
        return silo;
    }

    private static readonly string[] RuntimeClocks =
    [
        TimeProviderNames.Membership, TimeProviderNames.Messaging, TimeProviderNames.SystemTimers,
        TimeProviderNames.ActivationManagement, TimeProviderNames.GrainDirectory,
    ];

    /// <summary>The silo's ports: <c>Orleans:SiloPort</c> and <c>Orleans:GatewayPort</c>, 11111 and 30000 unless set.</summary>
    public static (int Silo, int Gateway) Ports(IConfiguration configuration) => (
        configuration.GetValue("Orleans:SiloPort", EndpointOptions.DEFAULT_SILO_PORT),
        configuration.GetValue("Orleans:GatewayPort", EndpointOptions.DEFAULT_GATEWAY_PORT));
}
