using PacketDotNet;
using ProRT.Protocols.Packets;

namespace ProRT.Protocols.Tests.Packets;

public class TcpResetWriterSpecs
{
    [Fact]
    public void Answers_a_SYN_ACK_with_a_RST_at_its_acknowledgment_number()
    {
        uint us = ReplyFrames.Ip("192.0.2.10"), target = ReplyFrames.Ip("198.51.100.7");
        byte[] synAck = ReplyFrames.Tcp(target, us, 443, 51000, seq: 0x5000, ack: 0x1235, syn: true, ackFlag: true, window: 64240);
        Assert.True(ReplyParser.TryParse(synAck, EthernetHeader.Length, out var reply));
        var writer = new TcpResetWriter(EthernetHeader.Build(ReplyFrames.TargetMac.GetAddressBytes(), ReplyFrames.OurMac.GetAddressBytes()), us);
        byte[] frame = new byte[writer.FrameLength];

        int written = writer.WriteFor(frame, reply, ipId: 9);

        Assert.Equal(54, written);
        var eth = (EthernetPacket)Packet.ParsePacket(LinkLayers.Ethernet, frame);
        var ip = eth.Extract<IPv4Packet>();
        var tcp = eth.Extract<TcpPacket>();
        Assert.True(ip.ValidIPChecksum);
        Assert.True(tcp.ValidTcpChecksum);
        Assert.Equal("198.51.100.7", ip.DestinationAddress.ToString());
        Assert.Equal(51000, tcp.SourcePort);
        Assert.Equal(443, tcp.DestinationPort);
        Assert.Equal(0x1235u, tcp.SequenceNumber);
        Assert.True(tcp.Reset);
        Assert.False(tcp.Acknowledgment || tcp.Synchronize);
        Assert.Equal(0, tcp.WindowSize);
    }
}
