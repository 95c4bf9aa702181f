using PacketDotNet;
using ProRT.Protocols.Packets;
using ProRT.Protocols.Results;
using ProRT.Protocols.Techniques;

namespace ProRT.Protocols.Tests.Packets;

public sealed class UdpProbeWriterSpecs
{
    [Fact]
    public void Writes_a_datagram_that_pcap_decoders_read_with_valid_checksums()
    {
        var frame = new byte[256];
        var link = EthernetHeader.Build([2, 0, 0, 0, 0, 2], [2, 0, 0, 0, 0, 1]);
        byte[] payload = [1, 2, 3, 4, 5];
        int length = UdpProbeWriter.Write(frame, link, 0xC6120001, 0xC6120002, 45000, 53, payload, 9);
        Assert.Equal(14 + 20 + 8 + 5, length);

        var ip = (IPv4Packet)((EthernetPacket)Packet.ParsePacket(LinkLayers.Ethernet, frame[..length])).PayloadPacket;
        Assert.True(ip.ValidIPChecksum);
        var udp = (UdpPacket)ip.PayloadPacket;
        Assert.True(udp.ValidUdpChecksum);
        Assert.Equal(45000, udp.SourcePort);
        Assert.Equal(53, udp.DestinationPort);
        Assert.Equal(payload, udp.PayloadData);
    }

    [Theory]
    [InlineData(ReplyKind.UdpData, (byte)0, PortState.Open, "udp-response")]
    [InlineData(ReplyKind.IcmpUnreachable, (byte)3, PortState.Closed, "port-unreach")]
    [InlineData(ReplyKind.IcmpUnreachable, (byte)13, PortState.Filtered, "admin-prohibited")]
    [InlineData(ReplyKind.IcmpUnreachable, (byte)1, PortState.Filtered, "host-unreach")]
    public void Udp_replies_map_to_nmaps_states(ReplyKind kind, byte code, PortState state, string reason)
    {
        var reply = new ProbeReply(1, 53, kind, 3, code, 64, 0, 0);
        Assert.Equal((state, reason), UdpScanTechnique.Instance.Classify(reply));
        Assert.Equal((PortState.OpenFiltered, "no-response"), UdpScanTechnique.Instance.Silence);
    }
}
