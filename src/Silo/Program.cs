using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PreSessions;
using PreSessions.Silo.Hosting;
using PreSessions.Silo.Storage;

// `migrate`: create or upgrade the cluster's PostgreSQL schema, then exit.
// Otherwise: one silo, of the PostgreSQL cluster when ConnectionStrings:PreSessions is set, else on the embedded
// store (the gateway hosts that same silo in its own process, which is how the embedded default runs).
if (args is ["migrate", ..])
    return await Migration.RunAsync(args[1..]);

var builder = Host.CreateApplicationBuilder(args);
// Orleans' placement runs through a Polly pipeline that logs every activation at Information: two lines per grain
// activated, 8,000 in one benchmark run, nothing an operator reads (the gateway's appsettings.json says the same).
builder.Logging.AddFilter("Polly", LogLevel.Warning);
builder.AddPreSessionsTelemetry(Telemetry.SiloServiceName);
builder.UseOrleans(silo => silo.AddPreSessions(builder.Configuration));
var host = builder.Build();
var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
try
{
    await host.RunAsync();
}
catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
{
    // SIGTERM while the silo was still joining: the start was abandoned as asked, which is a clean stop, not a crash.
}
return 0;

static class Migration
{
    public static async Task<int> RunAsync(string[] args)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
        if (PreSessionsOptions.ClusterDatabase(configuration) is not { } postgres)
        {
            Console.Error.WriteLine("migrate needs the cluster's database: set ConnectionStrings__PreSessions.");
            return 2;
        }
        var version = await PostgresStore.MigrateAsync(postgres);
        Console.WriteLine($"PostgreSQL schema at version {version}.");
        return 0;
    }
}

/// <summary>The silo's entry point stays internal (ASP.NET Core, which the dashboard brings, would make it public).</summary>
internal partial class Program;
