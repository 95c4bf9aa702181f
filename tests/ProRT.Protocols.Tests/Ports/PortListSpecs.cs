using ProRT.Protocols.Ports;

namespace ProRT.Protocols.Tests.Ports;

public sealed class PortListSpecs
{
    private static ushort[] P(params int[] ports) => ports.Select(p => (ushort)p).ToArray();

    [Theory]
    [InlineData(new int[0], "")]
    [InlineData(new[] { 22 }, "22")]
    [InlineData(new[] { 1, 2 }, "1-2")]
    [InlineData(new[] { 22, 80 }, "22,80")]
    [InlineData(new[] { 1, 3, 4, 5, 7 }, "1,3-5,7")]
    [InlineData(new[] { 0, 1, 65534, 65535 }, "0-1,65534-65535")]
    [InlineData(new[] { 21, 22, 23, 25, 80, 110, 139, 443, 445, 3389 }, "21-23,25,80,110,139,443,445,3389")]
    public void Describe_compacts_consecutive_ports_into_ranges(int[] ports, string expected)
    {
        Assert.Equal(expected, PortList.Describe(P(ports)));
    }

    [Fact]
    public void Describe_of_a_parsed_spec_gives_the_spec_back()
    {
        Assert.Equal("22,80,1000-2000", PortList.Describe(PortSpecParser.Parse("22,80,1000-2000").Tcp));
        Assert.Equal("1-65535", PortList.Describe(PortSpecParser.Parse("-").Tcp));
    }

    [Theory]
    [InlineData("80,22,1-5,3-9,100")]
    [InlineData("60000-")]
    [InlineData("1,3,5,7,9-11")]
    public void Describe_output_parses_to_the_same_ports(string spec)
    {
        var tcp = PortSpecParser.Parse(spec).Tcp;
        Assert.Equal(tcp, PortSpecParser.Parse(PortList.Describe(tcp)).Tcp);
    }

    [Fact]
    public void For_picks_the_protocols_ports()
    {
        var list = new PortList(P(22), P(53, 161));
        Assert.Equal(P(22), list.For(Protocol.Tcp));
        Assert.Equal(P(53, 161), list.For(Protocol.Udp));
        Assert.Equal(3, list.Count);
    }

    [Fact]
    public void Empty_has_no_ports()
    {
        Assert.Equal(0, PortList.Empty.Count);
        Assert.Empty(PortList.Empty.Tcp);
        Assert.Empty(PortList.Empty.Udp);
    }

    [Fact]
    public void Protocols_print_as_on_the_wire()
    {
        Assert.Equal("tcp", Protocol.Tcp.ToWire());
        Assert.Equal("udp", Protocol.Udp.ToWire());
    }
}
