namespace PreSessions.Gateway.Pages;

/// <summary>
/// Which WG sessions exist, for the home page. The one seam between the pages and however the cluster lists WG
/// sessions: a WG session directory replaces <see cref="WgSessionsOfStatesUnderReview"/> with one registration
/// (<see cref="PeoplesPages.AddPeoplesPages"/>), and nothing else in the pages changes.
/// </summary>
public interface IWgSessionCatalogue
{
    /// <summary>The numbers of the WG sessions a visitor may look at, in any order.</summary>
    Task<IReadOnlyCollection<int>> WgSessionsAsync();
}

/// <summary>
/// The WG sessions that have at least one pre-session, as each State under Review records them: the only index of
/// WG sessions the grains keep until a directory exists. It asks the 193 State grains, so it finds a WG session
/// only once a pre-session is scheduled in it.
/// </summary>
public sealed class WgSessionsOfStatesUnderReview(IGrainFactory grains) : IWgSessionCatalogue
{
    public async Task<IReadOnlyCollection<int>> WgSessionsAsync()
    {
        var states = await Task.WhenAll(UnMemberStates.All.Keys.Select(code => grains.GetGrain<IStateUnderReviewGrain>(code).GetView()));
        return [.. states.SelectMany(state => state?.WgSessions ?? []).Distinct()];
    }
}
