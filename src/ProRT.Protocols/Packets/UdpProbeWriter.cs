using System.Buffers.Binary;

namespace ProRT.Protocols.Packets;

/// <summary>A UDP probe: link header, IPv4, UDP and the port's payload, with both checksums, written in place.</summary>
public static class UdpProbeWriter
{
    /// <summary>UDP header length in bytes.</summary>
    public const int HeaderLength = 8;

    /// <summary>Writes link header, IPv4, UDP and <paramref name="payload"/> into <paramref name="frame"/>; returns the frame's length.</summary>
    public static int Write(Span<byte> frame, ReadOnlySpan<byte> linkHeader, uint sourceIp, uint destinationIp,
        ushort sourcePort, ushort destinationPort, ReadOnlySpan<byte> payload, ushort ipId, byte ttl = 64)
    {
        int udpLength = HeaderLength + payload.Length;
        linkHeader.CopyTo(frame);
        Ipv4Header.WriteBasic(frame[linkHeader.Length..], IpProtocol.Udp, udpLength, ipId, ttl, sourceIp, destinationIp);

        var udp = frame.Slice(linkHeader.Length + Ipv4Header.MinLength, udpLength);
        BinaryPrimitives.WriteUInt16BigEndian(udp, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(udp[2..], destinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(udp[4..], (ushort)udpLength);
        BinaryPrimitives.WriteUInt16BigEndian(udp[6..], 0);
        payload.CopyTo(udp[HeaderLength..]);
        ushort sum = Checksum.Transport(sourceIp, destinationIp, (byte)IpProtocol.Udp, udp);
        // In UDP a computed zero is sent as all ones; zero means "no checksum".
        BinaryPrimitives.WriteUInt16BigEndian(udp[6..], sum == 0 ? (ushort)0xFFFF : sum);
        return linkHeader.Length + Ipv4Header.MinLength + udpLength;
    }
}
