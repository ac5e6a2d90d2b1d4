using System.Collections.Immutable;
using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PreSessions.Gateway.Apis;
using PreSessions.Gateway.Auth;
using PreSessions.Gateway.Statements;

namespace PreSessions.Gateway.Pages.Account;

/// <summary>Why the statement page cannot offer its form to this organisation for this pre-session.</summary>
public enum StatementUnavailable { None, NoPreSession, NotOnPanel }

/// <summary>
/// The signed-in organisation writes its statement for a pre-session whose panel it is on: "Preview" renders what it
/// typed (<see cref="StatementMarkdown.ToSafeHtml"/>) and stores nothing, "Add a recommendation" gives the form one
/// more row, "Submit" stores a new version through the API's rules and grain call (<see cref="StatementsApi.Submitted"/>).
/// The organisation is always the session's (the address names only the pre-session), so no one reaches another's
/// statement. The versions kept are listed, with the one approved and whether it is public.
/// </summary>
[Authorize(AuthenticationSchemes = CookieSignIn.SchemeName, Roles = Roles.Organisation)]
public sealed class StatementModel(IGrainFactory grains) : PageModel
{
    public PreSessionKey Key { get; private set; } = null!;

    public StatementUnavailable Unavailable { get; private set; }

    public PreSessionView? PreSession { get; private set; }

    public Statement? Statement { get; private set; }

    /// <summary>The previous cycle's recommendations to the State, for the rows to build on; empty before an import.</summary>
    public ImmutableArray<Recommendation> Recommendations { get; private set; } = [];

    /// <summary>The application's <c>publishStatement</c>: an approved version is public only with it.</summary>
    public bool Consented { get; private set; }

    public StatementForm Form { get; private set; } = new();

    /// <summary>The typed statement rendered as the public would read it, after "Preview"; null otherwise.</summary>
    public (string Assessment, string Questions, ImmutableArray<string> Recommendations)? Preview { get; private set; }

    public FormErrors Errors { get; private set; } = FormErrors.None;

    /// <summary>The API's refusal of a submission (its 404 or 409), in its English; the view writes it in the page's language.</summary>
    public string? Refusal { get; private set; }

    [TempData] public string? Notice { get; set; }

    [TempData] public string? NoticeTone { get; set; }

    [TempData] public string[]? NoticeValues { get; set; }

    private string OrganisationId => User.OrganisationId()!;

    public string Address => $"/account/statements/{Key.Wg}/{Key.Sur}";

    public async Task<IActionResult> OnGetAsync(string wg, string sur)
    {
        if (await ShowAsync(wg, sur) is { } cannot)
            return cannot;
        Form = StatementForm.Of(Statement?.Latest.Draft, CultureInfo.CurrentUICulture.TwoLetterISOLanguageName);
        return Page();
    }

    /// <summary>A post naming no button (no browser sends one: the form's first button names its handler) previews.</summary>
    public Task<IActionResult> OnPostAsync(string wg, string sur, string? language, string? assessment, string? questions,
        string[]? recommendationText, string[]? recommendationIds) =>
        OnPostPreviewAsync(wg, sur, language, assessment, questions, recommendationText, recommendationIds);

    public async Task<IActionResult> OnPostPreviewAsync(string wg, string sur, string? language, string? assessment, string? questions,
        string[]? recommendationText, string[]? recommendationIds)
    {
        if (await ShowAsync(wg, sur) is { } cannot)
            return cannot;
        Form = StatementForm.Posted(language, assessment, questions, recommendationText, recommendationIds);
        Preview = (StatementMarkdown.ToSafeHtml(Form.Assessment), StatementMarkdown.ToSafeHtml(Form.Questions),
            [.. Form.Rows.Where(r => !r.Blank).Select(r => StatementMarkdown.ToSafeHtml(r.Text))]);
        return Page();
    }

    public async Task<IActionResult> OnPostAddRecommendationAsync(string wg, string sur, string? language, string? assessment, string? questions,
        string[]? recommendationText, string[]? recommendationIds)
    {
        if (await ShowAsync(wg, sur) is { } cannot)
            return cannot;
        Form = StatementForm.Posted(language, assessment, questions, recommendationText, recommendationIds, extraRows: 1);
        return Page();
    }

    public async Task<IActionResult> OnPostSubmitAsync(string wg, string sur, string? language, string? assessment, string? questions,
        string[]? recommendationText, string[]? recommendationIds)
    {
        if (await ShowAsync(wg, sur) is { } cannot)
            return cannot;
        Form = StatementForm.Posted(language, assessment, questions, recommendationText, recommendationIds);
        var submitted = await StatementsApi.Submitted(wg, sur, OrganisationId, Form.Request(), User, grains);
        if (submitted.Invalid is { } check)
        {
            Errors = Form.Errors(check);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        if (submitted.Refusal is { } refusal)
        {
            // Shown at once with what was typed: a redirect would lose a statement that took an hour to write.
            Refusal = refusal.Detail;
            Response.StatusCode = Problems.Refused(refusal).StatusCode;
            return Page();
        }
        var receipt = submitted.Value!;
        var version = receipt.Version.ToString(CultureInfo.InvariantCulture);
        var due = GenevaTime.DayAndTime(PreSession!.Window.StatementsDue);
        if (receipt.Late)
            (Notice, NoticeTone, NoticeValues) = ("Version {0} of your statement is stored. It is late: statements were due on {1} (Geneva time).", "warning", [version, due]);
        else
            (Notice, NoticeTone, NoticeValues) = ("Version {0} of your statement is stored.", "good", [version]);
        return Redirect(Address);
    }

    /// <summary>
    /// Loads what the page shows; a result when it has nothing to show: 404 for an address naming no pre-session, and
    /// the page with its message (404 or 403) when the pre-session is unknown or this organisation is not on its panel.
    /// </summary>
    private async Task<IActionResult?> ShowAsync(string wg, string sur)
    {
        var check = new Validation();
        Key = check.PreSession(wg, sur);
        if (!check.IsValid || !UnMemberStates.IsMember(Key.Sur))
            return NotFound();
        var preSession = grains.GetGrain<IPreSessionGrain>(Key.GrainKey);
        PreSession = await preSession.GetView();
        if (PreSession is null)
            return Unavailability(StatementUnavailable.NoPreSession, StatusCodes.Status404NotFound);
        if (await preSession.GetApplication(OrganisationId) is not { Status: ApplicationStatus.Panel })
            return Unavailability(StatementUnavailable.NotOnPanel, StatusCodes.Status403Forbidden);
        var statements = grains.GetGrain<IStatementsGrain>(Key.GrainKey);
        Statement = await statements.Get(OrganisationId);
        Consented = (await preSession.GetApplications()).FirstOrDefault(a => a.Applicant.OrganisationId == OrganisationId)?.Request.PublishStatement ?? false;
        Recommendations = await grains.GetGrain<IRecommendationsGrain>(Key.GrainKey).GetRecommendations();
        return null;
    }

    private PageResult Unavailability(StatementUnavailable why, int status)
    {
        Unavailable = why;
        Response.StatusCode = status;
        return Page();
    }
}
