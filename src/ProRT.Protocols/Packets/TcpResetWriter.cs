namespace ProRT.Protocols.Packets;

/// <summary>
/// Builds RST segments that tear down half-open connections our SYNs started, for when the local
/// kernel will not (a source address it does not own, or a firewall dropping its RSTs).
/// </summary>
public sealed class TcpResetWriter
{
    private readonly TcpProbeTemplate _template;

    /// <summary>Prepares RST segments from <paramref name="sourceIp"/> behind <paramref name="linkHeader"/> (see <see cref="TcpProbeTemplate"/>).</summary>
    public TcpResetWriter(ReadOnlySpan<byte> linkHeader, uint sourceIp, byte ttl = 64) =>
        _template = new TcpProbeTemplate(linkHeader, sourceIp, TcpFlags.Rst, ttl: ttl, window: 0);

    /// <summary>Bytes one RST frame occupies; the send buffer must hold at least this many.</summary>
    public int FrameLength => _template.FrameLength;

    /// <summary>
    /// The RST answering a SYN/ACK (or any segment carrying ACK): per RFC 793 its sequence number is the
    /// reply's acknowledgment number and it carries no ACK itself. Returns the frame length.
    /// </summary>
    public int WriteFor(Span<byte> frame, in ReplyPacket reply, ushort ipId) =>
        _template.Write(frame, reply.SourceIp, reply.SourcePort, reply.DestinationPort, reply.Acknowledgment, ipId);

    /// <summary>Writes a RST to <paramref name="dstIp"/>:<paramref name="dstPort"/> from <paramref name="srcPort"/> with sequence number <paramref name="seq"/>; returns the frame length.</summary>
    public int Write(Span<byte> frame, uint dstIp, ushort dstPort, ushort srcPort, uint seq, ushort ipId) =>
        _template.Write(frame, dstIp, dstPort, srcPort, seq, ipId);
}
