using System.Threading.Channels;

namespace PreSessions.Gateway.Live;

/// <summary>
/// One gateway's subscription to one grain (a pre-session's timer, a room), fanned out to every SSE connection of this
/// gateway that follows it: the grain pushes one message per gateway however many screens watch. The grain forgets a
/// subscriber whose lease (<see cref="FeedLease"/>) lapses (its silo may also die and forget everyone), so the feed
/// renews well within the lease, and takes the renewal's answer as a message too: a change pushed while nobody was subscribed still arrives.
/// Messages carry versions; an older one than the last is dropped, since one-way pushes and renewals can cross.
/// </summary>
public abstract class Feed<T>(TimeProvider clock, ILogger logger) : IAsyncDisposable where T : class
{
    /// <summary>Renewals come this often, a sixth of <see cref="FeedLease.Duration"/>: a push lost to a dead silo is late by at most this.</summary>
    public static readonly TimeSpan RenewalPeriod = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private readonly List<Channel<T>> _listeners = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _firstRenewal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? _latest;
    private Task? _renewals;

    /// <summary>Subscribes (or renews) with the grain; its answer is the current value.</summary>
    protected abstract Task<T?> Renew();

    protected abstract Task Unsubscribe();

    protected abstract long VersionOf(T value);

    /// <summary>
    /// Completes once the grain has been asked to push to this feed (or the asking failed): a stream that reads the
    /// present after this misses no change, since any later change is pushed here.
    /// </summary>
    public Task Subscribed => _firstRenewal.Task;

    /// <summary>A new listener: it receives the latest value at once if there is one, then every newer one.</summary>
    public ChannelReader<T> Listen()
    {
        // A screen only ever needs the newest value: a slow connection drops old ones rather than holding memory.
        var channel = Channel.CreateBounded<T>(new BoundedChannelOptions(8) { FullMode = BoundedChannelFullMode.DropOldest });
        lock (_gate)
        {
            _listeners.Add(channel);
            if (_latest is not null)
                channel.Writer.TryWrite(_latest);
            _renewals ??= Task.Run(() => RenewWhileListened(_stopping.Token));
        }
        return channel.Reader;
    }

    /// <summary>Removes a listener; true when it was the last one.</summary>
    public bool Leave(ChannelReader<T> reader)
    {
        lock (_gate)
        {
            _listeners.RemoveAll(c => c.Reader == reader);
            return _listeners.Count == 0;
        }
    }

    /// <summary>A value from the grain: passed on if it is newer than the last one.</summary>
    public void Publish(T value)
    {
        lock (_gate)
        {
            if (_latest is not null && VersionOf(value) <= VersionOf(_latest))
                return;
            _latest = value;
            foreach (var listener in _listeners)
                listener.Writer.TryWrite(value);
        }
    }

    private async Task RenewWhileListened(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                if (await Renew() is { } current)
                    Publish(current);
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                // The cluster may be failing over; the screens keep counting from the last deadline meanwhile.
                logger.LogWarning(failure, "A live feed could not renew its subscription; it tries again in {Period}.", RenewalPeriod);
            }
            _firstRenewal.TrySetResult();
            try
            {
                await Task.Delay(RenewalPeriod, clock, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_renewals is { } renewals)
            await renewals;
        lock (_gate)
            foreach (var listener in _listeners)
                listener.Writer.TryComplete();
        try
        {
            await Unsubscribe();
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            // The lease lapses on its own.
            logger.LogDebug(failure, "A live feed could not unsubscribe.");
        }
        _stopping.Dispose();
    }
}
