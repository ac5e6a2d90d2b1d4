using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace PreSessions.Gateway.Pages;

/// <summary>
/// What a visitor sees when a page address fails: reached only by the status code pages re-executing the request
/// (<see cref="ErrorPage"/>), which keeps the original status. Asked for directly, it is itself not found.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public int Status { get; private set; }

    public IActionResult OnGet() => Show();

    /// <summary>A form posted to a page address that failed (a missing antiforgery token, say) gets the page too.</summary>
    public IActionResult OnPost() => Show();

    private IActionResult Show()
    {
        if (HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is null)
            return NotFound();
        Status = Response.StatusCode;
        return Page();
    }
}
