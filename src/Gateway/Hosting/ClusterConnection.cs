using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace PreSessions.Gateway.Hosting;

/// <summary>No silo of the cluster answers (yet): the gateway says 503 with Retry-After, and a retry is safe.</summary>
public sealed class ClusterUnavailableException() : Exception("No silo of the PreSessions cluster answers yet.");

/// <summary>
/// The gateway's connection to a PreSessions cluster, as a pure client. An Orleans client blocks its host's start
/// until a silo answers (minutes when none does), so the client lives in a host of its own that this service starts
/// in the background and starts again until it connects: meanwhile the gateway runs, reports not ready, and answers
/// 503. Once connected, the Orleans client itself follows silos that die and join. The client host also carries the
/// Orleans dashboard's client side, whose page <see cref="OperatorDashboard"/> serves from <see cref="ClientServices"/>.
/// </summary>
public sealed class ClusterConnection(string postgres, ILoggerFactory logging) : BackgroundService
{
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan BetweenAttempts = TimeSpan.FromSeconds(2);

    private readonly ILogger _log = logging.CreateLogger<ClusterConnection>();
    private volatile IHost? _client;

    public bool IsConnected => _client is not null;

    /// <summary>The connected client host's services (its grain factory, the dashboard's), or null while not connected.</summary>
    public IServiceProvider? ClientServices => _client?.Services;

    public IGrainFactory Grains => _client?.Services.GetRequiredService<IGrainFactory>() ?? throw new ClusterUnavailableException();

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            var client = Client();
            try
            {
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                attempt.CancelAfter(AttemptTimeout);
                await client.StartAsync(attempt.Token);
                _client = client;
                _log.LogInformation("Connected to the PreSessions cluster");
                return;
            }
            catch (Exception failure) when (!stopping.IsCancellationRequested)
            {
                _log.LogWarning("No silo of the cluster answers yet ({Reason}); trying again", failure.GetType().Name);
                client.Dispose();
                await Task.Delay(BetweenAttempts, stopping);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_client is { } client)
        {
            await client.StopAsync(cancellationToken);
            client.Dispose();
        }
    }

    private IHost Client()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.AddProvider(new Forwarding(logging));
        // A failed attempt is this service's to report, once, not the client host's with a stack trace each time.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);
        builder.UseOrleansClient(client => client
            .JoinCluster(postgres)
            // Silos that join (a replacement for one that died) are known within seconds, not the default minute:
            // until then a client whose every known silo died has no way in.
            .Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(10))
            .AddActivityPropagation()
            .AddOutgoingGrainCallFilter<RequestSpanTags>()
            .AddDashboard());
        // The dashboard's endpoints run in a request pipeline of this host (see OperatorDashboard): routing, and the
        // diagnostic listener its routing middleware writes to (its own, so the gateway's ASP.NET tracing hears none of it).
        builder.Services.AddRouting();
        builder.Services.TryAddSingleton(_ => new DiagnosticListener("PreSessions.OperatorDashboard"));
        // Fail the attempt at once rather than retry inside StartAsync: this service's loop does the retrying.
        builder.Services.AddSingleton<IClientConnectionRetryFilter, NoRetry>();
        return builder.Build();
    }

    /// <summary>The client's logs go where the gateway's go.</summary>
    private sealed class Forwarding(ILoggerFactory logging) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => logging.CreateLogger(categoryName);

        public void Dispose() { }
    }

    private sealed class NoRetry : IClientConnectionRetryFilter
    {
        public Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken) => Task.FromResult(false);
    }
}
