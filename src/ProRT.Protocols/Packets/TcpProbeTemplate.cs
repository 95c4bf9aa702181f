using System.Buffers.Binary;

namespace ProRT.Protocols.Packets;

/// <summary>
/// A prebuilt probe frame: link-layer header (any length, possibly none), a 20-byte IPv4 header and a
/// TCP header with fixed flags and options. <see cref="Write(Span{byte}, uint, ushort, ushort, uint, uint, ushort)"/>
/// copies it into a send buffer and patches the per-probe fields. The checksums start from sums of
/// the fixed bytes computed once here, so a probe costs a copy and a few additions, and no allocation.
/// One template serves any number of threads: it is never modified after construction.
/// </summary>
public sealed class TcpProbeTemplate
{
    private readonly byte[] _frame;
    private readonly int _ipOffset;
    private readonly int _tcpOffset;
    private readonly uint _ipFixedSum;
    private readonly uint _tcpFixedSum;

    /// <summary>
    /// <paramref name="linkHeader"/> is copied in front of the IPv4 header: 14 bytes for Ethernet
    /// (<see cref="EthernetHeader.Build"/>, or <see cref="EthernetHeader.BuildLinuxLoopback"/> for Linux
    /// "lo"), empty for a raw-IP socket or link type, or whatever else the link type wants.
    /// <paramref name="tcpOptions"/> are complete options (kind and length bytes), a multiple of 4 long, at most 40.
    /// </summary>
    public TcpProbeTemplate(ReadOnlySpan<byte> linkHeader, uint sourceIp, TcpFlags flags,
        ReadOnlySpan<byte> tcpOptions = default, byte ttl = 64, ushort window = 1024,
        bool dontFragment = false, byte typeOfService = 0)
    {
        if (tcpOptions.Length > TcpOptionsWriter.MaxLength || tcpOptions.Length % 4 != 0)
            throw new ArgumentException("TCP options must be a multiple of 4 bytes, at most 40", nameof(tcpOptions));

        TcpHeaderLength = TcpHeader.MinLength + tcpOptions.Length;
        _ipOffset = linkHeader.Length;
        _tcpOffset = _ipOffset + Ipv4Header.MinLength;
        _frame = new byte[_tcpOffset + TcpHeaderLength];
        linkHeader.CopyTo(_frame);

        var ip = new Ipv4Header(_frame.AsSpan(_ipOffset, Ipv4Header.MinLength));
        ip.Version = 4;
        ip.HeaderLength = Ipv4Header.MinLength;
        ip.TypeOfService = typeOfService;
        ip.TotalLength = (ushort)(Ipv4Header.MinLength + TcpHeaderLength);
        ip.DontFragment = dontFragment;
        ip.Ttl = ttl;
        ip.Protocol = IpProtocol.Tcp;
        ip.SourceIp = sourceIp;

        var tcp = new TcpHeader(_frame.AsSpan(_tcpOffset, TcpHeaderLength));
        tcp.HeaderLength = TcpHeaderLength;
        tcp.Flags = flags;
        tcp.Window = window;
        tcpOptions.CopyTo(tcp.Options);

        // Identification, destination, ports, sequence, acknowledgment and both checksums are still
        // zero, so these sums cover exactly the bytes every probe shares.
        _ipFixedSum = Checksum.Add(ip.Bytes);
        _tcpFixedSum = Checksum.Add(tcp.Bytes,
            Checksum.PseudoHeader(sourceIp, 0, (byte)IpProtocol.Tcp, (ushort)TcpHeaderLength));

        SourceIp = sourceIp;
        Flags = flags;
        Ttl = ttl;
        Window = window;
    }

    /// <summary>Source address of every probe.</summary>
    public uint SourceIp { get; }
    /// <summary>TCP flags of every probe (SYN, FIN, ACK...).</summary>
    public TcpFlags Flags { get; }
    /// <summary>IPv4 time to live of every probe.</summary>
    public byte Ttl { get; }
    /// <summary>TCP window of every probe.</summary>
    public ushort Window { get; }

    /// <summary>Bytes one probe occupies; the send buffer must hold at least this many.</summary>
    public int FrameLength => _frame.Length;

    /// <summary>Length of the link-layer header in front of the IPv4 header (0 for raw IP).</summary>
    public int LinkHeaderLength => _ipOffset;
    /// <summary>Offset of the IPv4 header in the frame.</summary>
    public int IpOffset => _ipOffset;
    /// <summary>Offset of the TCP header in the frame.</summary>
    public int TcpOffset => _tcpOffset;
    /// <summary>TCP header length, options included.</summary>
    public int TcpHeaderLength { get; }

    /// <summary>The template itself, per-probe fields zero.</summary>
    public ReadOnlySpan<byte> Prototype => _frame;

    /// <summary>A probe with acknowledgment number 0 (SYN, FIN, NULL, Xmas); returns the frame length.</summary>
    public int Write(Span<byte> frame, uint dstIp, ushort dstPort, ushort srcPort, uint seq, ushort ipId) =>
        Write(frame, dstIp, dstPort, srcPort, seq, 0, ipId);

    /// <summary>
    /// Fills <paramref name="frame"/> with a complete probe whatever it held before and returns the
    /// number of bytes written (<see cref="FrameLength"/>). ACK, Window and Maimon probes pass a non-zero
    /// <paramref name="ack"/>.
    /// </summary>
    public int Write(Span<byte> frame, uint dstIp, ushort dstPort, ushort srcPort, uint seq, uint ack, ushort ipId)
    {
        if (frame.Length < _frame.Length)
            throw new ArgumentException($"a probe frame needs {_frame.Length} bytes, the buffer has {frame.Length}", nameof(frame));
        _frame.CopyTo(frame);

        Span<byte> ip = frame.Slice(_ipOffset, Ipv4Header.MinLength);
        BinaryPrimitives.WriteUInt16BigEndian(ip[Ipv4Header.IdentificationOffset..], ipId);
        BinaryPrimitives.WriteUInt32BigEndian(ip[Ipv4Header.DestinationOffset..], dstIp);
        uint dstIpSum = (dstIp >> 16) + (dstIp & 0xFFFF);
        BinaryPrimitives.WriteUInt16BigEndian(ip[Ipv4Header.ChecksumOffset..],
            Checksum.Finish(_ipFixedSum + ipId + dstIpSum));

        Span<byte> tcp = frame.Slice(_tcpOffset, TcpHeaderLength);
        BinaryPrimitives.WriteUInt16BigEndian(tcp[TcpHeader.SourcePortOffset..], srcPort);
        BinaryPrimitives.WriteUInt16BigEndian(tcp[TcpHeader.DestinationPortOffset..], dstPort);
        BinaryPrimitives.WriteUInt32BigEndian(tcp[TcpHeader.SequenceOffset..], seq);
        BinaryPrimitives.WriteUInt32BigEndian(tcp[TcpHeader.AcknowledgmentOffset..], ack);
        // Every term is below 2^17, so the uint total cannot overflow before Finish folds it.
        uint tcpSum = _tcpFixedSum + dstIpSum + srcPort + dstPort
                      + (seq >> 16) + (seq & 0xFFFF) + (ack >> 16) + (ack & 0xFFFF);
        BinaryPrimitives.WriteUInt16BigEndian(tcp[TcpHeader.ChecksumOffset..], Checksum.Finish(tcpSum));

        return _frame.Length;
    }
}
