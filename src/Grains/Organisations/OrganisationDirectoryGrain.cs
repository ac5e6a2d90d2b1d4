using System.Collections.Immutable;
using System.Globalization;

namespace PreSessions;

/// <summary>
/// Every organisation, for the operator's list. Organisations note themselves in (see <see cref="OrganisationGrain"/>
/// for when); names never change, so a note is written once and every later one is a replay. It interleaves calls so
/// that the notes of a burst of registrations share one storage write (<see cref="GroupCommit{TState}"/>); each note
/// decides and changes the state in one turn, before its only await. Reads show the committed state only.
/// </summary>
[Orleans.Concurrency.Reentrant]
public sealed class OrganisationDirectoryGrain(
    [PersistentState("organisationDirectory", StorageNames.Grains)] IPersistentState<OrganisationDirectoryState> storage)
    : Grain, IOrganisationDirectoryGrain
{
    private GroupCommit<OrganisationDirectoryState> _commit = null!;

    /// <summary>The committed state's listing, sorted and flagged: computed again only when the committed state changes.</summary>
    private (OrganisationDirectoryState Of, ImmutableArray<ListedOrganisation> Listing)? _listing;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _commit = new GroupCommit<OrganisationDirectoryState>(storage, DeactivateOnIdle);
        return Task.CompletedTask;
    }

    public async Task Note(OrganisationProfile organisation)
    {
        if (storage.State.Organisations.GetValueOrDefault(organisation.Id) == organisation)
        {
            await _commit.Durable();
            return;
        }
        storage.State = storage.State with { Organisations = storage.State.Organisations.SetItem(organisation.Id, organisation) };
        await _commit.Commit();
    }

    public Task<Outcome<OrganisationPage>> Find(string? search, string? after, int size)
    {
        var listing = Listing();
        var start = after is null ? 0 : IndexOf(listing, after) + 1;
        if (after is not null && start == 0)
            return Task.FromResult(Outcome<OrganisationPage>.Invalid("This cursor does not come from this list."));
        var found = listing.Skip(start)
            .Where(l => search is null || CultureInfo.InvariantCulture.CompareInfo.IndexOf(l.Profile.Name, search, CompareOptions.IgnoreCase) >= 0)
            .Take(size + 1)
            .ToList();
        var next = found.Count > size ? found[size - 1].Profile.Id : null;
        return Task.FromResult(Outcome<OrganisationPage>.Ok(new OrganisationPage([.. found.Take(size)], next)));
    }

    public Task<ImmutableArray<OrganisationProfile>> Missions() =>
        Task.FromResult<ImmutableArray<OrganisationProfile>>([.. _commit.Committed.Organisations.Values.Where(o => o.IsMission)]);

    private static int IndexOf(ImmutableArray<ListedOrganisation> listing, string id)
    {
        for (var i = 0; i < listing.Length; i++)
            if (listing[i].Profile.Id == id)
                return i;
        return -1;
    }

    private ImmutableArray<ListedOrganisation> Listing()
    {
        var committed = _commit.Committed;
        if (_listing is not { } cached || !ReferenceEquals(cached.Of, committed))
            _listing = cached = (committed, Flagged(committed.Organisations.Values));
        return cached.Listing;
    }

    /// <summary>By name (case ignored, then id for a stable order), each with what its name has in common with others'.</summary>
    private static ImmutableArray<ListedOrganisation> Flagged(IEnumerable<OrganisationProfile> organisations)
    {
        var all = organisations
            .Select(o => (Profile: o, Duplicate: LookAlikes.DuplicateKey(o.Name), Skeleton: LookAlikes.Skeleton(o.Name)))
            .ToList();
        var duplicates = all.GroupBy(o => o.Duplicate).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        // A look-alike reads like a name that is not merely the same name in other case or spacing.
        var lookAlikes = all.GroupBy(o => o.Skeleton).Where(g => g.Select(o => o.Duplicate).Distinct().Count() > 1).Select(g => g.Key).ToHashSet();
        return [.. all
            .OrderBy(o => o.Profile.Name, StringComparer.OrdinalIgnoreCase)
            .ThenBy(o => o.Profile.Id, StringComparer.Ordinal)
            .Select(o => new ListedOrganisation(o.Profile, [.. Flags(o.Profile.Name, duplicates.Contains(o.Duplicate), lookAlikes.Contains(o.Skeleton))]))];
    }

    private static IEnumerable<NameFlag> Flags(string name, bool duplicate, bool lookAlike)
    {
        if (duplicate)
            yield return NameFlag.DuplicateName;
        if (lookAlike)
            yield return NameFlag.LookAlikeName;
        if (LookAlikes.MixesScripts(name))
            yield return NameFlag.MixedScripts;
    }
}

[GenerateSerializer, Immutable]
public sealed record OrganisationDirectoryState
{
    /// <summary>Every listed organisation by id.</summary>
    [Id(0)] public ImmutableDictionary<string, OrganisationProfile> Organisations { get; init; } =
        ImmutableDictionary<string, OrganisationProfile>.Empty;
}
