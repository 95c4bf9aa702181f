using System.Net;
using ProRT.Protocols.Output;
using ProRT.Protocols.Ports;
using ProRT.Protocols.Results;

namespace ProRT.Protocols.Tests.Output;

public sealed class GrepableOutputWriterSpecs
{
    private static readonly IPAddress Address = IPAddress.Parse("198.18.0.2");
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 5, 0, 0, TimeSpan.Zero);

    private static ScanResult Port(int port, PortState state, ServiceInfo? service, Protocol protocol = Protocol.Tcp) =>
        new(Address, (ushort)port, protocol, state, "syn-ack", TimeSpan.FromMilliseconds(1), Start, service);

    [Fact]
    public void A_name_from_the_table_after_sV_carries_nmaps_question_mark_and_a_tunnel_its_bar()
    {
        // nmap's grepable output takes the port table's name (Port::getNmapServiceName), '/' written as '|'.
        var host = new HostResult(Address, null, HostState.Up, "syn-ack",
        [
            Port(8081, PortState.Open, new ServiceInfo("blackice-icecap", Confidence: ServiceInfo.Table)),
            Port(4433, PortState.Open, new ServiceInfo("vop", Tunnel: "ssl", Confidence: ServiceInfo.Table)),
            Port(161, PortState.OpenFiltered, new ServiceInfo("snmp", Confidence: ServiceInfo.Table), Protocol.Udp),
            Port(22, PortState.Open, new ServiceInfo("ssh", "OpenSSH", "9.2p1")),
        ]);
        var text = new StringWriter { NewLine = "\n" };
        new GrepableOutputWriter(text, ServiceTable.Builtin).WriteHost(host);
        var ports = text.ToString().Split('\n')[1];
        Assert.Equal("Host: 198.18.0.2 ()\tPorts: 22/open/tcp//ssh//OpenSSH 9.2p1/, 4433/open/tcp//ssl|vop?///, "
            + "8081/open/tcp//blackice-icecap?///, 161/open|filtered/udp//snmp///", ports);
    }
}
