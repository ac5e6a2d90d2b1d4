using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc.Abstractions;

namespace PreSessions.Gateway.Auth;

/// <summary>
/// An organisation (or the operator) signed in to the pages with its token: a cookie scheme of its own, beside the
/// API's bearer tokens. The cookie is the data-protected (encrypted and signed) ticket of the organisation's id, kind
/// and a stamp, the SHA-256 hash of the token it signed in with; never the token. Every request asks the organisation's
/// grain whether that hash is still its valid token's, as the bearer scheme does, so a reissued or revoked token ends
/// its sessions at the next request, on every gateway. The operator's ticket carries the Operator role and the hash
/// of the operator token, compared at each request with the gateway's current operator token, so a changed operator
/// token ends every operator session. HttpOnly, SameSite=Strict, Secure under HTTPS; a browser-session cookie
/// whose ticket expires after <see cref="IdleTimeout"/> without a request and <see cref="AbsoluteLifetime"/> after
/// signing in, whatever the activity. Only pages read it: API endpoints know bearer tokens only, so a cookie can never
/// make an API call for a visitor (no cross-site request forgery on the API), and every page form carries antiforgery.
/// </summary>
public static class CookieSignIn
{
    public const string SchemeName = "OrganisationCookie";
    public const string CookieName = "presessions-session";
    public const string StampClaim = "session_stamp";

    /// <summary>A working day at the desk: longer than any form takes, short enough for a shared computer.</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromHours(8);

    /// <summary>A week at most, however active: then the token is asked for again.</summary>
    public static readonly TimeSpan AbsoluteLifetime = TimeSpan.FromDays(7);

    private const string SignedInUntil = "signed-in-until";

    public static WebApplicationBuilder AddCookieSignIn(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthentication().AddCookie(SchemeName, o =>
        {
            o.Cookie.Name = CookieName;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Cookie.IsEssential = true;
            o.ExpireTimeSpan = IdleTimeout;
            o.SlidingExpiration = true;
            o.LoginPath = "/sign-in";
            o.ReturnUrlParameter = "returnUrl";
            o.Events.OnValidatePrincipal = Validate;
            // Signed in, but not as who the page is for (an organisation at /operator, the operator at /account): a 403,
            // which the status code pages render as the error page, rather than a sign-in form that would not help.
            o.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });
        // The expiries follow the clock the grains read (a test's fake clock included).
        builder.Services.AddOptions<CookieAuthenticationOptions>(SchemeName).Configure<TimeProvider>((o, clock) => o.TimeProvider = clock);
        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "presessions-antiforgery";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        return builder;
    }

    /// <summary>
    /// On a page (never an API endpoint, nor a request with an Authorization header), the signed-in organisation is the
    /// request's user: its antiforgery tokens are bound to it and the audit log names it as the actor.
    /// </summary>
    public static WebApplication UseCookieSignIn(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<ActionDescriptor>() is not null &&
                string.IsNullOrEmpty(context.Request.Headers.Authorization) &&
                await context.AuthenticateAsync(SchemeName) is { Succeeded: true } signedIn)
                context.User = signedIn.Principal;
            await next(context);
        });
        return app;
    }

    /// <summary>The signed-in organisation of this request, if any, read from its cookie whatever the default scheme.</summary>
    public static async Task<ClaimsPrincipal?> SignedInAsync(this HttpContext context) =>
        await context.AuthenticateAsync(SchemeName) is { Succeeded: true } result ? result.Principal : null;

    /// <summary>
    /// Signs in with an organisation token or the operator token; null when the token is neither (malformed, unknown,
    /// revoked), else who signed in.
    /// </summary>
    public static async Task<ClaimsPrincipal?> SignInAsync(HttpContext context, string? token, IGrainFactory grains, TimeProvider clock)
    {
        token = token?.Trim();
        if (string.IsNullOrEmpty(token))
            return null;
        var stamp = Tokens.Hash(token);
        Claim[] claims;
        if (context.RequestServices.GetRequiredService<OperatorToken>().Matches(token))
            claims = [new Claim(ClaimTypes.Role, Roles.Operator)];
        else if (Tokens.TryReadOrganisationToken(token, out var organisationId) &&
                 await grains.GetGrain<IOrganisationGrain>(organisationId).Authenticate(stamp) is { } profile)
            claims =
            [
                new Claim(ClaimTypes.Role, Roles.Organisation),
                new Claim(Roles.OrganisationIdClaim, profile.Id),
                new Claim(Roles.OrganisationKindClaim, profile.Kind.ToString().ToLowerInvariant()),
            ];
        else
            return null;

        var identity = new ClaimsIdentity([.. claims, new Claim(StampClaim, Convert.ToBase64String(stamp))],
            SchemeName, Roles.OrganisationIdClaim, ClaimTypes.Role);
        var principal = new ClaimsPrincipal(identity);
        var properties = new AuthenticationProperties { IsPersistent = false };
        properties.Items[SignedInUntil] = clock.GetUtcNow().Add(AbsoluteLifetime).ToString("O", CultureInfo.InvariantCulture);
        await context.SignInAsync(SchemeName, principal, properties);
        return principal;
    }

    public static Task SignOutAsync(HttpContext context) => context.SignOutAsync(SchemeName);

    /// <summary>
    /// Ends the session when its week is over or its stamp is no longer its token's: the organisation's valid token's
    /// hash, or the current operator token's.
    /// </summary>
    private static async Task Validate(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var principal = context.Principal!;
        var valid =
            context.Properties.Items.TryGetValue(SignedInUntil, out var until) &&
            DateTimeOffset.TryParse(until, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var deadline) &&
            services.GetRequiredService<TimeProvider>().GetUtcNow() < deadline &&
            principal.FindFirstValue(StampClaim) is { } stamp &&
            (principal.IsOperator()
                ? CryptographicOperations.FixedTimeEquals(Convert.FromBase64String(stamp), Tokens.Hash(services.GetRequiredService<OperatorToken>().Value))
                : principal.OrganisationId() is { } id && Tokens.OrganisationIdFormat().IsMatch(id) &&
                  await services.GetRequiredService<IGrainFactory>().GetGrain<IOrganisationGrain>(id).Authenticate(Convert.FromBase64String(stamp)) is not null);
        if (!valid)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(SchemeName);
        }
    }
}
