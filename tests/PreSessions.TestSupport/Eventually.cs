using System.Diagnostics;
using System.Net.Sockets;

namespace PreSessions.TestSupport;

/// <summary>
/// Waiting for what a system does in its own time (a process becoming ready, a cluster declaring a killed silo dead,
/// PostgreSQL coming back): ask, and ask again, within a bound. A request that cannot connect or times out means
/// "not yet" while processes come and go; any other exception, a failed assertion included, ends the wait at once.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>Asks <paramref name="condition"/> until it is true; throws <see cref="TimeoutException"/> after <paramref name="within"/>.</summary>
    public static Task Until(Func<Task<bool>> condition, TimeSpan within, string what, TimeSpan? every = null) =>
        Until(condition, within, () => what, every);

    /// <summary>
    /// As <see cref="Until(Func{Task{bool}}, TimeSpan, string, TimeSpan?)"/>, with the failure's description built
    /// when it fails (to say the last answer, or what a process wrote).
    /// </summary>
    public static async Task Until(Func<Task<bool>> condition, TimeSpan within, Func<string> what, TimeSpan? every = null)
    {
        var waited = Stopwatch.StartNew();
        string? lastFailure = null;
        while (true)
        {
            try
            {
                if (await condition())
                    return;
            }
            catch (Exception notYet) when (notYet is HttpRequestException or TaskCanceledException or SocketException)
            {
                lastFailure = $"{notYet.GetType().Name}: {notYet.Message}";
            }
            if (waited.Elapsed >= within)
                throw new TimeoutException($"Waited {within.TotalSeconds:0.#} s: {what()}" +
                    (lastFailure is null ? "" : $" (last failure: {lastFailure})"));
            await Task.Delay(every ?? DefaultInterval);
        }
    }
}
