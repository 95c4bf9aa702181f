using ProRT.Protocols.Crypto;

namespace ProRT.Protocols.Probing;

/// <summary>
/// A keyed bijection of [0, n): a balanced Feistel network over the smallest even-bit domain holding n, with cycle
/// walking to stay inside [0, n) (the approach of masscan's blackrock). A sweep visits index i as Map(i), so probes to
/// one host or one port are spread over the whole run, and nothing is stored per index.
/// </summary>
public sealed class IndexPermutation
{
    private const int Rounds = 4;
    private readonly ulong _count;
    private readonly int _halfBits;
    private readonly ulong _halfMask;
    private readonly ulong _k0, _k1;

    /// <summary>A permutation of [0, <paramref name="count"/>) keyed by <paramref name="k0"/> and <paramref name="k1"/>; the same key gives the same order.</summary>
    public IndexPermutation(ulong count, ulong k0, ulong k1)
    {
        if (count == 0) throw new ArgumentOutOfRangeException(nameof(count));
        _count = count;
        int bits = Math.Max(2, 64 - System.Numerics.BitOperations.LeadingZeroCount(count - 1));
        if (bits % 2 == 1) bits++;
        _halfBits = bits / 2;
        _halfMask = (1UL << _halfBits) - 1;
        _k0 = k0;
        _k1 = k1;
    }

    /// <summary>Size of the permuted range.</summary>
    public ulong Count => _count;

    /// <summary>The position <paramref name="index"/> maps to; a distinct value in [0, Count) for each index.</summary>
    public ulong Map(ulong index)
    {
        if (index >= _count) throw new ArgumentOutOfRangeException(nameof(index));
        // The Feistel domain is at most 4n, so the walk takes few steps on average.
        ulong x = index;
        do x = Encrypt(x);
        while (x >= _count);
        return x;
    }

    private ulong Encrypt(ulong x)
    {
        ulong left = x >> _halfBits, right = x & _halfMask;
        for (int round = 0; round < Rounds; round++)
        {
            ulong f = SipHash.HashTuple(_k0, _k1, (uint)right, (uint)(right >> 32), (ushort)round, 0) & _halfMask;
            (left, right) = (right, left ^ f);
        }
        return left << _halfBits | right;
    }
}
