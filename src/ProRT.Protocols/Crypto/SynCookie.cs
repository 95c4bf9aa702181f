using System.Buffers.Binary;
using System.Security.Cryptography;
using ProRT.Protocols.Packets;

namespace ProRT.Protocols.Crypto;

/// <summary>
/// Stateless probe matching: each SYN's sequence number is a keyed hash of its connection tuple, so a
/// reply proves it answers one of our probes (it must acknowledge cookie + 1) without a table of
/// outstanding probes, and off-path hosts cannot forge open ports. The key is random per scan.
/// Tuples are always from our probe's side: source is us, destination the target.
/// Immutable, so one instance can be shared by every sender and receiver.
/// </summary>
public sealed class SynCookie
{
    private readonly ulong _k0;
    private readonly ulong _k1;

    /// <summary>A cookie generator with a fresh random key.</summary>
    public SynCookie()
    {
        Span<byte> key = stackalloc byte[SipHash.KeyLength];
        RandomNumberGenerator.Fill(key);
        _k0 = BinaryPrimitives.ReadUInt64LittleEndian(key);
        _k1 = BinaryPrimitives.ReadUInt64LittleEndian(key[8..]);
    }

    /// <summary>A fixed key, for tests and for replaying a scan.</summary>
    public SynCookie(ulong k0, ulong k1)
    {
        _k0 = k0;
        _k1 = k1;
    }

    /// <summary>The sequence number to send in the probe from srcIp:srcPort to dstIp:dstPort.</summary>
    public uint Cookie(uint srcIp, uint dstIp, ushort srcPort, ushort dstPort) =>
        (uint)SipHash.HashTuple(_k0, _k1, srcIp, dstIp, srcPort, dstPort);

    /// <summary>
    /// Whether a SYN/ACK, or the RST/ACK of a closed port, acknowledges our SYN: the SYN consumed one
    /// sequence number, so ack is cookie + 1 (mod 2^32).
    /// </summary>
    public bool IsValidAck(uint srcIp, uint dstIp, ushort srcPort, ushort dstPort, uint ack) =>
        ack - 1 == Cookie(srcIp, dstIp, srcPort, dstPort);

    /// <summary>Whether a sequence number quoted back to us (inside an ICMP error) is the one we sent.</summary>
    public bool IsValidSequence(uint srcIp, uint dstIp, ushort srcPort, ushort dstPort, uint seq) =>
        seq == Cookie(srcIp, dstIp, srcPort, dstPort);

    /// <summary>
    /// Whether a parsed packet answers a SYN probe of ours: a TCP segment with ACK set acknowledging the
    /// cookie, or an ICMP error quoting a TCP header that carries it. Tuples are turned around here.
    /// </summary>
    public bool IsReplyToSyn(in ReplyPacket reply)
    {
        if (reply.Protocol == IpProtocol.Tcp)
            return (reply.TcpFlags & TcpFlags.Ack) != 0
                   && IsValidAck(reply.DestinationIp, reply.SourceIp, reply.DestinationPort, reply.SourcePort, reply.Acknowledgment);
        return reply.HasEmbedded && reply.EmbeddedProtocol == IpProtocol.Tcp
               && IsValidSequence(reply.EmbeddedSourceIp, reply.EmbeddedDestinationIp,
                   reply.EmbeddedSourcePort, reply.EmbeddedDestinationPort, reply.EmbeddedSequence);
    }

    /// <summary>
    /// Whether a parsed packet answers any TCP probe of ours, whatever its flags. Probes carry the cookie as their
    /// sequence number, and as their acknowledgment number when ACK is set. An RFC 793 answer acknowledges the
    /// cookie (+1 when the probe had SYN or FIN), or, as the RST to a probe with ACK, takes our acknowledgment as
    /// its sequence number. ICMP errors quote the cookie.
    /// </summary>
    public bool IsReplyToTcpProbe(in ReplyPacket reply)
    {
        if (reply.Protocol != IpProtocol.Tcp) return IsReplyToSyn(reply);
        uint c = Cookie(reply.DestinationIp, reply.SourceIp, reply.DestinationPort, reply.SourcePort);
        if ((reply.TcpFlags & TcpFlags.Ack) != 0 && (reply.Acknowledgment == c + 1 || reply.Acknowledgment == c)) return true;
        return (reply.TcpFlags & TcpFlags.Rst) != 0 && reply.Sequence == c;
    }

    /// <summary>
    /// A source port in [firstPort, firstPort + portCount) derived from the target, so replies to a
    /// port we never used are dropped at once and retransmissions reuse the same tuple. Uses the hash
    /// bits the cookie leaves out, over the tuple with source port zero.
    /// </summary>
    public ushort SourcePort(uint srcIp, uint dstIp, ushort dstPort, ushort firstPort, ushort portCount)
    {
        if (portCount == 0 || firstPort + portCount > 65536)
            throw new ArgumentOutOfRangeException(nameof(portCount), portCount, "the port range must be non-empty and end by 65535");
        ulong high = SipHash.HashTuple(_k0, _k1, srcIp, dstIp, 0, dstPort) >> 32;
        // Multiply-shift maps 32 uniform bits onto the range without the bias of a modulo.
        return (ushort)(firstPort + (high * portCount >> 32));
    }
}
