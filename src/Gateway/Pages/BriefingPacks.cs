using System.Collections.Immutable;

namespace PreSessions.Gateway.Pages;

/// <summary>A pre-session a mission RSVPed to, its briefing pack, and when the pack's statements last changed (null: never).</summary>
public sealed record BriefingPackNotice(int Wg, string Sur, DateTimeOffset? ChangedAt);

/// <summary>
/// What a mission's account shows of the briefing packs: one per pre-session it RSVPed to (a declined RSVP is no
/// longer going), with the time its published statements last changed, so a delegate knows to read it again.
/// </summary>
public static class BriefingPacks
{
    public static async Task<ImmutableArray<BriefingPackNotice>> ForAsync(IGrainFactory grains, OrganisationView organisation)
    {
        var going = organisation.Rsvps.Where(r => r.Status is not RsvpStatus.Declined)
            .Select(r => (r.Wg, r.Sur)).Distinct().OrderBy(r => r.Wg).ThenBy(r => r.Sur, StringComparer.Ordinal);
        return [.. await Task.WhenAll(going.Select(async r => new BriefingPackNotice(r.Wg, r.Sur,
            (await grains.GetGrain<IStatementsGrain>(new PreSessionKey(r.Wg, r.Sur).GrainKey).GetPublished()).ChangedAt)))];
    }
}
