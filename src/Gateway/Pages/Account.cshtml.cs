using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PreSessions.Gateway.Apis;
using PreSessions.Gateway.Auth;

namespace PreSessions.Gateway.Pages;

/// <summary>
/// The signed-in organisation's own page: its applications (CSO, NHRI) or RSVPs (mission), and the forms that change
/// them, each through the same rules and grain calls as the API (<see cref="ApplicationsApi.Applied"/>,
/// <see cref="ApplicationsApi.Withdrawn"/>, <see cref="RsvpsApi.Responded"/>). The organisation is always the session's:
/// no form names one, so no form can act for another. A done or refused action redirects (Post/Redirect/Get) with
/// a notice; a malformed form is shown again with its errors.
/// </summary>
[Authorize(AuthenticationSchemes = CookieSignIn.SchemeName, Roles = Roles.Organisation)]
public sealed class AccountModel(IGrainFactory grains) : PageModel
{
    public OrganisationView View { get; private set; } = null!;

    /// <summary>The WG session whose pre-sessions the picker offers (?wg=), when it exists.</summary>
    public WgSessionView? Week { get; private set; }

    /// <summary>What the published releases changed about the pre-sessions it applied or RSVPed to.</summary>
    public System.Collections.Immutable.ImmutableArray<PreSessionChanges> Changes { get; private set; } = [];

    /// <summary>The briefing packs of the pre-sessions it RSVPed to, and when each last changed.</summary>
    public System.Collections.Immutable.ImmutableArray<BriefingPackNotice> BriefingPacks { get; private set; } = [];

    public string? AskedWg { get; private set; }

    public string? AskedSur { get; private set; }

    public FormErrors Errors { get; private set; } = FormErrors.None;

    /// <summary>The form shown again with its errors: what the person typed, kept.</summary>
    public IReadOnlyDictionary<string, string?> Typed { get; private set; } = new Dictionary<string, string?>();

    [TempData] public string? Notice { get; set; }

    [TempData] public string? NoticeTone { get; set; }

    /// <summary>The values of the notice's template; the view writes the notice in the page's language.</summary>
    [TempData] public string[]? NoticeValues { get; set; }

    private string OrganisationId => User.OrganisationId()!;

    public async Task<IActionResult> OnGetAsync(string? wg, string? sur) => await ShowAsync(wg, sur) ?? Page();

    public async Task<IActionResult> OnPostApplyAsync(string? wg, string? sur, string? speakerName, string? themes, bool? publishSpeakerName)
    {
        var lines = themes?.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var applied = await ApplicationsApi.Applied(wg ?? "", sur ?? "",
            new ApplicationRequest(speakerName, lines is { Length: > 0 } ? lines : null, publishSpeakerName), null, User, grains);
        if (applied.Invalid is { } check)
            return await Malformed(check, wg, sur, new() { ["speakerName"] = speakerName, ["themes"] = themes, ["publishSpeakerName"] = publishSpeakerName?.ToString() });
        var preSession = $"{wg}/{sur}";
        if (applied.Value is { } answer)
            Tell("good", answer.Status switch
                {
                    ApplicationStatus.Panel => "You are on the panel of the pre-session {0}, position {1}.",
                    ApplicationStatus.Waitlist => "The panel of the pre-session {0} is full: you are on the waitlist, position {1}.",
                    _ => "Your application to the pre-session {0} is received: the organisers choose the panel, and this page will say their choice.",
                },
                preSession, answer.Position.ToString(System.Globalization.CultureInfo.InvariantCulture));
        else
            Refused(applied.Refusal!);
        return Again(applied.Refusal is null ? null : wg, applied.Refusal is null ? null : sur);
    }

    public async Task<IActionResult> OnPostWithdrawAsync(string? wg, string? sur)
    {
        var withdrawn = await ApplicationsApi.Withdrawn(wg ?? "", sur ?? "", OrganisationId, null, User, grains);
        if (withdrawn.Invalid is { } check)
            return await Malformed(check, null, null, []);
        if (withdrawn.Refusal is { } refusal)
            Refused(refusal);
        else
            Tell("good", "Your application to the pre-session {0} is withdrawn.", $"{wg}/{sur}");
        return Again(null, null);
    }

    public async Task<IActionResult> OnPostRsvpAsync(string? wg, string? sur, bool? attending, int? delegates)
    {
        var responded = await RsvpsApi.Responded(wg ?? "", sur ?? "", OrganisationId, new RsvpRequestBody(attending, delegates), User, grains);
        if (responded.Invalid is { } check)
            return await Malformed(check, wg, sur, new() { ["attending"] = attending?.ToString(), ["delegates"] = delegates?.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var preSession = $"{wg}/{sur}";
        if (responded.Value is { } answer)
            Tell("good", answer.Status switch
            {
                RsvpStatus.Confirmed => "Your RSVP to the pre-session {0} is confirmed for {1} delegate(s).",
                RsvpStatus.Waitlist => "No seats are free at the pre-session {0} for {1} delegate(s): your RSVP is on the waitlist.",
                _ => "You declined the pre-session {0}.",
            }, preSession, answer.Delegates.ToString(System.Globalization.CultureInfo.InvariantCulture));
        else
            Refused(responded.Refusal!);
        return Again(responded.Refusal is null ? null : wg, responded.Refusal is null ? null : sur);
    }

    /// <summary>Loads what the page shows; a result when the page cannot be shown (the organisation is gone).</summary>
    private async Task<IActionResult?> ShowAsync(string? wg, string? sur)
    {
        if (await grains.GetGrain<IOrganisationGrain>(OrganisationId).GetView() is not { } view)
        {
            await CookieSignIn.SignOutAsync(HttpContext);
            return LocalRedirect("/sign-in");
        }
        View = view;
        Changes = await ScheduleChanges.ForAsync(grains, view);
        BriefingPacks = await Pages.BriefingPacks.ForAsync(grains, view);
        (AskedWg, AskedSur) = (wg, sur);
        var check = new Validation();
        if (wg is not null && check.Wg(wg) is var number && check.IsValid)
            Week = await grains.GetGrain<IWgSessionGrain>(number).GetView();
        return null;
    }

    private async Task<IActionResult> Malformed(Validation check, string? wg, string? sur, Dictionary<string, string?> typed)
    {
        Errors = FormErrors.Of(check);
        Typed = typed;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return await ShowAsync(wg, sur) ?? Page();
    }

    private void Tell(string tone, string template, params string[] values) =>
        (Notice, NoticeTone, NoticeValues) = (template, tone, values);

    /// <summary>A refusal in the API's words (a 403, 404 or 409 there); the view writes it in the page's language.</summary>
    private void Refused(Refusal refusal) => (Notice, NoticeTone, NoticeValues) = (refusal.Detail, "bad", null);

    private RedirectResult Again(string? wg, string? sur) =>
        Redirect(wg is null ? "/account" : "/account" + QueryString.Create(new Dictionary<string, string?> { ["wg"] = wg, ["sur"] = sur }));
}
