namespace ProRT.Protocols.Techniques;

/// <summary>What came back for one TCP probe, already matched to it by the cookie: all a technique needs to classify.</summary>
public readonly record struct TcpProbeReply(
    uint Host,
    ushort Port,
    TcpReplyKind Kind,
    byte IcmpType,
    byte IcmpCode,
    byte Ttl,
    ushort Window,
    long ReceivedTicks);

public enum TcpReplyKind : byte
{
    SynAck,
    Rst,
    OtherTcp,
    IcmpUnreachable,
}
