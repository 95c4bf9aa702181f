using ProRT.Actors.Persistence;

namespace ProRT.Actors.Tests.Persistence;

public sealed class JournalReplaySpecs
{
    private static readonly System.Net.IPAddress Host = System.Net.IPAddress.Parse("198.18.0.9");

    private static ProRT.Protocols.Results.ScanResult Port(ushort port, ProRT.Protocols.Results.PortState state = ProRT.Protocols.Results.PortState.Closed,
        ProRT.Protocols.Ports.Protocol protocol = ProRT.Protocols.Ports.Protocol.Tcp) =>
        new(Host, port, protocol, state, "reset", TimeSpan.FromMilliseconds(1.5), new DateTimeOffset(2026, 12, 8, 5, 0, 0, TimeSpan.Zero), ReasonTtl: 64);

    [Fact]
    public void A_host_comes_back_whole_with_the_latest_form_of_each_port_and_nothing_is_kept_after()
    {
        var config = new ProRT.Protocols.Scanning.ScanConfig
        {
            Targets = new ProRT.Protocols.Targets.TargetSet([ProRT.Protocols.Targets.TargetSpecParser.Parse("198.18.0.9")]),
            Ports = new ProRT.Protocols.Ports.PortList([22, 80, 443], [53]),
            AlsoUdp = true,
        };
        var state = ScanState.Empty.Apply(new ScanStarted(new ScanDefinition("replay", config, DateTimeOffset.UnixEpoch)))
            .Apply(new HostsIssued([new ProRT.Protocols.Targets.Target(ProRT.Protocols.Targets.Ipv4.ToUInt32(Host), null)], true));
        var replay = new JournalReplay();
        var ssh = Port(22, ProRT.Protocols.Results.PortState.Open) with { Service = new ProRT.Protocols.Results.ServiceInfo("ssh", "OpenSSH", "9.2p1") };
        var ports = new PortsResolved([Port(80), Port(22, ProRT.Protocols.Results.PortState.Open), Port(53, ProRT.Protocols.Results.PortState.OpenFiltered, ProRT.Protocols.Ports.Protocol.Udp), Port(9999)]);
        Assert.Empty(replay.Take(ports, state));
        state = state.Apply(ports);
        var finished = new HostsFinished([new ProRT.Protocols.Results.HostResult(Host, null, ProRT.Protocols.Results.HostState.Up, "user-set", [ssh, Port(443)])]);
        var host = Assert.Single(replay.Take(finished, state));

        Assert.Equal([22, 80, 443, 9999, 53], host.Ports.Select(p => (int)p.Port));
        Assert.Equal(ssh, host.Ports[0]); // the finished host's own form, with its service
        Assert.Equal(Port(80), host.Ports[1]); // kept compactly, given back equal
        Assert.Equal(ProRT.Protocols.Ports.Protocol.Udp, host.Ports[4].Protocol);
        Assert.Empty(replay.TakeDone(ProRT.Protocols.Targets.Ipv4.ToUInt32(Host)));
    }
}
