using PacketDotNet;
using ProRT.Protocols.Packets;

namespace ProRT.Protocols.Tests.Packets;

public class TcpProbeTemplateSpecs
{
    private static readonly uint OurIp = ReplyFrames.Ip("192.0.2.10");
    private static readonly uint TargetIp = ReplyFrames.Ip("198.51.100.200");

    private static TcpProbeTemplate EthernetSyn(byte ttl = 64) =>
        SynProbeTemplate.ForEthernet(ReplyFrames.OurMac.GetAddressBytes(), ReplyFrames.TargetMac.GetAddressBytes(), OurIp, ttl: ttl);

    [Fact]
    public void Syn_probe_over_Ethernet_decodes_field_for_field_in_PacketDotNet()
    {
        var template = EthernetSyn(ttl: 53);
        byte[] frame = new byte[template.FrameLength];

        int written = template.Write(frame, TargetIp, dstPort: 443, srcPort: 51234, seq: 0x89ABCDEF, ipId: 0x4242);

        Assert.Equal(14 + 20 + 24, written);
        var eth = (EthernetPacket)Packet.ParsePacket(LinkLayers.Ethernet, frame);
        Assert.Equal(ReplyFrames.OurMac, eth.SourceHardwareAddress);
        Assert.Equal(ReplyFrames.TargetMac, eth.DestinationHardwareAddress);
        Assert.Equal(EthernetType.IPv4, eth.Type);

        var ip = eth.Extract<IPv4Packet>();
        Assert.Equal(IPVersion.IPv4, ip.Version);
        Assert.Equal(5, ip.HeaderLength); // PacketDotNet counts 32-bit words here
        Assert.Equal(0, ip.TypeOfService);
        Assert.Equal(44, ip.TotalLength);
        Assert.Equal(0x4242, ip.Id);
        Assert.Equal(0, ip.FragmentFlags);
        Assert.Equal(0, ip.FragmentOffset);
        Assert.Equal(53, ip.TimeToLive);
        Assert.Equal(PacketDotNet.ProtocolType.Tcp, ip.Protocol);
        Assert.Equal("192.0.2.10", ip.SourceAddress.ToString());
        Assert.Equal("198.51.100.200", ip.DestinationAddress.ToString());
        Assert.True(ip.ValidIPChecksum);

        var tcp = eth.Extract<TcpPacket>();
        Assert.Equal(51234, tcp.SourcePort);
        Assert.Equal(443, tcp.DestinationPort);
        Assert.Equal(0x89ABCDEFu, tcp.SequenceNumber);
        Assert.Equal(0u, tcp.AcknowledgmentNumber);
        Assert.Equal(6, tcp.DataOffset);
        Assert.True(tcp.Synchronize);
        Assert.False(tcp.Acknowledgment || tcp.Reset || tcp.Finished || tcp.Push || tcp.Urgent
                     || tcp.CongestionWindowReduced || tcp.ExplicitCongestionNotificationEcho);
        Assert.Equal(SynProbeTemplate.DefaultWindow, tcp.WindowSize);
        Assert.Equal(0, tcp.UrgentPointer);
        Assert.Equal(new byte[] { 2, 4, 0x05, 0xB4 }, tcp.Options);
        var mss = Assert.IsType<PacketDotNet.Tcp.MaximumSegmentSizeOption>(Assert.Single(tcp.OptionsCollection));
        Assert.Equal(1460, mss.Value);
        Assert.True(tcp.ValidTcpChecksum);
        Assert.True(tcp.ValidChecksum);
    }

    [Fact]
    public void Raw_IP_probe_has_no_link_header()
    {
        var template = SynProbeTemplate.ForRawIp(OurIp);
        byte[] frame = new byte[template.FrameLength];

        int written = template.Write(frame, TargetIp, 22, 40000, 7, 1);

        Assert.Equal(SynProbeTemplate.IpAndTcpLength, written);
        Assert.Equal(0, template.LinkHeaderLength);
        Assert.Equal(0x45, frame[0]);
        var ip = Packet.ParsePacket(LinkLayers.Raw, frame).Extract<IPv4Packet>();
        Assert.True(ip.ValidIPChecksum);
        var tcp = ip.Extract<TcpPacket>();
        Assert.True(tcp.ValidTcpChecksum);
        Assert.Equal(22, tcp.DestinationPort);
    }

    [Fact]
    public void Linux_loopback_probe_has_a_zero_MAC_Ethernet_header()
    {
        uint loopback = ReplyFrames.Ip("127.0.0.1");
        var template = SynProbeTemplate.Create(EthernetHeader.BuildLinuxLoopback(), loopback);
        byte[] frame = new byte[template.FrameLength];

        template.Write(frame, loopback, 8080, 50000, 99, 3);

        Assert.Equal(14, template.LinkHeaderLength);
        Assert.All(frame[..12], b => Assert.Equal(0, b));
        var eth = (EthernetPacket)Packet.ParsePacket(LinkLayers.Ethernet, frame);
        Assert.True(eth.Extract<IPv4Packet>().ValidIPChecksum);
        Assert.True(eth.Extract<TcpPacket>().ValidTcpChecksum);
    }

    [Fact]
    public void Checksums_stay_valid_across_many_random_probes_into_a_dirty_buffer()
    {
        var template = EthernetSyn();
        var random = new Random(9293);
        byte[] frame = new byte[template.FrameLength + 10];
        for (int i = 0; i < 2000; i++)
        {
            random.NextBytes(frame);
            uint dst = (uint)random.NextInt64(1L << 32);
            ushort dstPort = (ushort)random.Next(65536), srcPort = (ushort)random.Next(65536), ipId = (ushort)random.Next(65536);
            uint seq = (uint)random.NextInt64(1L << 32);

            template.Write(frame, dst, dstPort, srcPort, seq, ipId);

            var eth = (EthernetPacket)Packet.ParsePacket(LinkLayers.Ethernet, frame[..template.FrameLength]);
            var ip = eth.Extract<IPv4Packet>();
            var tcp = eth.Extract<TcpPacket>();
            Assert.True(ip.ValidIPChecksum, $"IP checksum, probe {i}");
            Assert.True(tcp.ValidTcpChecksum, $"TCP checksum, probe {i}");
            Assert.Equal(ip.CalculateIPChecksum(), ip.Checksum);
            Assert.Equal(tcp.CalculateTcpChecksum(), tcp.Checksum);
            Assert.Equal(dstPort, tcp.DestinationPort);
            Assert.Equal(srcPort, tcp.SourcePort);
            Assert.Equal(seq, tcp.SequenceNumber);
            Assert.Equal(ipId, ip.Id);
        }
    }

    public static TheoryData<string, TcpFlags> StealthScanFlags() => new()
    {
        { "FIN", TcpFlags.Fin },
        { "NULL", TcpFlags.None },
        { "Xmas", TcpFlags.Fin | TcpFlags.Psh | TcpFlags.Urg },
        { "ACK", TcpFlags.Ack },
        { "Window", TcpFlags.Ack },
        { "Maimon", TcpFlags.Fin | TcpFlags.Ack },
    };

    [Theory]
    [MemberData(nameof(StealthScanFlags))]
    public void Other_scan_types_reuse_the_template_with_their_flags(string scan, TcpFlags flags)
    {
        var template = new TcpProbeTemplate(EthernetHeader.BuildLinuxLoopback(), OurIp, flags, dontFragment: true, typeOfService: 0x08);
        byte[] frame = new byte[template.FrameLength];

        template.Write(frame, TargetIp, 80, 33333, seq: 0x11111111, ack: 0xFEDCBA98, ipId: 77);

        var eth = (EthernetPacket)Packet.ParsePacket(LinkLayers.Ethernet, frame);
        var ip = eth.Extract<IPv4Packet>();
        var tcp = eth.Extract<TcpPacket>();
        Assert.True(ip.ValidIPChecksum, scan);
        Assert.True(tcp.ValidTcpChecksum, scan);
        Assert.Equal(40, ip.TotalLength);
        Assert.Equal(0x2, ip.FragmentFlags);
        Assert.Equal(0x08, ip.TypeOfService);
        Assert.Equal((byte)flags, (byte)tcp.Flags);
        Assert.Equal(5, tcp.DataOffset);
        Assert.Equal(0xFEDCBA98u, tcp.AcknowledgmentNumber);
        Assert.Equal(flags, template.Flags);
    }

    [Fact]
    public void Writing_allocates_nothing()
    {
        var template = EthernetSyn();
        byte[] frame = new byte[template.FrameLength];
        template.Write(frame, TargetIp, 1, 2, 3, 4);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
            template.Write(frame, TargetIp + (uint)i, (ushort)i, 40000, (uint)i * 2654435761u, (ushort)i);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Refuses_a_buffer_smaller_than_the_frame()
    {
        var template = EthernetSyn();

        Assert.Throws<ArgumentException>(() => template.Write(new byte[template.FrameLength - 1], TargetIp, 1, 2, 3, 4));
    }

    [Fact]
    public void Refuses_options_that_do_not_fit_the_data_offset()
    {
        Assert.Throws<ArgumentException>(() => new TcpProbeTemplate(default, OurIp, TcpFlags.Syn, new byte[3]));
        Assert.Throws<ArgumentException>(() => new TcpProbeTemplate(default, OurIp, TcpFlags.Syn, new byte[44]));
    }

    [Fact]
    public void Prototype_leaves_the_per_probe_fields_zero()
    {
        var template = SynProbeTemplate.ForRawIp(OurIp);
        var ip = new Ipv4Header(template.Prototype.ToArray());

        Assert.Equal(0u, ip.DestinationIp);
        Assert.Equal(0, ip.Identification);
        Assert.Equal(OurIp, ip.SourceIp);
        Assert.Equal(20, template.TcpOffset);
        Assert.Equal(24, template.TcpHeaderLength);
    }
}
