using Microsoft.AspNetCore.Mvc;
using PreSessions.Gateway.Apis;

namespace PreSessions.Gateway.Pages.Operator;

/// <summary>
/// The audit log, read as <c>GET /api/audit</c> reads it (<see cref="AuditApi.Read"/>): one WG session (or one of its
/// pre-sessions), one organisation or one room, a page at a time in the order entries were appended.
/// </summary>
public sealed class AuditModel(IGrainFactory grains) : OperatorPageModel
{
    /// <summary>Entries per page here: a screenful, fewer than the API's largest page.</summary>
    public const int PageSize = 100;

    public AuditResponse? Log { get; private set; }

    public string? Wg { get; private set; }

    public string? Sur { get; private set; }

    public string? OrganisationId { get; private set; }

    public string? Room { get; private set; }

    public string? After { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? wg, string? sur, string? organisationId, string? room, string? after)
    {
        // An empty field of the form is no filter.
        (Wg, Sur, OrganisationId, Room, After) = (Given(wg), Given(sur), Given(organisationId), Given(room), Given(after));
        if (Wg is null && Sur is null && OrganisationId is null && Room is null)
            return Page();
        var read = await AuditApi.Read(Wg, Sur, OrganisationId, Room, After,
            PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture), grains);
        if (read.Invalid is { } check)
            Invalid(check, new() { ["wg"] = wg, ["sur"] = sur, ["organisationId"] = organisationId, ["room"] = room });
        else if (read.Refusal is { } refusal)
        {
            Refused(refusal);
            Response.StatusCode = StatusCodes.Status404NotFound;
        }
        else
            Log = read.Value;
        return Page();
    }

    /// <summary>This query's address with another cursor: the next page.</summary>
    public string Address(string? after) => "/operator/audit" + QueryString.Create(new Dictionary<string, string?>
    {
        ["wg"] = Wg, ["sur"] = Sur, ["organisationId"] = OrganisationId, ["room"] = Room, ["after"] = after,
    }.Where(q => q.Value is not null));

    private static string? Given(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
