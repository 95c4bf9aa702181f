using System.Buffers.Binary;

namespace ProRT.Protocols.Packets;

/// <summary>ARP over Ethernet for IPv4 (RFC 826): the request that finds a next hop's MAC, and its reply.</summary>
public static class ArpPacket
{
    /// <summary>EtherType of ARP frames.</summary>
    public const ushort EtherType = 0x0806;
    /// <summary>Length of an ARP frame over Ethernet: 14-byte header and 28-byte ARP message.</summary>
    public const int FrameLength = 14 + 28;
    private const ushort Request = 1, Reply = 2;

    /// <summary>Writes a broadcast "who has <paramref name="targetIp"/>" request; returns its length.</summary>
    public static int WriteRequest(Span<byte> frame, ReadOnlySpan<byte> sourceMac, uint sourceIp, uint targetIp)
    {
        frame[..FrameLength].Clear();
        frame[..6].Fill(0xFF);
        sourceMac.CopyTo(frame[6..12]);
        BinaryPrimitives.WriteUInt16BigEndian(frame[12..], EtherType);
        var arp = frame[14..];
        BinaryPrimitives.WriteUInt16BigEndian(arp, 1);          // hardware: Ethernet
        BinaryPrimitives.WriteUInt16BigEndian(arp[2..], 0x0800); // protocol: IPv4
        arp[4] = 6;
        arp[5] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(arp[6..], Request);
        sourceMac.CopyTo(arp[8..14]);
        BinaryPrimitives.WriteUInt32BigEndian(arp[14..], sourceIp);
        BinaryPrimitives.WriteUInt32BigEndian(arp[24..], targetIp);
        return FrameLength;
    }

    /// <summary>Reads an ARP reply: who answered and with which MAC. False for anything else or a short frame.</summary>
    public static bool TryReadReply(ReadOnlySpan<byte> frame, out uint senderIp, out byte[] senderMac)
    {
        senderIp = 0;
        senderMac = [];
        if (frame.Length < FrameLength || BinaryPrimitives.ReadUInt16BigEndian(frame[12..]) != EtherType) return false;
        var arp = frame[14..];
        if (BinaryPrimitives.ReadUInt16BigEndian(arp) != 1 || BinaryPrimitives.ReadUInt16BigEndian(arp[2..]) != 0x0800
            || arp[4] != 6 || arp[5] != 4 || BinaryPrimitives.ReadUInt16BigEndian(arp[6..]) != Reply)
            return false;
        senderMac = arp[8..14].ToArray();
        senderIp = BinaryPrimitives.ReadUInt32BigEndian(arp[14..]);
        return true;
    }
}
