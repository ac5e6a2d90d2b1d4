using System.Collections.Immutable;

namespace PreSessions;

[GenerateSerializer, Immutable]
public sealed record WgSessionDirectoryState
{
    [Id(0)] public ImmutableSortedDictionary<int, WgSessionListing> Listings { get; init; } = ImmutableSortedDictionary<int, WgSessionListing>.Empty;

    /// <summary>WG sessions that said they are storing a change of their listing and have not recorded it yet.</summary>
    [Id(1)] public ImmutableSortedSet<int> Expected { get; init; } = [];

    /// <summary>Every WG session number has announced itself once, so a number not listed is no WG session.</summary>
    [Id(2)] public bool Swept { get; init; }
}

/// <summary>
/// The list of WG sessions: each WG session's listing, as that WG session last recorded it. Every change is stored
/// before it is acknowledged, so a WG session never goes on to store a change the directory was not told to expect.
/// </summary>
public sealed class WgSessionDirectoryGrain(
    [PersistentState("wgSessionDirectory", StorageNames.Grains)] IPersistentState<WgSessionDirectoryState> storage)
    : Grain, IWgSessionDirectoryGrain
{
    private GroupCommit<WgSessionDirectoryState> _commit = null!;

    private WgSessionDirectoryState State
    {
        get => storage.State;
        set => storage.State = value;
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _commit = new GroupCommit<WgSessionDirectoryState>(storage, DeactivateOnIdle);
        return Task.CompletedTask;
    }

    public Task Expect(int wg) =>
        State.Expected.Contains(wg) ? _commit.Durable() : Commit(State with { Expected = State.Expected.Add(wg) });

    public Task Record(int wg, WgSessionListing? listing) =>
        !State.Expected.Contains(wg) && State.Listings.GetValueOrDefault(wg) == listing
            ? _commit.Durable() // a replay, or a sweep asking a number that is no WG session: nothing to store
            : Commit(State with
            {
                Listings = listing is null ? State.Listings.Remove(wg) : State.Listings.SetItem(wg, listing),
                Expected = State.Expected.Remove(wg),
            });

    public Task MarkSwept() => State.Swept ? _commit.Durable() : Commit(State with { Swept = true });

    public Task<WgSessionDirectoryView> GetView()
    {
        var committed = _commit.Committed;
        var unconfirmed = committed.Swept
            ? committed.Expected
            : committed.Expected.Union(Enumerable.Range(WgSessionDirectory.FirstWg, WgSessionDirectory.LastWg - WgSessionDirectory.FirstWg + 1)
                .Where(wg => !committed.Listings.ContainsKey(wg)));
        return Task.FromResult(new WgSessionDirectoryView(
            [.. WgSessionListing.InListOrder(committed.Listings.Values)], [.. unconfirmed], committed.Swept));
    }

    private Task Commit(WgSessionDirectoryState next)
    {
        State = next;
        return _commit.Commit();
    }
}
