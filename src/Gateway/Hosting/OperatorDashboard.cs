using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Orleans.Dashboard;
using PreSessions.Gateway.Auth;

namespace PreSessions.Gateway.Hosting;

/// <summary>
/// The Orleans dashboard (silos, grain activations, calls and their latencies) at <c>/orleans-dashboard/</c>, for
/// operators only: the browser asks for a user name and password, and the password is the operator token. The
/// embedded default serves it from the silo in this process. A cluster's gateway serves it through its Orleans client
/// (the silos collect, each with the dashboard added): the client lives in a host of its own, built and rebuilt by
/// <see cref="ClusterConnection"/>, so the dashboard's endpoints run in a small request pipeline over that host's
/// services, behind the gateway's own route and its operator-only policy; until the client connects the answer is 503.
/// </summary>
public static class OperatorDashboard
{
    public const string Path = "/orleans-dashboard";

    private const string OperatorsOnly = "operator-dashboard";

    public static WebApplicationBuilder AddOperatorDashboard(this WebApplicationBuilder builder)
    {
        // The embedded silo collects for it already (SiloSeam adds the dashboard to the silo it hosts).
        if (!HostsSilo(builder.Configuration))
            builder.Services.AddSingleton<ClusterDashboard>();
        builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, OperatorBasicAuthentication>(OperatorBasicAuthentication.SchemeName, null);
        builder.Services.AddAuthorizationBuilder().AddPolicy(OperatorsOnly, policy => policy
            .AddAuthenticationSchemes(OperatorBasicAuthentication.SchemeName)
            .RequireRole(Roles.Operator));
        return builder;
    }

    public static WebApplication MapOperatorDashboard(this WebApplication app)
    {
        var dashboard = HostsSilo(app.Configuration)
            ? app.MapOrleansDashboard(Path)
            // The catch-all also matches the path without its slash, which the dashboard redirects to the one with.
            : app.Map(Path + "/{**path}", context => context.RequestServices.GetRequiredService<ClusterDashboard>().ServeAsync(context));
        dashboard.RequireAuthorization(OperatorsOnly).ExcludeFromDescription();
        return app;
    }

    private static bool HostsSilo(IConfiguration configuration) =>
        PreSessionsOptions.ClusterDatabase(configuration) is null;

    /// <summary>The dashboard of a cluster, read through the gateway's Orleans client.</summary>
    private sealed class ClusterDashboard(ClusterConnection cluster)
    {
        private readonly Lock _building = new();
        private (IServiceProvider Client, RequestDelegate Pipeline)? _built;

        /// <summary>
        /// Runs the request through the dashboard's pipeline with the client host's services, as the dashboard's
        /// endpoints resolve theirs (its client of the silos' dashboard grains) from the request. The gateway's
        /// route has matched and authorized the request already; the pipeline's routing matches it again, among
        /// the dashboard's own endpoints. Not connected: <see cref="ClusterUnavailableException"/>, which is 503.
        /// </summary>
        public async Task ServeAsync(HttpContext context)
        {
            var client = cluster.ClientServices ?? throw new ClusterUnavailableException();
            var pipeline = Pipeline(client);
            var (services, endpoint) = (context.RequestServices, context.GetEndpoint());
            await using var scope = client.CreateAsyncScope();
            context.RequestServices = scope.ServiceProvider;
            context.SetEndpoint(null);
            context.Request.RouteValues.Clear();
            try
            {
                await pipeline(context);
            }
            finally
            {
                context.RequestServices = services;
                context.SetEndpoint(endpoint);
            }
        }

        private RequestDelegate Pipeline(IServiceProvider client)
        {
            lock (_building)
            {
                if (_built is not { } built || built.Client != client)
                {
                    var app = new ApplicationBuilder(client);
                    app.UseRouting();
                    app.UseEndpoints(endpoints => endpoints.MapOrleansDashboard(Path));
                    _built = built = (client, app.Build());
                }
                return built.Pipeline;
            }
        }
    }
}
