using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace PreSessions.Gateway.Auth;

/// <summary>
/// "Authorization: Basic" with the operator token as the password (the user name is not checked): how a browser
/// authenticates to the Orleans dashboard, whose page and its own polling cannot send a bearer token. Without the
/// right password the answer is the Basic challenge, so the browser asks for it.
/// </summary>
public sealed class OperatorBasicAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    OperatorToken operatorToken)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "OperatorBasic";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!AuthenticationHeaderValue.TryParse(Request.Headers.Authorization, out var header) ||
            !header.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
            return Task.FromResult(AuthenticateResult.NoResult());

        var password = Password(header.Parameter);
        if (password is null || !operatorToken.Matches(password))
            return Task.FromResult(AuthenticateResult.Fail("The password is not the operator token."));

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Role, Roles.Operator)], SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Basic realm=\"PreSessions operators\", charset=\"UTF-8\"";
        return Task.CompletedTask;
    }

    /// <summary>The password of "user:password" in base64, or null when the credentials are malformed.</summary>
    private static string? Password(string credentials)
    {
        var bytes = new byte[credentials.Length];
        if (!Convert.TryFromBase64String(credentials, bytes, out var length))
            return null;
        var text = Encoding.UTF8.GetString(bytes, 0, length);
        var colon = text.IndexOf(':');
        return colon < 0 ? null : text[(colon + 1)..];
    }
}
