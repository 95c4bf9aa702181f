namespace ProRT.Protocols.Packets;

/// <summary>
/// What a scanner needs from one received IPv4 packet, copied out of the frame so the receive
/// buffer can be reused at once. Fields that do not apply to <see cref="Protocol"/> are zero.
/// Addresses are host-order integers.
/// </summary>
public readonly struct ReplyPacket
{
    public uint SourceIp { get; init; }
    public uint DestinationIp { get; init; }
    public IpProtocol Protocol { get; init; }
    public byte Ttl { get; init; }
    public ushort IpId { get; init; }

    /// <summary>TCP or UDP source port.</summary>
    public ushort SourcePort { get; init; }

    /// <summary>TCP or UDP destination port.</summary>
    public ushort DestinationPort { get; init; }

    public uint Sequence { get; init; }
    public uint Acknowledgment { get; init; }
    public TcpFlags TcpFlags { get; init; }
    public ushort Window { get; init; }

    public byte IcmpType { get; init; }
    public byte IcmpCode { get; init; }

    /// <summary>Bytes 4-7 of the ICMP header: identifier and sequence of echo replies.</summary>
    public ushort IcmpIdentifier { get; init; }

    public ushort IcmpSequence { get; init; }

    /// <summary>True for ICMP errors: the Embedded* fields describe the datagram that caused them.</summary>
    public bool HasEmbedded { get; init; }

    public IpProtocol EmbeddedProtocol { get; init; }
    public uint EmbeddedSourceIp { get; init; }
    public uint EmbeddedDestinationIp { get; init; }
    public ushort EmbeddedSourcePort { get; init; }
    public ushort EmbeddedDestinationPort { get; init; }

    /// <summary>Sequence number of an embedded TCP header: our probe's, so it can be checked against the cookie.</summary>
    public uint EmbeddedSequence { get; init; }

    public bool IsTcp => Protocol == IpProtocol.Tcp;

    public bool IsSynAck => IsTcp && (TcpFlags & (TcpFlags.Syn | TcpFlags.Ack)) == (TcpFlags.Syn | TcpFlags.Ack);

    public bool IsRst => IsTcp && (TcpFlags & TcpFlags.Rst) != 0;
}
