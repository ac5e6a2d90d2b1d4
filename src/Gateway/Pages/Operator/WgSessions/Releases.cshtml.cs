using System.Collections.Immutable;
using Microsoft.AspNetCore.Mvc;
using PreSessions.Gateway.Apis;

namespace PreSessions.Gateway.Pages.Operator.WgSessions;

/// <summary>
/// The releases of a week's schedule: the list with their changelogs, and the form that publishes the next one
/// through the API's rules (<see cref="ReleasesApi.Published"/>). The pre-sessions to cancel are ticked as the latest
/// release left them, so publishing again without touching them keeps them.
/// </summary>
public sealed class ReleasesModel(IGrainFactory grains) : OperatorPageModel
{
    public int Wg { get; private set; }

    public WgSessionView? Week { get; private set; }

    public ImmutableArray<ScheduleRelease> Releases { get; private set; } = [];

    /// <summary>The SuRs ticked as cancelled: what the operator sent, or what the latest release cancelled.</summary>
    public IReadOnlySet<string> Cancelled { get; private set; } = new HashSet<string>();

    public async Task<IActionResult> OnGetAsync(string wg) => await ShowAsync(wg) ?? Page();

    public async Task<IActionResult> OnPostAsync(string wg, string? status, string? changelog, string[]? cancelled)
    {
        var published = await ReleasesApi.Published(wg, new ReleaseRequestBody(status, changelog, cancelled ?? []), null, grains);
        if (published.Invalid is { } check)
        {
            Invalid(check, new() { ["status"] = status, ["changelog"] = changelog });
            return await ShowAsync(wg, cancelled) ?? Page();
        }
        if (published.Value is { } release)
            Tell("good", "Release {0} is published.", release.Number.ToString(System.Globalization.CultureInfo.InvariantCulture));
        else
            Refused(published.Refusal!);
        return Redirect($"/operator/wg-sessions/{wg}/releases");
    }

    private async Task<IActionResult?> ShowAsync(string wg, string[]? ticked = null)
    {
        var check = new Validation();
        Wg = check.Wg(wg);
        if (!check.IsValid)
            return NotFound();
        Week = await grains.GetGrain<IWgSessionGrain>(Wg).GetView();
        Releases = await grains.GetGrain<IScheduleReleasesGrain>(Wg).GetReleases();
        Cancelled = ticked?.ToHashSet() ?? Releases.LastOrDefault()?.PreSessions
            .Where(p => p.Status == ReleasedStatus.Cancelled).Select(p => p.Sur).ToHashSet() ?? [];
        return null;
    }
}
