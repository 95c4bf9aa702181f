namespace ProRT.Protocols.Techniques;

/// <summary>What came back for one probe, already matched to it (by cookie or by address): all a technique needs.</summary>
public readonly record struct ProbeReply(
    uint Host,
    ushort Port,
    ReplyKind Kind,
    byte IcmpType,
    byte IcmpCode,
    byte Ttl,
    ushort Window,
    long ReceivedTicks);

public enum ReplyKind : byte
{
    SynAck,
    Rst,
    OtherTcp,
    IcmpUnreachable,
    ArpReply,
    EchoReply,
    TimestampReply,
    UdpData,
}
