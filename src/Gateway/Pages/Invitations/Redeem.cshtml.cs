using System.Security.Cryptography;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using PreSessions.Gateway.Auth;
using PreSessions.Gateway.Hosting;

namespace PreSessions.Gateway.Pages.Invitations;

/// <summary>
/// A Permanent Mission's one-time invitation link. Opening it (GET) only shows whom it signs in as, with a button: mail
/// scanners and link previews fetch links, so a GET must never spend it. The POST spends it: the mission receives its
/// organisation's own token (shown this once, on an answer no cache keeps, as registration shows it) and is signed in
/// with the cookie, as <c>/sign-in</c> would. A second POST finds the link used and says to sign in with the token.
/// Its POSTs spend the registration's per-address budget, since each hands out a token.
/// </summary>
[EnableRateLimiting(RequestLimits.Registration)]
public sealed class RedeemModel(IGrainFactory grains, TimeProvider clock) : PageModel
{
    public const string Path = "/invitations";

    public enum Standing { Open, Used, Invalid, Redeemed }

    public Standing Link { get; private set; }

    public int Wg { get; private set; }

    /// <summary>The invited State's code (its mission's name is written in the page's language).</summary>
    public string State { get; private set; } = "";

    /// <summary>The organisation's own token, on the answer to the POST that redeemed the link only.</summary>
    public string? Token { get; private set; }

    public string? OrganisationId { get; private set; }

    public async Task<IActionResult> OnGetAsync(string token)
    {
        Response.Headers.CacheControl = "no-store";
        if (await Find(token) is { } invitation)
            Link = invitation.UsedAt is null ? Standing.Open : Standing.Used;
        return Answer();
    }

    public async Task<IActionResult> OnPostAsync(string token)
    {
        Response.Headers.CacheControl = "no-store";
        if (await Find(token) is not { } invitation)
            return Answer();
        // A token names its organisation, so it is minted for the mission the invitation names.
        var organisationToken = Tokens.NewOrganisationToken(invitation.OrganisationId);
        var redeemed = await grains.GetGrain<IInvitationsGrain>(Wg).Redeem(State, Tokens.Hash(token), Tokens.Hash(organisationToken));
        if (redeemed.Value is not { } mission)
        {
            Link = redeemed.Refusal!.Kind == RefusalKind.NotFound ? Standing.Invalid : Standing.Used;
            return Answer();
        }
        Token = organisationToken;
        OrganisationId = mission.Id;
        await CookieSignIn.SignInAsync(HttpContext, Token, grains, clock);
        Link = Standing.Redeemed;
        return Page();
    }

    private IActionResult Answer()
    {
        Response.StatusCode = Link switch
        {
            Standing.Invalid => StatusCodes.Status404NotFound,
            Standing.Used => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status200OK,
        };
        return Page();
    }

    /// <summary>The invitation the token is the link of; null (and <see cref="Standing.Invalid"/>) when there is none.</summary>
    private async Task<Invitation?> Find(string token)
    {
        Link = Standing.Invalid;
        if (!Tokens.TryReadInvitationToken(token, out var wg, out var state))
            return null;
        (Wg, State) = (wg, state);
        var hash = Tokens.Hash(token);
        var invitations = await grains.GetGrain<IInvitationsGrain>(wg).GetAll();
        return invitations.FirstOrDefault(i => i.State == state && i.TokenHash is { } stored && CryptographicOperations.FixedTimeEquals(stored, hash));
    }
}
