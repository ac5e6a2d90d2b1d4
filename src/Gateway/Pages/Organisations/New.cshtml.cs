using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using PreSessions.Gateway.Apis;
using PreSessions.Gateway.Auth;
using PreSessions.Gateway.Hosting;

namespace PreSessions.Gateway.Pages.Organisations;

/// <summary>
/// Registration, by the same rules and grain call as POST /api/organisations. The token is in the answer to the POST
/// only: never in a URL, never cached (no-store), never shown again. Its POSTs spend the same per-address budget as
/// the API's (the policy counts POSTs only), so the form is no way around the limit.
/// </summary>
[EnableRateLimiting(RequestLimits.Registration)]
public sealed class NewModel(IGrainFactory grains, OperatorToken operatorToken) : PageModel
{
    public RegisterOrganisationRequest Form { get; private set; } = new(null, null, null, null);

    public FormErrors Errors { get; private set; } = FormErrors.None;

    public string? Refusal { get; private set; }

    public OrganisationRegistered? Registered { get; private set; }

    public void OnGet() => Response.Headers.CacheControl = "no-store";

    public async Task<IActionResult> OnPostAsync(string? name, string? kind, string? country, string? email)
    {
        Response.Headers.CacheControl = "no-store";
        Form = new RegisterOrganisationRequest(name, kind, country, email);
        var registration = await OrganisationsApi.RegisterOrganisation(Form, idempotencyKey: null, grains, operatorToken);
        if (registration.Invalid is { } check)
        {
            Errors = FormErrors.Of(check);
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        else if (registration.Refusal is { } refusal)
        {
            Refusal = refusal.Detail;
            Response.StatusCode = StatusCodes.Status409Conflict;
        }
        Registered = registration.Value;
        return Page();
    }
}
