using System.Collections.Immutable;
using System.Runtime.CompilerServices;

namespace PreSessions;

/// <summary>
/// How a WG session appears in the list of WG sessions. The days are the Geneva dates on which its first and last
/// pre-sessions start; both null while it has none.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record WgSessionListing(
    [property: Id(0)] int Wg,
    [property: Id(1)] string Title,
    [property: Id(2)] string Venue,
    [property: Id(3)] bool Provisional,
    [property: Id(4)] DateOnly? FirstDay,
    [property: Id(5)] DateOnly? LastDay)
{
    public static WgSessionListing Of(int wg, WgSessionDetails details, IEnumerable<PreSessionPlan> plans)
    {
        var days = plans.Select(p => Geneva.Day(p.StartsAt)).Order().ToArray();
        return new WgSessionListing(wg, details.Title, details.Venue, details.Provisional,
            days.Length == 0 ? null : days[0], days.Length == 0 ? null : days[^1]);
    }

    /// <summary>The list's order: by first day, then number; WG sessions with no pre-session yet come last, by number.</summary>
    public static IOrderedEnumerable<WgSessionListing> InListOrder(IEnumerable<WgSessionListing> listings) =>
        listings.OrderBy(l => l.FirstDay is null).ThenBy(l => l.FirstDay).ThenBy(l => l.Wg);
}

/// <summary>The directory's listings in list order, and the WG session numbers it cannot vouch for.</summary>
[GenerateSerializer, Immutable]
public sealed record WgSessionDirectoryView(
    [property: Id(0)] ImmutableArray<WgSessionListing> Listings,
    [property: Id(1)] ImmutableArray<int> Unconfirmed,
    [property: Id(2)] bool Swept);

/// <summary>
/// The list of WG sessions (Orleans cannot enumerate grains, and the list should not wake every WG session).
/// One grain, key <see cref="WgSessionDirectory.Key"/>; WG sessions call it, it calls nobody.
/// A WG session whose listing changes says so before it writes (<see cref="Expect"/>) and records the new listing
/// after; a number expected but not recorded (a crash between the two writes) is unconfirmed until that WG session
/// announces itself again. Until one sweep has asked every WG session number to announce itself, every number not
/// listed is unconfirmed: a store written before the directory existed holds WG sessions it never heard of.
/// </summary>
public interface IWgSessionDirectoryGrain : IGrainWithIntegerKey
{
    /// <summary>A WG session is about to store a change of its listing.</summary>
    Task Expect(int wg);

    /// <summary>A WG session's listing as stored, or null: there is no such WG session. Confirms the number.</summary>
    Task Record(int wg, WgSessionListing? listing);

    Task<WgSessionDirectoryView> GetView();

    /// <summary>Every WG session number has announced itself once.</summary>
    Task MarkSwept();
}

public static class WgSessionDirectory
{
    public const long Key = 0;

    /// <summary>UPR WG session numbers: 1 (2008) and on, three a year.</summary>
    public const int FirstWg = 1, LastWg = 999;

    /// <summary>How many WG sessions announce themselves at once while unconfirmed numbers are confirmed.</summary>
    private const int AnnouncingAtOnce = 16;

    /// <summary>The confirmation under way through each client: concurrent lists wait for it rather than each asking again.</summary>
    private static readonly ConditionalWeakTable<IGrainFactory, Task> Confirming = new();

    /// <summary>
    /// The WG sessions in list order, after asking every unconfirmed number to announce itself (a sweep of every
    /// number once per store, then only the numbers a crash left unconfirmed). The caller does this, not the
    /// directory, because a WG session calls the directory: the directory calling back could deadlock.
    /// </summary>
    public static async Task<ImmutableArray<WgSessionListing>> ListWgSessions(this IGrainFactory grains)
    {
        var directory = grains.GetGrain<IWgSessionDirectoryGrain>(Key);
        var view = await directory.GetView();
        if (view.Unconfirmed.IsEmpty)
            return view.Listings;
        await ConfirmOnce(grains, directory, view);
        return (await directory.GetView()).Listings;
    }

    private static Task ConfirmOnce(IGrainFactory grains, IWgSessionDirectoryGrain directory, WgSessionDirectoryView view)
    {
        lock (Confirming)
        {
            if (Confirming.TryGetValue(grains, out var running) && !running.IsCompleted)
                return running;
            var confirming = Confirm(grains, directory, view);
            Confirming.AddOrUpdate(grains, confirming);
            return confirming;
        }
    }

    private static async Task Confirm(IGrainFactory grains, IWgSessionDirectoryGrain directory, WgSessionDirectoryView view)
    {
        await Parallel.ForEachAsync(view.Unconfirmed, new ParallelOptions { MaxDegreeOfParallelism = AnnouncingAtOnce },
            async (wg, _) => await grains.GetGrain<IWgSessionGrain>(wg).Announce());
        if (!view.Swept)
            await directory.MarkSwept();
    }
}
