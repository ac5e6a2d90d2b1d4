using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using PreSessions.Gateway.Apis;

namespace PreSessions.Gateway.Live;

public sealed record HeartbeatEvent(DateTime ServerTime);

public sealed record RoomEvent(string Room, LivePreSession? Live);

public sealed record LivePreSession(int Wg, string Sur);

/// <summary>
/// The server-sent event streams displays read: "timer" events (the snapshot, its version as the event id), "room"
/// events (which pre-session is live), and a "heartbeat" with the server's time whenever nothing else was sent for a
/// while. Each stream begins with the present, so a display that reconnects is in sync at once.
/// </summary>
public static class EventStreams
{
    public const string TimerEvent = "timer";
    public const string RoomEventType = "room";
    public const string HeartbeatEventType = "heartbeat";

    public static async IAsyncEnumerable<SseItem<object>> Timer(
        TimerSnapshot now, Subscription<TimerSnapshot> feed, IDisposable connection, TimeSpan heartbeat, TimeProvider clock,
        [EnumeratorCancellation] CancellationToken disconnected)
    {
        using var counted = connection;
        await using var following = feed;
        var shown = now;
        yield return Timer(now);
        var waiting = new Waiting();
        while (!disconnected.IsCancellationRequested)
        {
            var woke = await waiting.Next<TimerSnapshot, TimerSnapshot>(feed.Values, null, heartbeat, clock, disconnected);
            if (woke is Woke.Disconnected)
                yield break;
            if (woke is Woke.Heartbeat)
                yield return Heartbeat(clock);
            while (feed.Values.TryRead(out var snapshot))
                if (snapshot.Version > shown.Version)
                    yield return Timer(shown = snapshot);
        }
    }

    /// <summary>A room's screens: which pre-session is live, and that pre-session's timer, following the room as it changes.</summary>
    public static async IAsyncEnumerable<SseItem<object>> Room(
        RoomLive live, Func<PreSessionKey, Task<(TimerSnapshot Now, Subscription<TimerSnapshot> Feed)?>> followTimer,
        Subscription<RoomLive> roomFeed, IDisposable connection, TimeSpan heartbeat, TimeProvider clock,
        [EnumeratorCancellation] CancellationToken disconnected)
    {
        using var counted = connection;
        await using var followingRoom = roomFeed;
        Subscription<TimerSnapshot>? timer = null;
        TimerSnapshot? shown = null;
        try
        {
            var waiting = new Waiting();
            var showLive = true;
            while (!disconnected.IsCancellationRequested)
            {
                if (showLive)
                {
                    showLive = false;
                    yield return new SseItem<object>(new RoomEvent(live.Room, live.PreSession is { } k ? new(k.Wg, k.Sur) : null), RoomEventType);
                    if (timer is not null)
                        await timer.DisposeAsync();
                    (timer, shown) = (null, null);
                    if (live.PreSession is { } key && await followTimer(key) is var (now, feed))
                    {
                        timer = feed;
                        yield return Timer(shown = now);
                    }
                }
                var woke = await waiting.Next(roomFeed.Values, timer?.Values, heartbeat, clock, disconnected);
                if (woke is Woke.Disconnected)
                    yield break;
                if (woke is Woke.Heartbeat)
                    yield return Heartbeat(clock);
                while (roomFeed.Values.TryRead(out var changed))
                    if (changed.Version > live.Version)
                        (live, showLive) = (changed, true);
                if (showLive || timer is null)
                    continue;
                while (timer.Values.TryRead(out var snapshot))
                    if (shown is null || snapshot.Version > shown.Version)
                        yield return Timer(shown = snapshot);
            }
        }
        finally
        {
            if (timer is not null)
                await timer.DisposeAsync();
        }
    }

    private static SseItem<object> Timer(TimerSnapshot snapshot) =>
        new(TimerResponse.From(snapshot), TimerEvent) { EventId = snapshot.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    private static SseItem<object> Heartbeat(TimeProvider clock) =>
        new(new HeartbeatEvent(clock.GetUtcNow().UtcDateTime), HeartbeatEventType);

    private enum Woke { Value, Heartbeat, Disconnected }

    /// <summary>
    /// Waits for a value on either feed or for the heartbeat, keeping a feed's pending wait across turns rather than
    /// stacking a new waiter on the channel each time.
    /// </summary>
    private sealed class Waiting
    {
        private (object? Reader, Task<bool> Wait) _first;
        private (object? Reader, Task<bool> Wait) _second;

        public async Task<Woke> Next<TA, TB>(
            ChannelReader<TA> first, ChannelReader<TB>? second, TimeSpan heartbeat, TimeProvider clock, CancellationToken disconnected)
        {
            var firstWait = Pending(ref _first, first, disconnected);
            var secondWait = second is null ? null : Pending(ref _second, second, disconnected);
            using var beat = CancellationTokenSource.CreateLinkedTokenSource(disconnected);
            var delay = Task.Delay(heartbeat, clock, beat.Token);
            var woke = await Task.WhenAny(secondWait is null ? [firstWait, delay] : [firstWait, secondWait, delay]);
            await beat.CancelAsync();
            if (disconnected.IsCancellationRequested)
                return Woke.Disconnected;
            if (woke == delay)
                return Woke.Heartbeat;
            // A completed feed (the gateway stopping) ends the stream; the display reconnects elsewhere.
            return await (Task<bool>)woke ? Woke.Value : Woke.Disconnected;
        }

        private static Task<bool> Pending<T>(ref (object? Reader, Task<bool> Wait) slot, ChannelReader<T> reader, CancellationToken disconnected)
        {
            if (!ReferenceEquals(slot.Reader, reader) || slot.Wait.IsCompleted)
                slot = (reader, WaitQuietly(reader, disconnected));
            return slot.Wait;
        }

        private static async Task<bool> WaitQuietly<T>(ChannelReader<T> reader, CancellationToken disconnected)
        {
            try
            {
                return await reader.WaitToReadAsync(disconnected);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
    }
}
