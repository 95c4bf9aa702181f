using System.Net;
using ProRT.Protocols.Ports;
using ProRT.Protocols.Results;

namespace ProRT.Protocols.Tests.Results;

public sealed class ScanReportSpecs
{
    private static ScanResult Port(string ip, int port, PortState state) =>
        new(IPAddress.Parse(ip), (ushort)port, Protocol.Tcp, state, "x", TimeSpan.Zero, DateTimeOffset.UnixEpoch);

    [Fact]
    public void Summarize_counts_hosts_ports_and_duration()
    {
        var up = new HostResult(IPAddress.Parse("198.18.0.1"), null, HostState.Up, "syn-ack",
            [Port("198.18.0.1", 22, PortState.Open), Port("198.18.0.1", 80, PortState.Open), Port("198.18.0.1", 81, PortState.Closed)]);
        var alsoUp = new HostResult(IPAddress.Parse("198.18.0.2"), "b.test", HostState.Up, "user-set",
            [Port("198.18.0.2", 22, PortState.Filtered), Port("198.18.0.2", 443, PortState.Open)]);
        var down = new HostResult(IPAddress.Parse("198.18.0.3"), null, HostState.Down, "no-response", []);
        var start = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

        var s = ScanReport.Summarize([up, alsoUp, down], start, start.AddSeconds(12.5));

        Assert.Equal(3, s.TotalHosts);
        Assert.Equal(2, s.HostsUp);
        Assert.Equal(5, s.TotalPortsScanned);
        Assert.Equal(3, s.PortsOpen);
        Assert.Equal(TimeSpan.FromSeconds(12.5), s.Duration);
    }

    [Fact]
    public void Summarize_of_nothing_is_zero()
    {
        var t = DateTimeOffset.UnixEpoch;
        Assert.Equal(new ScanStatistics(0, 0, 0, 0, TimeSpan.Zero), ScanReport.Summarize([], t, t));
    }
}
