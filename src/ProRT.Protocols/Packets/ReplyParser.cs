using System.Buffers.Binary;

namespace ProRT.Protocols.Packets;

/// <summary>
/// Parses received frames in place. Anything may arrive on a capture, so every length is checked
/// before it is used and bad input yields false, never an exception. Checksums are not verified:
/// packets looped back on the same host often carry unfinished checksums (offload), and a forged
/// reply can carry a valid one anyway; the SYN cookie is what authenticates a reply.
/// </summary>
public static class ReplyParser
{
    private const int UdpHeaderLength = 8;
    private const int IcmpHeaderLength = 8;

    /// <summary>How much of the offending datagram's payload an ICMP error must quote (RFC 792).</summary>
    private const int QuotedPayloadLength = 8;

    /// <summary>
    /// <paramref name="linkHeaderLength"/> is the number of bytes before the IPv4 header: 14 for Ethernet
    /// and Linux loopback, 0 for raw IP. The link header itself is not examined.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> frame, int linkHeaderLength, out ReplyPacket packet)
    {
        packet = default;
        if (linkHeaderLength < 0 || linkHeaderLength > frame.Length)
            return false;
        ReadOnlySpan<byte> ip = frame[linkHeaderLength..];
        if (!TryReadIpv4Header(ip, out int headerLength))
            return false;

        int totalLength = BinaryPrimitives.ReadUInt16BigEndian(ip[Ipv4Header.TotalLengthOffset..]);
        // Shorter than claimed means truncated; longer is link-layer padding (Ethernet's 60-byte minimum).
        if (totalLength < headerLength || totalLength > ip.Length)
            return false;
        ip = ip[..totalLength];
        // A later fragment has no transport header at its start.
        if ((BinaryPrimitives.ReadUInt16BigEndian(ip[Ipv4Header.FlagsAndFragmentOffset..]) & Ipv4Header.FragmentOffsetMask) != 0)
            return false;

        var protocol = (IpProtocol)ip[Ipv4Header.ProtocolOffset];
        ReadOnlySpan<byte> payload = ip[headerLength..];
        // Everything is read into locals and the result built once: copying the struct per step costs more than the parse.
        ushort sourcePort = 0, destinationPort = 0, window = 0;
        uint sequence = 0, acknowledgment = 0;
        TcpFlags flags = TcpFlags.None;
        Icmp icmp = default;

        switch (protocol)
        {
            case IpProtocol.Tcp:
                if (payload.Length < TcpHeader.MinLength)
                    return false;
                int dataOffset = (payload[TcpHeader.DataOffsetOffset] >> 4) * 4;
                if (dataOffset < TcpHeader.MinLength || dataOffset > payload.Length)
                    return false;
                sourcePort = BinaryPrimitives.ReadUInt16BigEndian(payload[TcpHeader.SourcePortOffset..]);
                destinationPort = BinaryPrimitives.ReadUInt16BigEndian(payload[TcpHeader.DestinationPortOffset..]);
                sequence = BinaryPrimitives.ReadUInt32BigEndian(payload[TcpHeader.SequenceOffset..]);
                acknowledgment = BinaryPrimitives.ReadUInt32BigEndian(payload[TcpHeader.AcknowledgmentOffset..]);
                flags = (TcpFlags)payload[TcpHeader.FlagsOffset];
                window = BinaryPrimitives.ReadUInt16BigEndian(payload[TcpHeader.WindowOffset..]);
                break;

            case IpProtocol.Udp:
                if (payload.Length < UdpHeaderLength)
                    return false;
                int udpLength = BinaryPrimitives.ReadUInt16BigEndian(payload[4..]);
                if (udpLength < UdpHeaderLength || udpLength > payload.Length)
                    return false;
                sourcePort = BinaryPrimitives.ReadUInt16BigEndian(payload);
                destinationPort = BinaryPrimitives.ReadUInt16BigEndian(payload[2..]);
                break;

            case IpProtocol.Icmp:
                if (!TryReadIcmp(payload, out icmp))
                    return false;
                break;
        }

        packet = new ReplyPacket
        {
            SourceIp = BinaryPrimitives.ReadUInt32BigEndian(ip[Ipv4Header.SourceOffset..]),
            DestinationIp = BinaryPrimitives.ReadUInt32BigEndian(ip[Ipv4Header.DestinationOffset..]),
            Protocol = protocol,
            Ttl = ip[Ipv4Header.TtlOffset],
            IpId = BinaryPrimitives.ReadUInt16BigEndian(ip[Ipv4Header.IdentificationOffset..]),
            SourcePort = sourcePort,
            DestinationPort = destinationPort,
            Sequence = sequence,
            Acknowledgment = acknowledgment,
            TcpFlags = flags,
            Window = window,
            IcmpType = icmp.Type,
            IcmpCode = icmp.Code,
            IcmpIdentifier = icmp.Identifier,
            IcmpSequence = icmp.Sequence,
            HasEmbedded = icmp.HasEmbedded,
            EmbeddedProtocol = icmp.EmbeddedProtocol,
            EmbeddedSourceIp = icmp.EmbeddedSourceIp,
            EmbeddedDestinationIp = icmp.EmbeddedDestinationIp,
            EmbeddedSourcePort = icmp.EmbeddedSourcePort,
            EmbeddedDestinationPort = icmp.EmbeddedDestinationPort,
            EmbeddedSequence = icmp.EmbeddedSequence,
        };
        return true;
    }

    private static bool TryReadIcmp(ReadOnlySpan<byte> message, out Icmp icmp)
    {
        icmp = default;
        if (message.Length < IcmpHeaderLength)
            return false;
        icmp.Type = message[0];
        icmp.Code = message[1];
        icmp.Identifier = BinaryPrimitives.ReadUInt16BigEndian(message[4..]);
        icmp.Sequence = BinaryPrimitives.ReadUInt16BigEndian(message[6..]);
        if (!IcmpType.IsError(icmp.Type))
            return true;

        // An error we cannot tie to a probe is of no use, so a bad quote rejects the whole packet.
        // The quote's total length is not checked: routers quote only the start of the datagram.
        ReadOnlySpan<byte> quote = message[IcmpHeaderLength..];
        if (!TryReadIpv4Header(quote, out int quotedHeaderLength) || quote.Length < quotedHeaderLength + QuotedPayloadLength)
            return false;
        ReadOnlySpan<byte> quotedPayload = quote[quotedHeaderLength..];
        icmp.HasEmbedded = true;
        icmp.EmbeddedProtocol = (IpProtocol)quote[Ipv4Header.ProtocolOffset];
        icmp.EmbeddedSourceIp = BinaryPrimitives.ReadUInt32BigEndian(quote[Ipv4Header.SourceOffset..]);
        icmp.EmbeddedDestinationIp = BinaryPrimitives.ReadUInt32BigEndian(quote[Ipv4Header.DestinationOffset..]);
        if (icmp.EmbeddedProtocol is IpProtocol.Tcp or IpProtocol.Udp)
        {
            icmp.EmbeddedSourcePort = BinaryPrimitives.ReadUInt16BigEndian(quotedPayload);
            icmp.EmbeddedDestinationPort = BinaryPrimitives.ReadUInt16BigEndian(quotedPayload[2..]);
        }
        if (icmp.EmbeddedProtocol == IpProtocol.Tcp)
            icmp.EmbeddedSequence = BinaryPrimitives.ReadUInt32BigEndian(quotedPayload[TcpHeader.SequenceOffset..]);
        return true;
    }

    /// <summary>Version 4 and an IHL of 5..15 that fits in the bytes at hand.</summary>
    private static bool TryReadIpv4Header(ReadOnlySpan<byte> ip, out int headerLength)
    {
        headerLength = 0;
        if (ip.Length < Ipv4Header.MinLength)
            return false;
        byte versionAndLength = ip[Ipv4Header.VersionAndLengthOffset];
        if (versionAndLength >> 4 != 4)
            return false;
        headerLength = (versionAndLength & 0x0F) * 4;
        return headerLength >= Ipv4Header.MinLength && headerLength <= ip.Length;
    }

    /// <summary>ICMP fields on their way into a <see cref="ReplyPacket"/>.</summary>
    private struct Icmp
    {
        public byte Type, Code;
        public ushort Identifier, Sequence;
        public bool HasEmbedded;
        public IpProtocol EmbeddedProtocol;
        public uint EmbeddedSourceIp, EmbeddedDestinationIp;
        public ushort EmbeddedSourcePort, EmbeddedDestinationPort;
        public uint EmbeddedSequence;
    }
}
