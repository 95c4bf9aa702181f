using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace ProRT.Protocols.Crypto;

/// <summary>
/// SipHash-2-4 (Aumasson and Bernstein, 2012): a keyed 64-bit PRF, fast on short inputs, so a scan can
/// derive unguessable per-connection values without keeping state per probe. The key is two 64-bit
/// halves, each the little-endian reading of 8 key bytes, as in the reference implementation.
/// </summary>
public static class SipHash
{
    /// <summary>Key length in bytes.</summary>
    public const int KeyLength = 16;

    /// <summary>SipHash-2-4 of <paramref name="message"/> under a 16-byte <paramref name="key"/>.</summary>
    public static ulong Hash(ReadOnlySpan<byte> key, ReadOnlySpan<byte> message)
    {
        if (key.Length != KeyLength)
            throw new ArgumentException($"a SipHash key has {KeyLength} bytes", nameof(key));
        return Hash(BinaryPrimitives.ReadUInt64LittleEndian(key), BinaryPrimitives.ReadUInt64LittleEndian(key[8..]), message);
    }

    /// <summary>SipHash-2-4 of <paramref name="message"/> under the key halves <paramref name="k0"/> and <paramref name="k1"/>.</summary>
    public static ulong Hash(ulong k0, ulong k1, ReadOnlySpan<byte> message)
    {
        Initialize(k0, k1, out ulong v0, out ulong v1, out ulong v2, out ulong v3);
        int whole = message.Length & ~7;
        for (int i = 0; i < whole; i += 8)
            Compress(BinaryPrimitives.ReadUInt64LittleEndian(message[i..]), ref v0, ref v1, ref v2, ref v3);

        // Last block: the leftover bytes little-endian, the message length (mod 256) in the top byte.
        ulong last = (ulong)message.Length << 56;
        ReadOnlySpan<byte> tail = message[whole..];
        for (int i = 0; i < tail.Length; i++)
            last |= (ulong)tail[i] << (8 * i);
        Compress(last, ref v0, ref v1, ref v2, ref v3);
        return Finish(ref v0, ref v1, ref v2, ref v3);
    }

    /// <summary>
    /// The hash of the 12 bytes srcIp, dstIp, srcPort, dstPort, each little-endian, with no buffer:
    /// equal to <see cref="Hash(ulong, ulong, ReadOnlySpan{byte})"/> over those bytes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong HashTuple(ulong k0, ulong k1, uint srcIp, uint dstIp, ushort srcPort, ushort dstPort)
    {
        Initialize(k0, k1, out ulong v0, out ulong v1, out ulong v2, out ulong v3);
        Compress((ulong)dstIp << 32 | srcIp, ref v0, ref v1, ref v2, ref v3);
        Compress(12UL << 56 | (ulong)dstPort << 16 | srcPort, ref v0, ref v1, ref v2, ref v3);
        return Finish(ref v0, ref v1, ref v2, ref v3);
    }

    // The state is four locals passed by ref rather than a struct: once these helpers are inlined
    // the JIT keeps all four in registers, which it did not reliably do for a struct's fields.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Initialize(ulong k0, ulong k1, out ulong v0, out ulong v1, out ulong v2, out ulong v3)
    {
        // "somepseudorandomlygeneratedbytes", the initialisation constants of the paper.
        v0 = k0 ^ 0x736f6d6570736575UL;
        v1 = k1 ^ 0x646f72616e646f6dUL;
        v2 = k0 ^ 0x6c7967656e657261UL;
        v3 = k1 ^ 0x7465646279746573UL;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Compress(ulong block, ref ulong v0, ref ulong v1, ref ulong v2, ref ulong v3)
    {
        v3 ^= block;
        Round(ref v0, ref v1, ref v2, ref v3);
        Round(ref v0, ref v1, ref v2, ref v3);
        v0 ^= block;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Finish(ref ulong v0, ref ulong v1, ref ulong v2, ref ulong v3)
    {
        v2 ^= 0xFF;
        Round(ref v0, ref v1, ref v2, ref v3);
        Round(ref v0, ref v1, ref v2, ref v3);
        Round(ref v0, ref v1, ref v2, ref v3);
        Round(ref v0, ref v1, ref v2, ref v3);
        return v0 ^ v1 ^ v2 ^ v3;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Round(ref ulong v0, ref ulong v1, ref ulong v2, ref ulong v3)
    {
        v0 += v1;
        v1 = BitOperations.RotateLeft(v1, 13);
        v1 ^= v0;
        v0 = BitOperations.RotateLeft(v0, 32);
        v2 += v3;
        v3 = BitOperations.RotateLeft(v3, 16);
        v3 ^= v2;
        v0 += v3;
        v3 = BitOperations.RotateLeft(v3, 21);
        v3 ^= v0;
        v2 += v1;
        v1 = BitOperations.RotateLeft(v1, 17);
        v1 ^= v2;
        v2 = BitOperations.RotateLeft(v2, 32);
    }
}
