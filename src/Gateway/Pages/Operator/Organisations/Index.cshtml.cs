using Microsoft.AspNetCore.Mvc;
using PreSessions.Gateway.Apis;

namespace PreSessions.Gateway.Pages.Operator.Organisations;

/// <summary>
/// The organisations as the operator's list (<see cref="OrganisationsApi.Listed"/>) shows them: searched by name, a
/// page at a time, with the names that read alike flagged; and each one's token reissued or revoked through the API's
/// own calls. A reissued token is shown once, in the answer to the form (no-store, never in an address, never again).
/// </summary>
public sealed class IndexModel(IGrainFactory grains) : OperatorPageModel
{
    public OrganisationList List { get; private set; } = new([], null);

    public string? Search { get; private set; }

    public string? Cursor { get; private set; }

    /// <summary>The token just reissued, shown this once.</summary>
    public OrganisationToken? NewToken { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? search, string? cursor) => await ShowAsync(search, cursor);

    public async Task<IActionResult> OnPostReissueAsync(string? organisationId, string? search, string? cursor)
    {
        var reissued = await OrganisationsApi.Reissued(organisationId ?? "", grains);
        if (reissued.Value is { } token)
        {
            NewToken = token;
            return await ShowAsync(search, cursor);
        }
        return Done(reissued.Invalid, reissued.Refusal, search, cursor);
    }

    public async Task<IActionResult> OnPostRevokeAsync(string? organisationId, string? search, string? cursor)
    {
        var revoked = await OrganisationsApi.Revoked(organisationId ?? "", grains);
        if (revoked.Value)
            Tell("good", "The token of {0} is revoked: it signs in and calls the API no more.", organisationId!);
        return Done(revoked.Invalid, revoked.Refusal, search, cursor);
    }

    /// <summary>A refused or malformed command is told on the list it came from (Post/Redirect/Get).</summary>
    private RedirectResult Done(Validation? invalid, Refusal? refusal, string? search, string? cursor)
    {
        if (refusal is not null)
            Refused(refusal);
        else if (invalid is not null)
            (Notice, NoticeTone, NoticeValues) = (FormErrors.Of(invalid).All.First(), "bad", null);
        return Redirect("/operator/organisations" + QueryString.Create(
            new Dictionary<string, string?> { ["search"] = search, ["cursor"] = cursor }.Where(q => !string.IsNullOrEmpty(q.Value))));
    }

    private async Task<IActionResult> ShowAsync(string? search, string? cursor)
    {
        (Search, Cursor) = (search, cursor);
        var listed = await OrganisationsApi.Listed(search, cursor, null, grains);
        if (listed.Invalid is { } check)
            Invalid(check, new() { ["search"] = search });
        else
            List = listed.Value!;
        return Page();
    }
}
