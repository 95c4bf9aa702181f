using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ProRT.Protocols.Packets;

/// <summary>
/// The Internet checksum (RFC 1071): the one's complement of the one's complement sum of the data
/// taken as big-endian 16-bit words. Work is split into partial sums (folded to 16 bits, not yet
/// complemented) so a pseudo-header, fixed template bytes and per-probe fields can be added up
/// separately and only <see cref="Finish"/>ed once. IPv4 addresses are host-order integers, as in
/// <see cref="Targets.Ipv4"/>.
/// </summary>
public static class Checksum
{
    /// <summary>
    /// Adds <paramref name="data"/> to a partial sum. When chaining spans, every span but the last
    /// must have even length, or the following bytes land in the wrong half of their words.
    /// </summary>
    public static uint Add(ReadOnlySpan<byte> data, uint partial = 0)
    {
        // The one's complement sum does not depend on byte order (RFC 1071 2.B): add words in the
        // machine's order and swap the folded result once at the end.
        uint folded = Fold(SumNative(data));
        if (BitConverter.IsLittleEndian)
            folded = BinaryPrimitives.ReverseEndianness((ushort)folded);
        return Fold((ulong)partial + folded);
    }

    /// <summary>Turns a partial sum into the value stored in a header's checksum field.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ushort Finish(uint partial) => (ushort)~Fold(partial);

    /// <summary>The checksum of the data alone, e.g. an IPv4 header whose checksum field is zero.</summary>
    public static ushort Compute(ReadOnlySpan<byte> data) => Finish(Add(data));

    /// <summary>True when data that includes its own checksum field sums to all ones.</summary>
    public static bool IsValid(ReadOnlySpan<byte> data) => Add(data) == 0xFFFF;

    /// <summary>Partial sum of the IPv4 pseudo-header that TCP and UDP checksums cover (RFC 793, RFC 768).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint PseudoHeader(uint sourceIp, uint destinationIp, byte protocol, ushort length) =>
        Fold((ulong)(sourceIp >> 16) + (sourceIp & 0xFFFF) + (destinationIp >> 16) + (destinationIp & 0xFFFF)
             + protocol + length);

    /// <summary>
    /// TCP or UDP checksum of a whole segment (header with checksum field zero, plus payload) under the
    /// IPv4 pseudo-header. A UDP sender must transmit a result of 0 as 0xFFFF (RFC 768).
    /// </summary>
    public static ushort Transport(uint sourceIp, uint destinationIp, byte protocol, ReadOnlySpan<byte> segment) =>
        Finish(Add(segment, PseudoHeader(sourceIp, destinationIp, protocol, (ushort)segment.Length)));

    /// <summary>True when a received TCP/UDP segment, checksum field included, verifies under its pseudo-header.</summary>
    public static bool IsValidTransport(uint sourceIp, uint destinationIp, byte protocol, ReadOnlySpan<byte> segment) =>
        Add(segment, PseudoHeader(sourceIp, destinationIp, protocol, (ushort)segment.Length)) == 0xFFFF;

    /// <summary>RFC 1624 eqn. 3: new checksum after one 16-bit word changed, without re-reading the packet.</summary>
    public static ushort Update16(ushort checksum, ushort oldValue, ushort newValue) =>
        (ushort)~Fold((uint)(ushort)~checksum + (ushort)~oldValue + newValue);

    /// <summary>RFC 1624 for a 32-bit field (an address or sequence number): two word updates at once.</summary>
    public static ushort Update32(ushort checksum, uint oldValue, uint newValue) =>
        (ushort)~Fold((ulong)(ushort)~checksum
                      + (ushort)~(oldValue >> 16) + (ushort)~oldValue
                      + (newValue >> 16) + (newValue & 0xFFFF));

    /// <summary>End-around-carry fold to 16 bits; adding the 16-bit pieces keeps the sum mod 0xFFFF.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Fold(ulong sum)
    {
        sum = (sum & 0xFFFFFFFF) + (sum >> 32);
        while (sum > 0xFFFF)
            sum = (sum & 0xFFFF) + (sum >> 16);
        return (uint)sum;
    }

    /// <summary>Unfolded sum of native-order 16-bit words, read 8 bytes at a time.</summary>
    private static ulong SumNative(ReadOnlySpan<byte> data)
    {
        ref byte start = ref MemoryMarshal.GetReference(data);
        nuint length = (nuint)data.Length;
        nuint i = 0;
        ulong sum = 0;

        // Each 8-byte read is added as two 32-bit halves into a 64-bit total: even a span of
        // int.MaxValue bytes stays below 2^61, so the loop needs no carry handling.
        for (; i + 32 <= length; i += 32)
        {
            ulong a = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, i));
            ulong b = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, i + 8));
            ulong c = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, i + 16));
            ulong d = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, i + 24));
            sum += (a & 0xFFFFFFFF) + (a >> 32) + (b & 0xFFFFFFFF) + (b >> 32)
                 + (c & 0xFFFFFFFF) + (c >> 32) + (d & 0xFFFFFFFF) + (d >> 32);
        }
        for (; i + 8 <= length; i += 8)
        {
            ulong a = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, i));
            sum += (a & 0xFFFFFFFF) + (a >> 32);
        }
        if (i + 4 <= length)
        {
            sum += Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref start, i));
            i += 4;
        }
        if (i + 2 <= length)
        {
            sum += Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref start, i));
            i += 2;
        }
        if (i < length)
        {
            // A trailing odd byte is the high half of a zero-padded network word.
            byte last = Unsafe.Add(ref start, i);
            sum += BitConverter.IsLittleEndian ? last : (ulong)last << 8;
        }
        return sum;
    }
}
