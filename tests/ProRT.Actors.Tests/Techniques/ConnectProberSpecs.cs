using System.Net;
using System.Net.Sockets;
using ProRT.Actors.Techniques;
using ProRT.Actors.Techniques.Connect;
using ProRT.Actors.Timing;
using ProRT.Protocols.Results;
using ProRT.Protocols.Timing;

namespace ProRT.Actors.Tests.Techniques;

/// <summary>Real connects to listeners this test opens on loopback.</summary>
public sealed class ConnectProberSpecs
{
    private static ushort FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return (ushort)((IPEndPoint)l.LocalEndpoint).Port;
    }

    [Fact]
    public async Task Listening_ports_are_open_and_others_closed()
    {
        using var a = new TcpListener(IPAddress.Loopback, 0);
        using var b = new TcpListener(IPAddress.Loopback, 0);
        a.Start();
        b.Start();
        ushort pa = (ushort)((IPEndPoint)a.LocalEndpoint).Port, pb = (ushort)((IPEndPoint)b.LocalEndpoint).Port;
        ushort closed = FreePort();
        var ports = new[] { pa, pb, closed }.Order().ToArray();
        var batches = new List<IReadOnlyList<ScanResult>>();

        var prober = new ConnectProber(IPAddress.Loopback, ports, new ProbeSettings(TimingTemplate.Aggressive, 2, null, false, 64),
            UnlimitedPermits.Instance, batch => { lock (batches) batches.Add(batch); }, 64);
        var done = await prober.RunAsync(CancellationToken.None);

        Assert.False(done.TimedOut);
        Assert.Equal(PortState.Open, done.Results.Single(r => r.Port == pa).State);
        Assert.Equal(PortState.Open, done.Results.Single(r => r.Port == pb).State);
        var c = done.Results.Single(r => r.Port == closed);
        Assert.Equal(PortState.Closed, c.State);
        Assert.Equal("conn-refused", c.Reason);
        // Every result was also streamed as it was found.
        Assert.Equal(3, batches.Sum(x => x.Count));
    }

    [Fact]
    public async Task Cancellation_stops_the_prober()
    {
        var prober = new ConnectProber(IPAddress.Loopback, Enumerable.Range(1, 65535).Select(p => (ushort)p).ToArray(),
            new ProbeSettings(TimingTemplate.Polite, 2, null, false, 1), new SlowPermits(), _ => { }, 1);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => prober.RunAsync(cts.Token));
    }

    private sealed class SlowPermits : IProbePermits
    {
        public async ValueTask<int> AcquireAsync(int wanted, CancellationToken cancellationToken)
        {
            await Task.Delay(50, cancellationToken);
            return 1;
        }
    }
}
