using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PreSessions.Gateway.Auth;

namespace PreSessions.Gateway.Pages;

/// <summary>
/// Sign-in with the organisation's token, or the operator's (the session is <see cref="CookieSignIn"/>'s cookie), and
/// sign-out. After signing in, a person goes back where they were asked to sign in: a local address only, never another
/// site's; else an organisation to its account and the operator to the operator pages.
/// </summary>
public sealed class SignInModel(IGrainFactory grains, TimeProvider clock) : PageModel
{
    public const string Account = "/account";

    public string? ReturnUrl { get; private set; }

    public bool Refused { get; private set; }

    public bool SignedOut { get; private set; }

    public void OnGet(string? returnUrl, bool signedOut = false)
    {
        Response.Headers.CacheControl = "no-store";
        ReturnUrl = Local(returnUrl);
        SignedOut = signedOut;
    }

    public async Task<IActionResult> OnPostAsync(string? token, string? returnUrl)
    {
        Response.Headers.CacheControl = "no-store";
        ReturnUrl = Local(returnUrl);
        if (await CookieSignIn.SignInAsync(HttpContext, token, grains, clock) is { } signedIn)
            return LocalRedirect(ReturnUrl ?? (signedIn.IsOperator() ? Operator.OperatorPageModel.Home : Account));
        Refused = true;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public async Task<IActionResult> OnPostSignOutAsync()
    {
        await CookieSignIn.SignOutAsync(HttpContext);
        return LocalRedirect("/sign-in?signedOut=true");
    }

    /// <summary>A path on this site ("/account?wg=29"), or null: "//elsewhere", "/\elsewhere" and absolute URLs are not local.</summary>
    private string? Local(string? returnUrl) => Url.IsLocalUrl(returnUrl) ? returnUrl : null;
}
