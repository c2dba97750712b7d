using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Authz.Tests.Cluster;

/// <summary>
/// A loopback TCP proxy in front of a server. <see cref="Cut"/> drops every open connection and refuses new ones —
/// to its clients, exactly what a stopped database looks like — until <see cref="Restore"/>.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _upstream;
    private readonly ConcurrentDictionary<TcpClient, byte> _open = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private volatile bool _cut;

    public TcpProxy(IPEndPoint upstream)
    {
        _upstream = upstream;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public void Cut()
    {
        _cut = true;
        foreach (var client in _open.Keys)
        {
            Close(client);
        }
    }

    public void Restore() => _cut = false;

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        Cut();
        await _accepting.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient downstream;
            try
            {
                downstream = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            if (_cut)
            {
                downstream.Dispose();
                continue;
            }

            _ = RelayAsync(downstream);
        }
    }

    private async Task RelayAsync(TcpClient downstream)
    {
        using var upstream = new TcpClient();
        _open[downstream] = 0;
        _open[upstream] = 0;
        try
        {
            await upstream.ConnectAsync(_upstream, _stop.Token);
            await Task.WhenAny(
                downstream.GetStream().CopyToAsync(upstream.GetStream(), _stop.Token),
                upstream.GetStream().CopyToAsync(downstream.GetStream(), _stop.Token));
        }
        catch (Exception)
        {
            // A cut or closed connection ends the relay; both sides are closed below.
        }
        finally
        {
            Close(downstream);
            Close(upstream);
        }
    }

    private void Close(TcpClient client)
    {
        _open.TryRemove(client, out _);
        try
        {
            client.Client.LingerState = new LingerOption(true, 0);
        }
        catch (Exception)
        {
            // Already closed.
        }

        client.Dispose();
    }
}
