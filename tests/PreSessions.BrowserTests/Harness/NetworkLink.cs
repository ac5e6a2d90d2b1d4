using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace PreSessions.BrowserTests.Harness;

/// <summary>
/// The network between a browser and the gateway: a TCP relay the test can cut (every open connection reset, every new
/// one refused) and mend, while the gateway itself goes on serving everyone else. The browser loads the pages through
/// it, so its feeds and fetches fail exactly as they do when a venue's network drops.
/// </summary>
public sealed class NetworkLink : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<Guid, (TcpClient Browser, TcpClient Gateway)> _open = new();
    private readonly Task _accepting;
    private volatile int _gatewayPort;
    private volatile bool _cut;

    public NetworkLink(int gatewayPort)
    {
        _gatewayPort = gatewayPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public void Cut()
    {
        _cut = true;
        foreach (var (id, pair) in _open)
            Close(id, pair);
    }

    public void Mend() => _cut = false;

    /// <summary>Where new connections go: a gateway restarted on another port is the same gateway to the browser.</summary>
    public void Redirect(int gatewayPort) => _gatewayPort = gatewayPort;

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient browser;
            try
            {
                browser = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            _ = RelayAsync(browser);
        }
    }

    private async Task RelayAsync(TcpClient browser)
    {
        if (_cut)
        {
            Reset(browser);
            return;
        }
        var gateway = new TcpClient();
        try
        {
            await gateway.ConnectAsync(IPAddress.Loopback, _gatewayPort, _stop.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            Reset(browser);
            gateway.Dispose();
            return;
        }
        var id = Guid.NewGuid();
        var pair = (browser, gateway);
        _open[id] = pair;
        try
        {
            var up = browser.GetStream().CopyToAsync(gateway.GetStream(), _stop.Token);
            var down = gateway.GetStream().CopyToAsync(browser.GetStream(), _stop.Token);
            await Task.WhenAny(up, down);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Either side went away, or the link was cut.
        }
        finally
        {
            Close(id, pair);
        }
    }

    private void Close(Guid id, (TcpClient Browser, TcpClient Gateway) pair)
    {
        _open.TryRemove(id, out _);
        Reset(pair.Browser);
        Reset(pair.Gateway);
    }

    /// <summary>A reset, not a polite close: what a dropped network looks like to the browser.</summary>
    private static void Reset(TcpClient client)
    {
        // Cut and the relay's own ending may both close a connection: a disposed client has no socket any more.
        try
        {
            if (client.Client is { } socket)
                socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
        client.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        Cut();
        await _accepting;
        _stop.Dispose();
    }
}
