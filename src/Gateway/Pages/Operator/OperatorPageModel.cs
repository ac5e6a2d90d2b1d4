using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PreSessions.Gateway.Apis;

namespace PreSessions.Gateway.Pages.Operator;

/// <summary>
/// What every operator page shares: the operator policy (the folder requires it too), answers no cache keeps (they
/// show organisations' names and, once, new tokens), a notice carried over a redirect (Post/Redirect/Get), and a
/// form shown again with the API's errors beside its fields and what was typed.
/// </summary>
[Authorize(Policy = OperatorPages.Policy)]
public abstract class OperatorPageModel : PageModel
{
    public const string Home = OperatorPages.Path;

    public FormErrors Errors { get; private set; } = FormErrors.None;

    /// <summary>The form shown again with its errors: what the operator typed, kept.</summary>
    public IReadOnlyDictionary<string, string?> Typed { get; private set; } = new Dictionary<string, string?>();

    /// <summary>The notice's English template (or the API's refusal); the view writes it in the page's language.</summary>
    [TempData] public string? Notice { get; set; }

    [TempData] public string? NoticeTone { get; set; }

    [TempData] public string[]? NoticeValues { get; set; }

    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context) =>
        Response.Headers.CacheControl = "no-store";

    public string? Field(string name) => Typed.GetValueOrDefault(name);

    /// <summary>A notice after the redirect: a template with placeholders the view's resources translate.</summary>
    protected void Tell(string tone, string template, params string[] values) =>
        (Notice, NoticeTone, NoticeValues) = (template, tone, values);

    /// <summary>A refusal in the API's words (its 403, 404 or 409); the view writes it through <see cref="ApiMessages"/>.</summary>
    protected void Refused(Refusal refusal) => (Notice, NoticeTone, NoticeValues) = (refusal.Detail, "bad", null);

    /// <summary>The form is shown again, as a 400, with the API's field errors and what was typed.</summary>
    protected void Invalid(Validation check, Dictionary<string, string?> typed)
    {
        Errors = FormErrors.Of(check);
        Typed = typed;
        Response.StatusCode = StatusCodes.Status400BadRequest;
    }
}
