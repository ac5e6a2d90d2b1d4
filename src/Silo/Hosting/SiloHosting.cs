using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;
using PreSessions.Silo.Storage;

namespace PreSessions.Silo.Hosting;

/// <summary>How every PreSessions silo is built, whether it runs alone or inside the gateway's process.</summary>
public static class SiloHosting
{
    /// <summary>Storage rows are keyed by the service id, so it is pinned: a changed id would make all state seem gone.</summary>
    public const string ServiceId = "presessions";
    public const string ClusterId = "presessions";

    /// <summary>A silo of the embedded default: alone on this machine, its grain state in the SQLite store.</summary>
    public static ISiloBuilder AddPreSessions(this ISiloBuilder silo, IConfiguration configuration)
    {
        var ports = Ports(configuration);
        silo.Configure<ClusterOptions>(o => (o.ServiceId, o.ClusterId) = (ServiceId, ClusterId));
        silo.UseLocalhostClustering(ports.Silo, ports.Gateway);
        return silo.AddPreSessionsGrains(configuration);
    }

    /// <summary>What a silo needs to run PreSessions' grains, whatever its cluster: storage, time, trace propagation.</summary>
    public static ISiloBuilder AddPreSessionsGrains(this ISiloBuilder silo, IConfiguration configuration)
    {
        var options = configuration.GetSection(PreSessionsOptions.Section).Get<PreSessionsOptions>() ?? new();
        silo.UseEmbeddedStore(Path.GetFullPath(options.DataDirectory), StorageNames.Grains);
        silo.AddActivityPropagation();
        silo.Services.TryAddSingleton(TimeProvider.System);
        return silo;
    }

    /// <summary>The silo's ports: <c>Orleans:SiloPort</c> and <c>Orleans:GatewayPort</c>, 11111 and 30000 unless set.</summary>
    public static (int Silo, int Gateway) Ports(IConfiguration configuration) => (
        configuration.GetValue("Orleans:SiloPort", EndpointOptions.DEFAULT_SILO_PORT),
        configuration.GetValue("Orleans:GatewayPort", EndpointOptions.DEFAULT_GATEWAY_PORT));
}
