using System.Net;
using ProRT.Protocols.Ports;
using ProRT.Protocols.Results;

namespace ProRT.Protocols.Tests.Results;

public sealed class PortSummarySpecs
{
    private static readonly IPAddress Host = IPAddress.Parse("198.18.0.2");

    private static ScanResult Port(int port, PortState state, string reason, Protocol protocol = Protocol.Tcp) =>
        new(Host, (ushort)port, protocol, state, reason, TimeSpan.FromMilliseconds(1), DateTimeOffset.UnixEpoch);

    private static IEnumerable<ScanResult> Many(int first, int count, PortState state, string reason, Protocol protocol = Protocol.Tcp) =>
        Enumerable.Range(first, count).Select(p => Port(p, state, reason, protocol));

    [Fact]
    public void More_than_25_ports_of_one_state_are_collapsed()
    {
        var ports = Many(1000, 30, PortState.Closed, "conn-refused").Append(Port(22, PortState.Open, "syn-ack")).Append(Port(80, PortState.Open, "syn-ack")).ToList();
        var summary = PortSummary.Of(ports);

        Assert.Equal([22, 80], summary.Listed.Select(p => (int)p.Port));
        var hidden = Assert.Single(summary.Hidden);
        Assert.Equal(PortState.Closed, hidden.State);
        Assert.Equal(Protocol.Tcp, hidden.Protocol);
        Assert.Equal(30, hidden.Count);
        Assert.Equal("conn-refused", hidden.Reason);
        Assert.Equal(Enumerable.Range(1000, 30).Select(p => (ushort)p), hidden.Ports);
    }

    [Fact]
    public void Exactly_25_ports_of_a_state_are_still_listed()
    {
        var summary = PortSummary.Of(Many(1, 25, PortState.Closed, "conn-refused").ToList());
        Assert.Empty(summary.Hidden);
        Assert.Equal(25, summary.Listed.Count);
    }

    [Fact]
    public void The_threshold_is_25()
    {
        Assert.Equal(25, PortSummary.CollapseThreshold);
        Assert.Single(PortSummary.Of(Many(1, 26, PortState.Filtered, "no-response").ToList()).Hidden);
    }

    [Fact]
    public void Open_ports_are_never_collapsed()
    {
        var summary = PortSummary.Of(Many(1, 1000, PortState.Open, "syn-ack").ToList());
        Assert.Empty(summary.Hidden);
        Assert.Equal(1000, summary.Listed.Count);
    }

    [Fact]
    public void OpenOnly_hides_every_other_state_however_few()
    {
        var ports = new[]
        {
            Port(1, PortState.Closed, "conn-refused"), Port(2, PortState.Closed, "conn-refused"), Port(3, PortState.Closed, "conn-refused"),
            Port(4, PortState.Filtered, "no-response"), Port(5, PortState.Filtered, "no-response"),
            Port(6, PortState.Open, "syn-ack"),
        };
        var summary = PortSummary.Of(ports, openOnly: true);

        Assert.Equal([(ushort)6], summary.Listed.Select(p => p.Port));
        Assert.Equal([(PortState.Closed, 3), (PortState.Filtered, 2)], summary.Hidden.Select(h => (h.State, h.Count)));
    }

    [Fact]
    public void Protocols_are_counted_separately()
    {
        var ports = Many(1, 30, PortState.Closed, "conn-refused").Concat(Many(1, 10, PortState.Closed, "port-unreach", Protocol.Udp)).ToList();
        var summary = PortSummary.Of(ports);

        var hidden = Assert.Single(summary.Hidden);
        Assert.Equal(Protocol.Tcp, hidden.Protocol);
        Assert.Equal(10, summary.Listed.Count);
        Assert.All(summary.Listed, p => Assert.Equal(Protocol.Udp, p.Protocol));
    }

    [Fact]
    public void The_most_common_reason_names_a_collapsed_group()
    {
        var ports = Many(1, 10, PortState.Closed, "reset").Concat(Many(100, 20, PortState.Closed, "conn-refused")).ToList();
        Assert.Equal("conn-refused", Assert.Single(PortSummary.Of(ports).Hidden).Reason);
    }

    [Fact]
    public void Collapsed_groups_are_ordered_largest_first()
    {
        var ports = Many(1, 30, PortState.Closed, "conn-refused").Concat(Many(100, 40, PortState.Filtered, "no-response")).ToList();
        var hidden = PortSummary.Of(ports).Hidden;
        Assert.Equal([PortState.Filtered, PortState.Closed], hidden.Select(h => h.State));
        Assert.Equal([40, 30], hidden.Select(h => h.Count));
    }

    [Fact]
    public void Listed_ports_are_sorted_by_protocol_then_port()
    {
        var ports = new[]
        {
            Port(443, PortState.Open, "syn-ack"), Port(53, PortState.Open, "udp-response", Protocol.Udp),
            Port(22, PortState.Closed, "conn-refused"), Port(80, PortState.Open, "syn-ack"),
        };
        var listed = PortSummary.Of(ports).Listed;
        Assert.Equal([(Protocol.Tcp, 22), (Protocol.Tcp, 80), (Protocol.Tcp, 443), (Protocol.Udp, 53)],
            listed.Select(p => (p.Protocol, (int)p.Port)));
    }

    [Fact]
    public void Collapsed_ports_are_listed_ascending_in_the_summary()
    {
        var ports = Many(1, 30, PortState.Closed, "conn-refused").Reverse().ToList();
        var hidden = Assert.Single(PortSummary.Of(ports).Hidden);
        Assert.Equal(Enumerable.Range(1, 30).Select(p => (ushort)p), hidden.Ports);
    }

    [Fact]
    public void No_ports_summarize_to_nothing()
    {
        var summary = PortSummary.Of([]);
        Assert.Empty(summary.Listed);
        Assert.Empty(summary.Hidden);
    }
}
