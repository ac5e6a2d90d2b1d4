using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using PreSessions.Gateway.Apis;
using PreSessions.Gateway.Auth;

namespace PreSessions.Gateway.Pages.Operator.WgSessions;

/// <summary>
/// The invitations of the Permanent Missions to a week's pre-sessions: how many stand where, the button that invites
/// every mission (the week's page has it too, <c>_Invitations.cshtml</c>), and the CSV to send by mail, served by the
/// page itself to the signed-in organiser, through the API's own code (<see cref="InvitationsApi"/>).
/// </summary>
public sealed class InvitationsModel(IGrainFactory grains, OperatorToken operatorToken) : OperatorPageModel
{
    public int Wg { get; private set; }

    public ImmutableArray<Invitation> Invitations { get; private set; } = [];

    /// <summary>How many invitations stand in each status.</summary>
    public IReadOnlyDictionary<InvitationStatus, int> Counts { get; private set; } = new Dictionary<InvitationStatus, int>();

    public async Task<IActionResult> OnGetAsync(string wg)
    {
        var check = new Validation();
        Wg = check.Wg(wg);
        if (!check.IsValid || await grains.GetGrain<IWgSessionGrain>(Wg).GetView() is null)
            return NotFound();
        Invitations = await grains.GetGrain<IInvitationsGrain>(Wg).GetAll();
        Counts = Enum.GetValues<InvitationStatus>().ToDictionary(s => s, s => Invitations.Count(i => InvitationsApi.StatusOf(i, Wg, operatorToken) == s));
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string wg)
    {
        var invited = await InvitationsApi.Invited(wg, operatorToken, grains);
        if (invited.Invalid is not null)
            return NotFound();
        if (invited.Value is { } run)
            Tell("good", "{0} Permanent Missions invited now; {1} were invited before.",
                run.Invited.ToString(CultureInfo.InvariantCulture), run.AlreadyInvited.ToString(CultureInfo.InvariantCulture));
        else
            Refused(invited.Refusal!);
        return Redirect($"/operator/wg-sessions/{wg}/invitations");
    }

    public async Task<IActionResult> OnGetCsvAsync(string wg)
    {
        var exported = await InvitationsApi.Exported(wg, Request, operatorToken, grains);
        if (exported.Invalid is not null || exported.Refusal is not null)
            return NotFound();
        var (fileName, csv) = exported.Value;
        return File(Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", fileName);
    }
}
