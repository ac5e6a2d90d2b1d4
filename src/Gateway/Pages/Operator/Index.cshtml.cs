namespace PreSessions.Gateway.Pages.Operator;

/// <summary>The organisers' home: every WG session, by first day, with the way to its week.</summary>
public sealed class IndexModel(IGrainFactory grains) : OperatorPageModel
{
    public IReadOnlyList<WgSessionListing> WgSessions { get; private set; } = [];

    public async Task OnGetAsync() => WgSessions = await grains.ListWgSessions();
}
