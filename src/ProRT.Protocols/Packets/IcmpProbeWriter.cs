using System.Buffers.Binary;

namespace ProRT.Protocols.Packets;

/// <summary>
/// ICMP echo and timestamp requests for host discovery (nmap's -PE and -PP). The identifier and sequence number carry
/// a cookie, so the matching reply is recognised without a table.
/// </summary>
public static class IcmpProbeWriter
{
    /// <summary>ICMP types used by discovery: echo request and reply (-PE), timestamp request and reply (-PP).</summary>
    public const byte EchoRequest = 8, EchoReply = 0, TimestampRequest = 13, TimestampReply = 14;

    /// <summary>Writes link header, IPv4 and the ICMP message into <paramref name="frame"/>; returns the frame's length.</summary>
    public static int Write(Span<byte> frame, ReadOnlySpan<byte> linkHeader, uint sourceIp, uint destinationIp, byte type,
        ushort identifier, ushort sequence, ushort ipId, byte ttl = 64)
    {
        // Echo requests carry no data (as nmap's); timestamp requests carry the three 32-bit timestamps.
        int icmpLength = type == TimestampRequest ? 20 : 8;
        int total = Ipv4Header.MinLength + icmpLength;
        linkHeader.CopyTo(frame);
        Ipv4Header.WriteBasic(frame[linkHeader.Length..], IpProtocol.Icmp, icmpLength, ipId, ttl, sourceIp, destinationIp);

        var icmp = frame.Slice(linkHeader.Length + Ipv4Header.MinLength, icmpLength);
        icmp.Clear();
        icmp[0] = type;
        BinaryPrimitives.WriteUInt16BigEndian(icmp[4..], identifier);
        BinaryPrimitives.WriteUInt16BigEndian(icmp[6..], sequence);
        BinaryPrimitives.WriteUInt16BigEndian(icmp[2..], Checksum.Compute(icmp));
        return linkHeader.Length + total;
    }
}
