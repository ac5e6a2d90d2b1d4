using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;
using PreSessions.Gateway.Hosting;

namespace PreSessions.FunctionalTests.Telemetry;

/// <summary>The service a trace viewer shows for the gateway: its own name, unless OTEL_SERVICE_NAME says otherwise.</summary>
public sealed class ServiceNameTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    [Fact]
    public void The_gateway_is_presessions_gateway()
    {
        Assert.Equal(ServiceDefaults.ServiceName, ServiceName(gateway));
    }

    [Fact]
    public async Task OTEL_SERVICE_NAME_renames_it()
    {
        var renamed = new RenamedGateway();
        await ((IAsyncLifetime)renamed).InitializeAsync();
        try
        {
            Assert.Equal(RenamedGateway.Name, ServiceName(renamed));
        }
        finally
        {
            await ((IAsyncLifetime)renamed).DisposeAsync();
        }
    }

    private static object? ServiceName(GatewayFactory factory) =>
        factory.Services.GetRequiredService<TracerProvider>().GetResource().Attributes
            .Single(a => a.Key == "service.name").Value;

    private sealed class RenamedGateway : GatewayFactory
    {
        public const string Name = "presessions-gateway-blue";

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("OTEL_SERVICE_NAME", Name);
        }
    }
}
