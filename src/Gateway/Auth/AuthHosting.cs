using Microsoft.AspNetCore.Authentication;

namespace PreSessions.Gateway.Auth;

public static class AuthHosting
{
    public static WebApplicationBuilder AddPreSessionsAuth(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(OperatorToken.FromConfiguration(builder.Configuration));
        builder.Services.AddAuthentication(TokenAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, TokenAuthentication>(TokenAuthentication.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Roles.Operator, p => p.RequireRole(Roles.Operator))
            .AddPolicy(Roles.Organisation, p => p.RequireRole(Roles.Organisation))
            .AddPolicy(Roles.Any, p => p.RequireRole(Roles.Operator, Roles.Organisation))
            .AddPolicy(Roles.Timekeeper, p => p.RequireRole(Roles.Operator, Roles.Console));
        return builder;
    }
}
