using Microsoft.Extensions.Hosting;
using PreSessions.Silo.Hosting;

// One silo on its own, on the embedded store; the gateway (`dotnet run --project src/Gateway`) hosts the same
// silo in its own process, which is how the embedded default runs.
var builder = Host.CreateApplicationBuilder(args);
builder.UseOrleans(silo => silo.AddPreSessions(builder.Configuration));
await builder.Build().RunAsync();
