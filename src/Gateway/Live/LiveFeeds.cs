using System.Diagnostics.Metrics;
using System.Threading.Channels;

namespace PreSessions.Gateway.Live;

/// <summary>The "PreSessions:Live" configuration section.</summary>
public sealed class LiveOptions
{
    public const string Section = "PreSessions:Live";

    /// <summary>Every event stream says it is alive at least this often, so proxies keep it open and screens know.</summary>
    public int HeartbeatSeconds { get; set; } = 15;

    public TimeSpan Heartbeat => TimeSpan.FromSeconds(HeartbeatSeconds);
}

/// <summary>
/// This gateway's live feeds: at most one per pre-session timer and one per room, shared by all the SSE connections
/// that follow them, and closed when the last connection leaves. Counts the open connections on the "PreSessions" meter.
/// </summary>
public sealed class LiveFeeds(TimeProvider clock, ILoggerFactory loggers, IMeterFactory meters) : IAsyncDisposable
{
    public const string Connections = "presessions.sse.connections";

    private readonly Lock _gate = new();
    private readonly Dictionary<PreSessionKey, TimerFeed> _timers = [];
    private readonly Dictionary<string, RoomFeed> _rooms = [];
    private readonly UpDownCounter<int> _connections = meters.Create(DomainMeter.Name)
        .CreateUpDownCounter<int>(Connections, "{connection}", "Open server-sent event streams of timers and rooms on this gateway.");

    /// <remarks>
    /// The grains come with the request that opens a feed: in a cluster, the gateway's client connects in the background,
    /// and a request made before it did has already failed with 503.
    /// </remarks>
    public Subscription<TimerSnapshot> FollowTimer(PreSessionKey key, IGrainFactory grains) =>
        Follow<PreSessionKey, TimerFeed, TimerSnapshot>(_timers, key, () => new TimerFeed(grains, key, clock, loggers.CreateLogger<TimerFeed>()));

    public Subscription<RoomLive> FollowRoom(string room, IGrainFactory grains) =>
        Follow<string, RoomFeed, RoomLive>(_rooms, room, () => new RoomFeed(grains, room, clock, loggers.CreateLogger<RoomFeed>()));

    /// <summary>Counts one open event stream for as long as the returned scope lives.</summary>
    public IDisposable Connection(string feed)
    {
        var tags = new KeyValuePair<string, object?>("feed", feed);
        _connections.Add(1, tags);
        return new Counted(() => _connections.Add(-1, tags));
    }

    private Subscription<T> Follow<TKey, TFeed, T>(Dictionary<TKey, TFeed> feeds, TKey key, Func<TFeed> open)
        where TKey : notnull where TFeed : Feed<T> where T : class
    {
        lock (_gate)
        {
            if (!feeds.TryGetValue(key, out var feed))
                feeds[key] = feed = open();
            var reader = feed.Listen();
            return new Subscription<T>(reader, feed.Subscribed, () =>
            {
                bool last;
                lock (_gate)
                {
                    last = feed.Leave(reader);
                    if (last)
                        feeds.Remove(key);
                }
                return last ? feed.DisposeAsync() : ValueTask.CompletedTask;
            });
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<IAsyncDisposable> open;
        lock (_gate)
        {
            open = [.. _timers.Values, .. _rooms.Values];
            _timers.Clear();
            _rooms.Clear();
        }
        foreach (var feed in open)
            await feed.DisposeAsync();
    }

    private sealed class Counted(Action release) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                release();
        }
    }
}

/// <summary>One connection's place on a feed: read the values, then dispose to leave.</summary>
public sealed class Subscription<T>(ChannelReader<T> values, Task subscribed, Func<ValueTask> leave) : IAsyncDisposable
{
    public ChannelReader<T> Values => values;

    /// <summary>
    /// Reads what a new stream begins with, once the feed is subscribed (so no change falls between the read and the
    /// feed); when there is nothing to stream, or the read fails, leaves the feed.
    /// </summary>
    public async Task<TPresent?> BeginWith<TPresent>(Func<Task<TPresent?>> read) where TPresent : class
    {
        try
        {
            await subscribed;
            if (await read() is { } present)
                return present;
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
        await DisposeAsync();
        return null;
    }

    public ValueTask DisposeAsync() => leave();
}

/// <summary>This gateway's subscription to one pre-session's timer.</summary>
public sealed class TimerFeed(IGrainFactory grains, PreSessionKey key, TimeProvider clock, ILogger<TimerFeed> logger)
    : Feed<TimerSnapshot>(clock, logger), ITimerObserver
{
    private ILiveTimerGrain Timer => grains.GetGrain<ILiveTimerGrain>(key.GrainKey);

    private ITimerObserver? _reference;

    public Task Changed(TimerSnapshot snapshot)
    {
        Publish(snapshot);
        return Task.CompletedTask;
    }

    protected override Task<TimerSnapshot?> Renew() =>
        Timer.Subscribe(_reference ??= grains.CreateObjectReference<ITimerObserver>(this));

    protected override async Task Unsubscribe()
    {
        if (_reference is null)
            return;
        await Timer.Unsubscribe(_reference);
        grains.DeleteObjectReference<ITimerObserver>(_reference);
    }

    protected override long VersionOf(TimerSnapshot value) => value.Version;
}

/// <summary>This gateway's subscription to one room: which pre-session is live there.</summary>
public sealed class RoomFeed(IGrainFactory grains, string room, TimeProvider clock, ILogger<RoomFeed> logger)
    : Feed<RoomLive>(clock, logger), IRoomObserver
{
    private IRoomGrain Room => grains.GetGrain<IRoomGrain>(room);

    private IRoomObserver? _reference;

    public Task LiveChanged(RoomLive live)
    {
        Publish(live);
        return Task.CompletedTask;
    }

    protected override async Task<RoomLive?> Renew() =>
        await Room.Subscribe(_reference ??= grains.CreateObjectReference<IRoomObserver>(this));

    protected override async Task Unsubscribe()
    {
        if (_reference is null)
            return;
        await Room.Unsubscribe(_reference);
        grains.DeleteObjectReference<IRoomObserver>(_reference);
    }

    protected override long VersionOf(RoomLive value) => value.Version;
}

public static class LiveFeedsHosting
{
    public static WebApplicationBuilder AddLiveFeeds(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<LiveOptions>().BindConfiguration(LiveOptions.Section);
        builder.Services.AddSingleton<LiveFeeds>();
        return builder;
    }
}
