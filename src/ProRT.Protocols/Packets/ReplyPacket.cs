namespace ProRT.Protocols.Packets;

/// <summary>
/// What a scanner needs from one received IPv4 packet, copied out of the frame so the receive
/// buffer can be reused at once. Fields that do not apply to <see cref="Protocol"/> are zero.
/// Addresses are host-order integers.
/// </summary>
public readonly struct ReplyPacket
{
    /// <summary>Source address: the host that answered.</summary>
    public uint SourceIp { get; init; }
    /// <summary>Destination address: normally our own.</summary>
    public uint DestinationIp { get; init; }
    /// <summary>Protocol of the reply (TCP, UDP or ICMP).</summary>
    public IpProtocol Protocol { get; init; }
    /// <summary>Time to live of the reply as received.</summary>
    public byte Ttl { get; init; }
    /// <summary>IPv4 identification field of the reply.</summary>
    public ushort IpId { get; init; }

    /// <summary>TCP or UDP source port.</summary>
    public ushort SourcePort { get; init; }

    /// <summary>TCP or UDP destination port.</summary>
    public ushort DestinationPort { get; init; }

    /// <summary>TCP sequence number; a RST answering an ACK probe carries our acknowledgment here.</summary>
    public uint Sequence { get; init; }
    /// <summary>TCP acknowledgment number; a SYN/ACK or RST/ACK to our SYN acknowledges its cookie plus one.</summary>
    public uint Acknowledgment { get; init; }
    /// <summary>TCP flag bits (SYN/ACK from open ports, RST from closed ones).</summary>
    public TcpFlags TcpFlags { get; init; }
    /// <summary>TCP receive window, which the window scan (-sW) reads from RST replies.</summary>
    public ushort Window { get; init; }

    /// <summary>ICMP message type (see <see cref="Packets.IcmpType"/>).</summary>
    public byte IcmpType { get; init; }
    /// <summary>ICMP code, such as the <see cref="IcmpUnreachableCode"/> of a destination-unreachable error.</summary>
    public byte IcmpCode { get; init; }

    /// <summary>Bytes 4-7 of the ICMP header: identifier and sequence of echo replies.</summary>
    public ushort IcmpIdentifier { get; init; }

    /// <summary>ICMP sequence number of an echo or timestamp reply (bytes 6-7 of the ICMP header).</summary>
    public ushort IcmpSequence { get; init; }

    /// <summary>True for ICMP errors: the Embedded* fields describe the datagram that caused them.</summary>
    public bool HasEmbedded { get; init; }

    /// <summary>Protocol of the datagram quoted in an ICMP error.</summary>
    public IpProtocol EmbeddedProtocol { get; init; }
    /// <summary>Source address of the quoted datagram: ours when it was one of our probes.</summary>
    public uint EmbeddedSourceIp { get; init; }
    /// <summary>Destination address of the quoted datagram: the target we probed.</summary>
    public uint EmbeddedDestinationIp { get; init; }
    /// <summary>Source port of the quoted TCP or UDP header.</summary>
    public ushort EmbeddedSourcePort { get; init; }
    /// <summary>Destination port of the quoted TCP or UDP header: the port we probed.</summary>
    public ushort EmbeddedDestinationPort { get; init; }

    /// <summary>Sequence number of an embedded TCP header: our probe's, so it can be checked against the cookie.</summary>
    public uint EmbeddedSequence { get; init; }

    /// <summary>True for a TCP segment.</summary>
    public bool IsTcp => Protocol == IpProtocol.Tcp;

    /// <summary>True for a TCP segment with SYN and ACK set: an open port's answer to a SYN.</summary>
    public bool IsSynAck => IsTcp && (TcpFlags & (TcpFlags.Syn | TcpFlags.Ack)) == (TcpFlags.Syn | TcpFlags.Ack);

    /// <summary>True for a TCP segment with RST set.</summary>
    public bool IsRst => IsTcp && (TcpFlags & TcpFlags.Rst) != 0;
}
