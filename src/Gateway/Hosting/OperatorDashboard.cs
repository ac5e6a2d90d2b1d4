using Microsoft.AspNetCore.Authentication;
using Orleans.Dashboard;
using PreSessions.Gateway.Auth;
using PreSessions.Silo.Hosting;

namespace PreSessions.Gateway.Hosting;

/// <summary>
/// The Orleans dashboard (silos, grain activations, calls and their latencies) at <c>/orleans-dashboard/</c>, for
/// operators only: the browser asks for a user name and password, and the password is the operator token. It reads
/// the silo in this process, so the embedded default serves it; a cluster's gateway is a pure client and serves none.
/// </summary>
public static class OperatorDashboard
{
    public const string Path = "/orleans-dashboard";

    private const string OperatorsOnly = "operator-dashboard";

    public static WebApplicationBuilder AddOperatorDashboard(this WebApplicationBuilder builder)
    {
        if (!HostsSilo(builder.Configuration))
            return builder;
        builder.UseOrleans(silo => silo.AddDashboard());
        builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, OperatorBasicAuthentication>(OperatorBasicAuthentication.SchemeName, null);
        builder.Services.AddAuthorizationBuilder().AddPolicy(OperatorsOnly, policy => policy
            .AddAuthenticationSchemes(OperatorBasicAuthentication.SchemeName)
            .RequireRole(Roles.Operator));
        return builder;
    }

    public static WebApplication MapOperatorDashboard(this WebApplication app)
    {
        if (HostsSilo(app.Configuration))
            app.MapOrleansDashboard(Path).RequireAuthorization(OperatorsOnly).ExcludeFromDescription();
        return app;
    }

    private static bool HostsSilo(IConfiguration configuration) =>
        SiloHosting.PostgresConnection(configuration) is null;
}
