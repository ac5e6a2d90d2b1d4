using System.Net;
using System.Net.Sockets;

namespace PreSessions.TestSupport;

/// <summary>Loopback ports nobody listens on now, so that programs under test may run side by side.</summary>
public static class FreePorts
{
    /// <summary>
    /// <paramref name="count"/> distinct ports: the OS picks each, and all are held until all are chosen, so the same
    /// port is never handed out twice in one call.
    /// </summary>
    public static int[] Take(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        try
        {
            foreach (var listener in listeners)
                listener.Start();
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var listener in listeners)
                listener.Stop();
        }
    }
}
