namespace PreSessions.Gateway.Pages;

/// <summary>
/// Which WG sessions exist, for the home page. The one seam between the pages and however the cluster lists WG
/// sessions: the WG session directory behind it is registered in
/// <see cref="PeoplesPages.AddPeoplesPages"/>.
/// </summary>
public interface IWgSessionCatalogue
{
    /// <summary>The numbers of the WG sessions a visitor may look at, in any order.</summary>
    Task<IReadOnlyCollection<int>> WgSessionsAsync();
}

/// <summary>
/// The WG sessions the WG session directory lists (<c>GET /api/wg-sessions</c> reads the same), including those of a
/// store written before the directory existed.
/// </summary>
public sealed class WgSessionDirectoryCatalogue(IGrainFactory grains) : IWgSessionCatalogue
{
    public async Task<IReadOnlyCollection<int>> WgSessionsAsync() => [.. (await grains.ListWgSessions()).Select(l => l.Wg)];
}
