namespace ProRT.Protocols.Techniques;

/// <summary>What came back for one probe, already matched to it (by cookie or by address): all a technique needs.</summary>
/// <param name="Host">The probed target (host-order IPv4): the replying host, or the destination quoted in an ICMP error.</param>
/// <param name="Port">The probed port (the reply's source port, or the quoted destination port); 0 for ARP and ICMP echo or timestamp replies.</param>
/// <param name="Kind">What sort of reply this is.</param>
/// <param name="IcmpType">ICMP type of ICMP replies, else 0.</param>
/// <param name="IcmpCode">ICMP code of ICMP replies (see <see cref="Packets.IcmpUnreachableCode"/>), else 0.</param>
/// <param name="Ttl">IPv4 time to live of the reply.</param>
/// <param name="Window">TCP window of TCP replies, else 0; the window scan reads it.</param>
/// <param name="ReceivedTicks">Capture time in <see cref="TimeSpan"/> ticks since the Unix epoch.</param>
/// <param name="Try">Which probe of the port this answers (1 for the first), read from the port it came back to;
/// 0 when the reply does not say (a fixed source port, ARP, ICMP echo).</param>
public readonly record struct ProbeReply(
    uint Host,
    ushort Port,
    ReplyKind Kind,
    byte IcmpType,
    byte IcmpCode,
    byte Ttl,
    ushort Window,
    long ReceivedTicks,
    byte Try = 0);

/// <summary>The kind of packet that answered a probe.</summary>
public enum ReplyKind : byte
{
    /// <summary>TCP segment with SYN and ACK: the port accepts connections.</summary>
    SynAck,
    /// <summary>TCP segment with RST.</summary>
    Rst,
    /// <summary>Any other TCP segment acknowledging a probe.</summary>
    OtherTcp,
    /// <summary>ICMP error (usually destination unreachable) quoting one of our probes.</summary>
    IcmpUnreachable,
    /// <summary>ARP reply from a host on the local Ethernet.</summary>
    ArpReply,
    /// <summary>ICMP echo reply to a discovery ping.</summary>
    EchoReply,
    /// <summary>ICMP timestamp reply to a discovery probe.</summary>
    TimestampReply,
    /// <summary>UDP datagram from the probed port.</summary>
    UdpData,
}
