using System.Buffers.Binary;

namespace ProRT.Protocols.Packets;

/// <summary>Ethernet II header: destination MAC, source MAC, EtherType. No VLAN tag, no FCS (the NIC adds it).</summary>
public static class EthernetHeader
{
    /// <summary>Header length in bytes.</summary>
    public const int Length = 14;
    /// <summary>Length of a MAC address in bytes.</summary>
    public const int MacLength = 6;
    /// <summary>EtherType of IPv4 payloads.</summary>
    public const ushort EtherTypeIpv4 = 0x0800;
    /// <summary>Byte offset of the destination MAC.</summary>
    public const int DestinationOffset = 0;
    /// <summary>Byte offset of the source MAC.</summary>
    public const int SourceOffset = 6;
    /// <summary>Byte offset of the big-endian EtherType.</summary>
    public const int EtherTypeOffset = 12;

    /// <summary>Writes the header at the start of <paramref name="frame"/>; both MACs must be 6 bytes.</summary>
    public static void Write(Span<byte> frame, ReadOnlySpan<byte> destinationMac, ReadOnlySpan<byte> sourceMac,
        ushort etherType = EtherTypeIpv4)
    {
        if (frame.Length < Length)
            throw new ArgumentException($"an Ethernet header needs {Length} bytes", nameof(frame));
        RequireMac(destinationMac, nameof(destinationMac));
        RequireMac(sourceMac, nameof(sourceMac));
        destinationMac.CopyTo(frame[DestinationOffset..]);
        sourceMac.CopyTo(frame[SourceOffset..]);
        BinaryPrimitives.WriteUInt16BigEndian(frame[EtherTypeOffset..], etherType);
    }

    /// <summary>A fresh 14-byte header, for templates that are built once per scan.</summary>
    public static byte[] Build(ReadOnlySpan<byte> destinationMac, ReadOnlySpan<byte> sourceMac,
        ushort etherType = EtherTypeIpv4)
    {
        var header = new byte[Length];
        Write(header, destinationMac, sourceMac, etherType);
        return header;
    }

    /// <summary>Linux "lo" frames: an Ethernet header with both MACs zero.</summary>
    public static byte[] BuildLinuxLoopback() => Build(stackalloc byte[MacLength], stackalloc byte[MacLength]);

    /// <summary>Destination MAC of <paramref name="frame"/>, without copying.</summary>
    public static ReadOnlySpan<byte> DestinationMac(ReadOnlySpan<byte> frame) => frame.Slice(DestinationOffset, MacLength);

    /// <summary>Source MAC of <paramref name="frame"/>, without copying.</summary>
    public static ReadOnlySpan<byte> SourceMac(ReadOnlySpan<byte> frame) => frame.Slice(SourceOffset, MacLength);

    /// <summary>EtherType of <paramref name="frame"/> (0x0800 for IPv4, 0x0806 for ARP).</summary>
    public static ushort EtherType(ReadOnlySpan<byte> frame) => BinaryPrimitives.ReadUInt16BigEndian(frame[EtherTypeOffset..]);

    private static void RequireMac(ReadOnlySpan<byte> mac, string name)
    {
        if (mac.Length != MacLength)
            throw new ArgumentException($"a MAC address has {MacLength} bytes, not {mac.Length}", name);
    }
}
