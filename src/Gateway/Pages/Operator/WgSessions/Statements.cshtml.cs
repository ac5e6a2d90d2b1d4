using System.Collections.Immutable;
using Microsoft.AspNetCore.Mvc;
using PreSessions.Gateway.Apis;

namespace PreSessions.Gateway.Pages.Operator.WgSessions;

/// <summary>
/// The statements of one pre-session's panel speakers, for the organisers: each with its author, latest version, late
/// flag, approved version and the organisation's consent to publish. One statement is reviewed at a time
/// (<c>?organisation=</c>): its versions, a diff between any two (<c>from</c>, <c>to</c>), one version rendered as the
/// public would read it (<c>version</c>), and its approval through the API's rules and grain call
/// (<see cref="StatementsApi.Approved"/>). Reading is a GET, so a comparison can be bookmarked and needs no JavaScript.
/// </summary>
public sealed class StatementsModel(IGrainFactory grains) : OperatorPageModel
{
    public PreSessionKey Key { get; private set; } = null!;

    public PreSessionView PreSession { get; private set; } = null!;

    public ImmutableArray<Statement> Statements { get; private set; } = [];

    /// <summary>Each application's <c>publishStatement</c>, by organisation id: an approved statement is public only with it.</summary>
    public IReadOnlyDictionary<string, bool> Consent { get; private set; } = new Dictionary<string, bool>();

    /// <summary>The statement under review, or null when none is asked for.</summary>
    public Statement? Reviewed { get; private set; }

    /// <summary>The organisation asked for (<c>?organisation=</c>) when it has no statement here: the page says so.</summary>
    public string? NoStatementOf { get; private set; }

    /// <summary>The two versions compared, earlier first; null with a single version.</summary>
    public (StatementVersion From, StatementVersion To)? Compared { get; private set; }

    /// <summary>The version rendered as the public would read it, and offered for approval.</summary>
    public StatementVersion? Shown { get; private set; }

    public string Address => $"/operator/wg-sessions/{Key.Wg}/pre-sessions/{Key.Sur}/statements";

    public async Task<IActionResult> OnGetAsync(string wg, string sur, string? organisation, int? from, int? to, int? version) =>
        await ShowAsync(wg, sur, organisation, from, to, version) ?? Page();

    /// <summary>A post naming no handler approves nothing: the page is shown as it is.</summary>
    public async Task<IActionResult> OnPostAsync(string wg, string sur, string? organisation) =>
        await ShowAsync(wg, sur, organisation, null, null, null) ?? Page();

    public async Task<IActionResult> OnPostApproveAsync(string wg, string sur, string? organisation, int? version)
    {
        var approved = await StatementsApi.Approved(wg, sur, organisation ?? "", version, grains);
        if (approved.Invalid is { } check)
        {
            Invalid(check, new() { ["version"] = version?.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            return await ShowAsync(wg, sur, organisation, null, null, version) ?? Page();
        }
        var query = new Dictionary<string, string?> { ["organisation"] = organisation ?? "" };
        if (approved.Refusal is { } refusal)
            Refused(refusal);
        else
        {
            // Back on the version just approved, which the page then shows as approved (and whether it is public).
            query["version"] = approved.Value!.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Tell("good", "Version {0} of this statement is approved.", query["version"]!);
        }
        return Redirect($"/operator/wg-sessions/{Uri.EscapeDataString(wg)}/pre-sessions/{Uri.EscapeDataString(sur)}/statements"
            + QueryString.Create(query) + "#review");
    }

    /// <summary>Loads the pre-session's statements and the one reviewed; 404 for an address naming no scheduled pre-session.</summary>
    private async Task<IActionResult?> ShowAsync(string wg, string sur, string? organisation, int? from, int? to, int? version)
    {
        var check = new Validation();
        Key = check.PreSession(wg, sur);
        if (!check.IsValid || !UnMemberStates.IsMember(Key.Sur))
            return NotFound();
        var preSession = grains.GetGrain<IPreSessionGrain>(Key.GrainKey);
        if (await preSession.GetView() is not { } view)
            return NotFound();
        PreSession = view;
        Statements = await grains.GetGrain<IStatementsGrain>(Key.GrainKey).GetAll();
        Consent = (await preSession.GetApplications()).ToDictionary(a => a.Applicant.OrganisationId, a => a.Request.PublishStatement);
        if (organisation is null)
            return null;
        Reviewed = Statements.FirstOrDefault(s => s.Author.OrganisationId == organisation);
        if (Reviewed is null)
        {
            NoStatementOf = organisation;
            Response.StatusCode = StatusCodes.Status404NotFound;
            return null;
        }
        StatementVersion? Numbered(int? n) => n is { } wanted ? Reviewed.Versions.FirstOrDefault(v => v.Version == wanted) : null;
        Shown = Numbered(version) ?? Reviewed.Latest;
        if (Reviewed.Versions.Length > 1)
        {
            // By default the latest against the one before it: what changed since the operator last looked, most often.
            var later = Numbered(to) ?? Reviewed.Latest;
            var earlier = Numbered(from) ?? Reviewed.Versions.LastOrDefault(v => v.Version < later.Version) ?? Reviewed.Versions[0];
            Compared = earlier.Version <= later.Version ? (earlier, later) : (later, earlier);
        }
        return null;
    }
}
