using Microsoft.AspNetCore.Authorization;
using PreSessions.Gateway.Auth;

namespace PreSessions.Gateway.Pages.Operator;

/// <summary>
/// The organisers' pages: every Razor Page under <c>Pages/Operator</c>, at <c>/operator/...</c>. The folder itself
/// requires the operator signed in at <c>/sign-in</c> with the operator token (<see cref="CookieSignIn"/>), so a page
/// added here cannot be left open by forgetting an attribute: nobody signed in is sent to sign in, an organisation
/// gets 403. Bearer tokens do not open them (the API is for scripts; these pages have antiforgery forms).
/// </summary>
/// <remarks>
/// Adding an operator page: put <c>Pages/Operator/{Name}.cshtml</c> with <c>@page "/operator/..."</c> and a model
/// deriving from <see cref="OperatorPageModel"/> (notices, form errors, no-store); call the API's
/// <c>Decision</c>-returning method for each command so the rules are the API's; add one <c>&lt;li&gt;</c> to
/// <c>_OperatorNav.cshtml</c> if it is a section of its own; put its strings in
/// <c>Resources/Pages/Operator/{Name}.{fr,es}.resx</c> and its view in <c>TranslationsTests.Views</c>.
/// </remarks>
public static class OperatorPages
{
    public const string Policy = "operator-pages";

    public const string Folder = "/Operator";

    public const string Path = "/operator";

    public static void Require(Microsoft.AspNetCore.Mvc.RazorPages.RazorPagesOptions options) =>
        options.Conventions.AuthorizeFolder(Folder, Policy);

    public static WebApplicationBuilder AddOperatorPages(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthorizationBuilder().AddPolicy(Policy, new AuthorizationPolicyBuilder(CookieSignIn.SchemeName)
            .RequireRole(Roles.Operator)
            .Build());
        return builder;
    }
}
