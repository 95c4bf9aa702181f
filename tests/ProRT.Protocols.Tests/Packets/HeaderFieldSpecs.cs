using PacketDotNet;
using ProRT.Protocols.Packets;
using ProRT.Protocols.Targets;

namespace ProRT.Protocols.Tests.Packets;

public class HeaderFieldSpecs
{
    [Fact]
    public void Ipv4_fields_written_here_read_back_the_same_in_PacketDotNet()
    {
        byte[] bytes = new byte[28];
        var ip = new Ipv4Header(bytes);
        ip.Version = 4;
        ip.HeaderLength = 20;
        ip.TypeOfService = 0x10;
        ip.TotalLength = 28;
        ip.Identification = 0xBEEF;
        ip.DontFragment = true;
        ip.Ttl = 51;
        ip.Protocol = IpProtocol.Udp;
        ip.SourceIp = ReplyFrames.Ip("10.1.2.3");
        ip.DestinationIp = ReplyFrames.Ip("198.51.100.9");
        ip.UpdateChecksum();

        var decoded = new IPv4Packet(new PacketDotNet.Utils.ByteArraySegment(bytes));
        Assert.Equal(IPVersion.IPv4, decoded.Version);
        Assert.Equal(0x10, decoded.TypeOfService);
        Assert.Equal(28, decoded.TotalLength);
        Assert.Equal(0xBEEF, decoded.Id);
        Assert.Equal(0x2, decoded.FragmentFlags);
        Assert.Equal(51, decoded.TimeToLive);
        Assert.Equal(PacketDotNet.ProtocolType.Udp, decoded.Protocol);
        Assert.Equal("10.1.2.3", decoded.SourceAddress.ToString());
        Assert.Equal("198.51.100.9", decoded.DestinationAddress.ToString());
        Assert.True(decoded.ValidIPChecksum);
        Assert.True(ip.HasValidChecksum);
        Assert.True(ip.DontFragment);
        Assert.False(ip.MoreFragments);
        Assert.Equal(0, ip.FragmentOffset);
    }

    [Fact]
    public void Ipv4_fragment_fields_do_not_disturb_each_other()
    {
        var ip = new Ipv4Header(new byte[20]);
        ip.FragmentOffset = 0x1ABC;
        ip.MoreFragments = true;
        ip.DontFragment = true;
        ip.DontFragment = false;

        Assert.Equal(0x1ABC, ip.FragmentOffset);
        Assert.True(ip.MoreFragments);
        Assert.False(ip.DontFragment);
    }

    [Fact]
    public void Tcp_fields_written_here_read_back_the_same_in_PacketDotNet()
    {
        byte[] bytes = new byte[24];
        var tcp = new TcpHeader(bytes);
        tcp.SourcePort = 40000;
        tcp.DestinationPort = 443;
        tcp.SequenceNumber = 0xDEADBEEF;
        tcp.AcknowledgmentNumber = 0x01020304;
        tcp.HeaderLength = 24;
        tcp.Flags = TcpFlags.Cwr | TcpFlags.Ece | TcpFlags.Urg | TcpFlags.Psh | TcpFlags.Fin;
        tcp.Window = 65535;
        tcp.UrgentPointer = 7;
        tcp.Options[0] = 1;
        tcp.Options[1] = 1;
        tcp.Options[2] = 1;
        tcp.Options[3] = 0;

        var decoded = new TcpPacket(new PacketDotNet.Utils.ByteArraySegment(bytes));
        Assert.Equal(40000, decoded.SourcePort);
        Assert.Equal(443, decoded.DestinationPort);
        Assert.Equal(0xDEADBEEFu, decoded.SequenceNumber);
        Assert.Equal(0x01020304u, decoded.AcknowledgmentNumber);
        Assert.Equal(6, decoded.DataOffset);
        Assert.True(decoded.CongestionWindowReduced);
        Assert.True(decoded.ExplicitCongestionNotificationEcho);
        Assert.True(decoded.Urgent);
        Assert.True(decoded.Push);
        Assert.True(decoded.Finished);
        Assert.False(decoded.Synchronize);
        Assert.False(decoded.Acknowledgment);
        Assert.False(decoded.Reset);
        Assert.Equal(65535, decoded.WindowSize);
        Assert.Equal(7, decoded.UrgentPointer);
        Assert.Equal(4, tcp.Options.Length);
    }

    [Fact]
    public void Tcp_checksum_verifies_under_the_pseudo_header_in_PacketDotNet()
    {
        uint src = ReplyFrames.Ip("192.0.2.1"), dst = ReplyFrames.Ip("192.0.2.77");
        byte[] bytes = new byte[20 + 20 + 5];
        var ip = new Ipv4Header(bytes);
        ip.Version = 4;
        ip.HeaderLength = 20;
        ip.TotalLength = (ushort)bytes.Length;
        ip.Ttl = 64;
        ip.Protocol = IpProtocol.Tcp;
        ip.SourceIp = src;
        ip.DestinationIp = dst;
        ip.UpdateChecksum();
        var tcp = new TcpHeader(bytes.AsSpan(20));
        tcp.SourcePort = 1;
        tcp.DestinationPort = 2;
        tcp.HeaderLength = 20;
        tcp.Flags = TcpFlags.Psh | TcpFlags.Ack;
        "hello"u8.CopyTo(bytes.AsSpan(40));
        tcp.UpdateChecksum(src, dst, 25);

        var decoded = Packet.ParsePacket(LinkLayers.Raw, bytes).Extract<IPv4Packet>();
        var decodedTcp = decoded.Extract<TcpPacket>();
        Assert.True(decodedTcp.ValidTcpChecksum);
        Assert.True(tcp.HasValidChecksum(src, dst, 25));
    }

    [Fact]
    public void Header_lengths_outside_the_format_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Ipv4Header(new byte[20]).HeaderLength = 18);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Ipv4Header(new byte[20]).HeaderLength = 64);
        Assert.Throws<ArgumentOutOfRangeException>(() => new TcpHeader(new byte[20]).HeaderLength = 22);
        Assert.Throws<ArgumentException>(() => new TcpHeader(new byte[19]));
        Assert.Throws<ArgumentException>(() => new Ipv4Header(new byte[19]));
    }

    [Fact]
    public void Ethernet_header_carries_both_addresses_and_the_IPv4_ethertype()
    {
        byte[] header = EthernetHeader.Build(ReplyFrames.TargetMac.GetAddressBytes(), ReplyFrames.OurMac.GetAddressBytes());

        Assert.Equal(ReplyFrames.TargetMac.GetAddressBytes(), EthernetHeader.DestinationMac(header).ToArray());
        Assert.Equal(ReplyFrames.OurMac.GetAddressBytes(), EthernetHeader.SourceMac(header).ToArray());
        Assert.Equal(EthernetHeader.EtherTypeIpv4, EthernetHeader.EtherType(header));
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x08, 0x00 }, EthernetHeader.BuildLinuxLoopback());
        Assert.Throws<ArgumentException>(() => EthernetHeader.Build(new byte[5], new byte[6]));
    }

    [Fact]
    public void Addresses_are_the_same_host_order_integers_as_the_target_parser()
    {
        var ip = new Ipv4Header(new byte[20]);
        Assert.True(Ipv4.TryParse("203.0.113.250", out uint address));
        ip.SourceIp = address;

        Assert.Equal(new byte[] { 203, 0, 113, 250 }, ip.Bytes[12..16].ToArray());
    }
}
