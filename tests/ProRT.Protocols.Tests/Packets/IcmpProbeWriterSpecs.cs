using PacketDotNet;
using ProRT.Protocols.Packets;

namespace ProRT.Protocols.Tests.Packets;

public sealed class IcmpProbeWriterSpecs
{
    [Theory]
    [InlineData(IcmpProbeWriter.EchoRequest, 42)]
    [InlineData(IcmpProbeWriter.TimestampRequest, 54)]
    public void Writes_a_valid_request_that_pcap_decoders_read(byte type, int expectedLength)
    {
        var frame = new byte[128];
        var link = EthernetHeader.Build([2, 0, 0, 0, 0, 2], [2, 0, 0, 0, 0, 1]);
        int length = IcmpProbeWriter.Write(frame, link, 0xC6120101, 0xC6120102, type, 0xBEEF, 0x1234, 77);
        Assert.Equal(expectedLength, length);

        var eth = (EthernetPacket)Packet.ParsePacket(LinkLayers.Ethernet, frame[..length]);
        var ip = (IPv4Packet)eth.PayloadPacket;
        Assert.True(ip.ValidIPChecksum);
        Assert.Equal("198.18.1.2", ip.DestinationAddress.ToString());
        Assert.Equal(77, ip.Id);
        var icmp = (IcmpV4Packet)ip.PayloadPacket;
        Assert.Equal(type, (byte)((ushort)icmp.TypeCode >> 8));
        Assert.Equal(0xBEEF, icmp.Id);
        Assert.Equal(0x1234, icmp.Sequence);
        Assert.True(Checksum.IsValid(frame.AsSpan(14 + 20, length - 34)));
    }

    [Fact]
    public void Replies_parse_with_their_identifier_and_sequence()
    {
        var frame = new byte[128];
        var link = EthernetHeader.Build([2, 0, 0, 0, 0, 2], [2, 0, 0, 0, 0, 1]);
        int length = IcmpProbeWriter.Write(frame, link, 0xC6120102, 0xC6120101, IcmpProbeWriter.EchoRequest, 7, 9, 1);
        frame[14 + 20] = IcmpProbeWriter.EchoReply; // the reply has the same shape
        Assert.True(ReplyParser.TryParse(frame.AsSpan(0, length), 14, out var reply));
        Assert.Equal(IpProtocol.Icmp, reply.Protocol);
        Assert.Equal(IcmpProbeWriter.EchoReply, reply.IcmpType);
        Assert.Equal(7, reply.IcmpIdentifier);
        Assert.Equal(9, reply.IcmpSequence);
        Assert.False(reply.HasEmbedded);
    }
}
