using System.Net;
using System.Net.NetworkInformation;
using PacketDotNet;
using PacketDotNet.Utils;
using ProRT.Protocols.Targets;

namespace ProRT.Protocols.Tests.Packets;

/// <summary>Frames a target might send back, built with PacketDotNet so they do not share our encoder's mistakes.</summary>
internal static class ReplyFrames
{
    public static readonly PhysicalAddress TargetMac = PhysicalAddress.Parse("02-00-00-00-00-02");
    public static readonly PhysicalAddress OurMac = PhysicalAddress.Parse("02-00-00-00-00-01");

    public static byte[] Tcp(uint srcIp, uint dstIp, ushort srcPort, ushort dstPort, uint seq, uint ack,
        bool syn = false, bool ackFlag = false, bool rst = false, ushort window = 0, byte ttl = 64, ushort ipId = 0,
        bool ethernet = true)
    {
        var tcp = new TcpPacket(srcPort, dstPort)
        {
            SequenceNumber = seq,
            AcknowledgmentNumber = ack,
            Synchronize = syn,
            Acknowledgment = ackFlag,
            Reset = rst,
            WindowSize = window,
        };
        var ip = new IPv4Packet(Ipv4.ToAddress(srcIp), Ipv4.ToAddress(dstIp))
        {
            TimeToLive = ttl,
            Id = ipId,
            PayloadPacket = tcp,
        };
        return Finish(ip, () => tcp.UpdateTcpChecksum(), ethernet);
    }

    public static byte[] Udp(uint srcIp, uint dstIp, ushort srcPort, ushort dstPort, byte[] payload)
    {
        var udp = new UdpPacket(srcPort, dstPort) { PayloadData = payload };
        var ip = new IPv4Packet(Ipv4.ToAddress(srcIp), Ipv4.ToAddress(dstIp)) { PayloadPacket = udp };
        return Finish(ip, () => udp.UpdateUdpChecksum(), ethernet: true);
    }

    /// <summary>An ICMP message from <paramref name="srcIp"/> whose body (after the 8-byte header) is <paramref name="body"/>.</summary>
    public static byte[] Icmp(uint srcIp, uint dstIp, IcmpV4TypeCode typeCode, byte[] body, ushort id = 0, ushort sequence = 0)
    {
        var icmpBytes = new byte[8 + body.Length];
        body.CopyTo(icmpBytes, 8);
        var icmp = new IcmpV4Packet(new ByteArraySegment(icmpBytes)) { TypeCode = typeCode, Id = id, Sequence = sequence };
        icmp.UpdateIcmpChecksum();
        var ip = new IPv4Packet(Ipv4.ToAddress(srcIp), Ipv4.ToAddress(dstIp))
        {
            Protocol = PacketDotNet.ProtocolType.Icmp,
            PayloadPacket = icmp,
        };
        return Finish(ip, () => { }, ethernet: true);
    }

    private static byte[] Finish(IPv4Packet ip, Action updateTransportChecksum, bool ethernet)
    {
        ip.UpdateCalculatedValues();
        updateTransportChecksum();
        ip.UpdateIPChecksum();
        if (!ethernet)
            return ip.Bytes;
        var eth = new EthernetPacket(TargetMac, OurMac, EthernetType.IPv4) { PayloadPacket = ip };
        return eth.Bytes;
    }

    public static uint Ip(string dotted) => Ipv4.ToUInt32(IPAddress.Parse(dotted));
}
