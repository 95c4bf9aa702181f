using System.Buffers.Binary;

namespace ProRT.Protocols.Packets;

/// <summary>
/// Reads and writes the fields of an IPv4 header (RFC 791) in place. Addresses are host-order
/// integers; multi-byte fields are big-endian on the wire. The span starts at the header and may run
/// on into the payload. Construct only over bytes you trust to hold 20 bytes; received packets go
/// through <see cref="ReplyParser"/>, which validates before reading.
/// </summary>
public readonly ref struct Ipv4Header
{
    /// <summary>Length in bytes of a header without options.</summary>
    public const int MinLength = 20;
    /// <summary>Largest header length in bytes (IHL 15, 40 bytes of options).</summary>
    public const int MaxLength = 60;
    /// <summary>Byte offset of the version (high nibble) and IHL (low nibble).</summary>
    public const int VersionAndLengthOffset = 0;
    /// <summary>Byte offset of the type-of-service (DSCP/ECN) byte.</summary>
    public const int TypeOfServiceOffset = 1;
    /// <summary>Byte offset of the big-endian total length (header and payload).</summary>
    public const int TotalLengthOffset = 2;
    /// <summary>Byte offset of the big-endian identification field.</summary>
    public const int IdentificationOffset = 4;
    /// <summary>Byte offset of the big-endian flags and fragment offset word.</summary>
    public const int FlagsAndFragmentOffset = 6;
    /// <summary>Byte offset of the time-to-live byte.</summary>
    public const int TtlOffset = 8;
    /// <summary>Byte offset of the protocol number of the payload.</summary>
    public const int ProtocolOffset = 9;
    /// <summary>Byte offset of the big-endian header checksum.</summary>
    public const int ChecksumOffset = 10;
    /// <summary>Byte offset of the source address.</summary>
    public const int SourceOffset = 12;
    /// <summary>Byte offset of the destination address.</summary>
    public const int DestinationOffset = 16;
    /// <summary>Don't Fragment bit in the flags and fragment offset word.</summary>
    public const ushort DontFragmentBit = 0x4000;
    /// <summary>More Fragments bit in the flags and fragment offset word.</summary>
    public const ushort MoreFragmentsBit = 0x2000;
    /// <summary>Mask of the fragment offset (in 8-byte units) in the flags and fragment offset word.</summary>
    public const ushort FragmentOffsetMask = 0x1FFF;

    private readonly Span<byte> _bytes;

    /// <summary>Wraps <paramref name="bytes"/>, which must hold at least <see cref="MinLength"/> bytes; nothing is copied.</summary>
    public Ipv4Header(Span<byte> bytes)
    {
        if (bytes.Length < MinLength)
            throw new ArgumentException($"an IPv4 header needs at least {MinLength} bytes", nameof(bytes));
        _bytes = bytes;
    }

    /// <summary>The wrapped bytes, from the start of the header.</summary>
    public Span<byte> Bytes => _bytes;

    /// <summary>Writes a complete 20-byte header (no options, no fragmentation) with its checksum.</summary>
    public static void WriteBasic(Span<byte> bytes, IpProtocol protocol, int payloadLength, ushort identification,
        byte ttl, uint sourceIp, uint destinationIp)
    {
        bytes[..MinLength].Clear();
        var ip = new Ipv4Header(bytes[..MinLength])
        {
            Version = 4,
            HeaderLength = MinLength,
            TotalLength = (ushort)(MinLength + payloadLength),
            Identification = identification,
            Ttl = ttl,
            Protocol = protocol,
            SourceIp = sourceIp,
            DestinationIp = destinationIp,
        };
        ip.UpdateChecksum();
    }

    /// <summary>IP version from the high nibble of byte 0 (4 for a valid header).</summary>
    public byte Version
    {
        get => (byte)(_bytes[VersionAndLengthOffset] >> 4);
        set => _bytes[VersionAndLengthOffset] = (byte)(value << 4 | (_bytes[VersionAndLengthOffset] & 0x0F));
    }

    /// <summary>Header length in bytes (IHL × 4); setting it requires a multiple of 4 in 20..60.</summary>
    public int HeaderLength
    {
        get => (_bytes[VersionAndLengthOffset] & 0x0F) * 4;
        set
        {
            if (value is < MinLength or > MaxLength || value % 4 != 0)
                throw new ArgumentOutOfRangeException(nameof(value), value, "IPv4 header length is 20..60 in steps of 4");
            _bytes[VersionAndLengthOffset] = (byte)((_bytes[VersionAndLengthOffset] & 0xF0) | value / 4);
        }
    }

    /// <summary>Type-of-service byte (DSCP and ECN bits).</summary>
    public byte TypeOfService
    {
        get => _bytes[TypeOfServiceOffset];
        set => _bytes[TypeOfServiceOffset] = value;
    }

    /// <summary>Length in bytes of the whole datagram, header included.</summary>
    public ushort TotalLength
    {
        get => BinaryPrimitives.ReadUInt16BigEndian(_bytes[TotalLengthOffset..]);
        set => BinaryPrimitives.WriteUInt16BigEndian(_bytes[TotalLengthOffset..], value);
    }

    /// <summary>Identification field shared by the fragments of one datagram.</summary>
    public ushort Identification
    {
        get => BinaryPrimitives.ReadUInt16BigEndian(_bytes[IdentificationOffset..]);
        set => BinaryPrimitives.WriteUInt16BigEndian(_bytes[IdentificationOffset..], value);
    }

    /// <summary>Don't Fragment flag.</summary>
    public bool DontFragment
    {
        get => (FlagsAndFragment & DontFragmentBit) != 0;
        set => FlagsAndFragment = (ushort)(value ? FlagsAndFragment | DontFragmentBit : FlagsAndFragment & ~DontFragmentBit);
    }

    /// <summary>More Fragments flag: further fragments of this datagram follow.</summary>
    public bool MoreFragments
    {
        get => (FlagsAndFragment & MoreFragmentsBit) != 0;
        set => FlagsAndFragment = (ushort)(value ? FlagsAndFragment | MoreFragmentsBit : FlagsAndFragment & ~MoreFragmentsBit);
    }

    /// <summary>Offset of this fragment in 8-byte units; non-zero means no transport header is here.</summary>
    public ushort FragmentOffset
    {
        get => (ushort)(FlagsAndFragment & FragmentOffsetMask);
        set => FlagsAndFragment = (ushort)((FlagsAndFragment & ~FragmentOffsetMask) | (value & FragmentOffsetMask));
    }

    /// <summary>Time to live: hops left before a router drops the packet.</summary>
    public byte Ttl
    {
        get => _bytes[TtlOffset];
        set => _bytes[TtlOffset] = value;
    }

    /// <summary>Protocol of the payload (TCP, UDP, ICMP...).</summary>
    public IpProtocol Protocol
    {
        get => (IpProtocol)_bytes[ProtocolOffset];
        set => _bytes[ProtocolOffset] = (byte)value;
    }

    /// <summary>Header checksum as stored; see <see cref="UpdateChecksum"/> and <see cref="HasValidChecksum"/>.</summary>
    public ushort Checksum
    {
        get => BinaryPrimitives.ReadUInt16BigEndian(_bytes[ChecksumOffset..]);
        set => BinaryPrimitives.WriteUInt16BigEndian(_bytes[ChecksumOffset..], value);
    }

    /// <summary>Source address as a host-order integer.</summary>
    public uint SourceIp
    {
        get => BinaryPrimitives.ReadUInt32BigEndian(_bytes[SourceOffset..]);
        set => BinaryPrimitives.WriteUInt32BigEndian(_bytes[SourceOffset..], value);
    }

    /// <summary>Destination address as a host-order integer.</summary>
    public uint DestinationIp
    {
        get => BinaryPrimitives.ReadUInt32BigEndian(_bytes[DestinationOffset..]);
        set => BinaryPrimitives.WriteUInt32BigEndian(_bytes[DestinationOffset..], value);
    }

    /// <summary>Options between byte 20 and the header length.</summary>
    public Span<byte> Options => _bytes[MinLength..HeaderLength];

    /// <summary>True when the checksum over <see cref="HeaderLength"/> bytes verifies.</summary>
    public bool HasValidChecksum => Packets.Checksum.IsValid(_bytes[..HeaderLength]);

    /// <summary>Recomputes the header checksum over <see cref="HeaderLength"/> bytes.</summary>
    public void UpdateChecksum()
    {
        Checksum = 0;
        Checksum = Packets.Checksum.Compute(_bytes[..HeaderLength]);
    }

    private ushort FlagsAndFragment
    {
        get => BinaryPrimitives.ReadUInt16BigEndian(_bytes[FlagsAndFragmentOffset..]);
        set => BinaryPrimitives.WriteUInt16BigEndian(_bytes[FlagsAndFragmentOffset..], value);
    }
}
