using System.Buffers.Binary;

namespace ProRT.Protocols.Packets;

/// <summary>
/// Reads and writes the fields of a TCP header (RFC 793, RFC 3168 for CWR/ECE) in place. The span
/// starts at the header and may run on into the payload. Received segments go through
/// <see cref="ReplyParser"/>, which validates the data offset before anything is read.
/// </summary>
public readonly ref struct TcpHeader
{
    /// <summary>Length in bytes of a header without options.</summary>
    public const int MinLength = 20;
    /// <summary>Largest header length in bytes (data offset 15, 40 bytes of options).</summary>
    public const int MaxLength = 60;
    /// <summary>Byte offset of the big-endian source port.</summary>
    public const int SourcePortOffset = 0;
    /// <summary>Byte offset of the big-endian destination port.</summary>
    public const int DestinationPortOffset = 2;
    /// <summary>Byte offset of the big-endian sequence number.</summary>
    public const int SequenceOffset = 4;
    /// <summary>Byte offset of the big-endian acknowledgment number.</summary>
    public const int AcknowledgmentOffset = 8;
    /// <summary>Byte offset of the data offset (high nibble).</summary>
    public const int DataOffsetOffset = 12;
    /// <summary>Byte offset of the flag bits (<see cref="TcpFlags"/>).</summary>
    public const int FlagsOffset = 13;
    /// <summary>Byte offset of the big-endian receive window.</summary>
    public const int WindowOffset = 14;
    /// <summary>Byte offset of the big-endian checksum.</summary>
    public const int ChecksumOffset = 16;
    /// <summary>Byte offset of the big-endian urgent pointer.</summary>
    public const int UrgentPointerOffset = 18;

    private readonly Span<byte> _bytes;

    /// <summary>Wraps <paramref name="bytes"/>, which must hold at least <see cref="MinLength"/> bytes; nothing is copied.</summary>
    public TcpHeader(Span<byte> bytes)
    {
        if (bytes.Length < MinLength)
            throw new ArgumentException($"a TCP header needs at least {MinLength} bytes", nameof(bytes));
        _bytes = bytes;
    }

    /// <summary>The wrapped bytes, from the start of the header.</summary>
    public Span<byte> Bytes => _bytes;

    /// <summary>Source port of the segment.</summary>
    public ushort SourcePort
    {
        get => BinaryPrimitives.ReadUInt16BigEndian(_bytes[SourcePortOffset..]);
        set => BinaryPrimitives.WriteUInt16BigEndian(_bytes[SourcePortOffset..], value);
    }

    /// <summary>Destination port of the segment.</summary>
    public ushort DestinationPort
    {
        get => BinaryPrimitives.ReadUInt16BigEndian(_bytes[DestinationPortOffset..]);
        set => BinaryPrimitives.WriteUInt16BigEndian(_bytes[DestinationPortOffset..], value);
    }

    /// <summary>Sequence number; in SYN probes it carries the SYN cookie.</summary>
    public uint SequenceNumber
    {
        get => BinaryPrimitives.ReadUInt32BigEndian(_bytes[SequenceOffset..]);
        set => BinaryPrimitives.WriteUInt32BigEndian(_bytes[SequenceOffset..], value);
    }

    /// <summary>Acknowledgment number; a reply to a SYN probe acknowledges its cookie plus one.</summary>
    public uint AcknowledgmentNumber
    {
        get => BinaryPrimitives.ReadUInt32BigEndian(_bytes[AcknowledgmentOffset..]);
        set => BinaryPrimitives.WriteUInt32BigEndian(_bytes[AcknowledgmentOffset..], value);
    }

    /// <summary>Header length in bytes (data offset × 4); setting it requires a multiple of 4 in 20..60.</summary>
    public int HeaderLength
    {
        get => (_bytes[DataOffsetOffset] >> 4) * 4;
        set
        {
            if (value is < MinLength or > MaxLength || value % 4 != 0)
                throw new ArgumentOutOfRangeException(nameof(value), value, "TCP header length is 20..60 in steps of 4");
            // The low nibble holds reserved bits and the experimental NS flag; leave them as they are.
            _bytes[DataOffsetOffset] = (byte)(value / 4 << 4 | (_bytes[DataOffsetOffset] & 0x0F));
        }
    }

    /// <summary>Flag bits (SYN, ACK, RST...).</summary>
    public TcpFlags Flags
    {
        get => (TcpFlags)_bytes[FlagsOffset];
        set => _bytes[FlagsOffset] = (byte)value;
    }

    /// <summary>Receive window advertised by the sender; the window scan (-sW) reads it from RST replies.</summary>
    public ushort Window
    {
        get => BinaryPrimitives.ReadUInt16BigEndian(_bytes[WindowOffset..]);
        set => BinaryPrimitives.WriteUInt16BigEndian(_bytes[WindowOffset..], value);
    }

    /// <summary>Checksum as stored; see <see cref="UpdateChecksum"/> and <see cref="HasValidChecksum"/>.</summary>
    public ushort Checksum
    {
        get => BinaryPrimitives.ReadUInt16BigEndian(_bytes[ChecksumOffset..]);
        set => BinaryPrimitives.WriteUInt16BigEndian(_bytes[ChecksumOffset..], value);
    }

    /// <summary>Urgent pointer, meaningful only with URG set.</summary>
    public ushort UrgentPointer
    {
        get => BinaryPrimitives.ReadUInt16BigEndian(_bytes[UrgentPointerOffset..]);
        set => BinaryPrimitives.WriteUInt16BigEndian(_bytes[UrgentPointerOffset..], value);
    }

    /// <summary>Options between byte 20 and the header length.</summary>
    public Span<byte> Options => _bytes[MinLength..HeaderLength];

    /// <summary>
    /// Recomputes the checksum over the first <paramref name="segmentLength"/> bytes (header and
    /// payload) under the IPv4 pseudo-header.
    /// </summary>
    public void UpdateChecksum(uint sourceIp, uint destinationIp, int segmentLength)
    {
        Checksum = 0;
        Checksum = Packets.Checksum.Transport(sourceIp, destinationIp, (byte)IpProtocol.Tcp, _bytes[..segmentLength]);
    }

    /// <summary>True when the checksum over the first <paramref name="segmentLength"/> bytes verifies under the IPv4 pseudo-header.</summary>
    public bool HasValidChecksum(uint sourceIp, uint destinationIp, int segmentLength) =>
        Packets.Checksum.IsValidTransport(sourceIp, destinationIp, (byte)IpProtocol.Tcp, _bytes[..segmentLength]);
}
