using System.Collections;
using System.Numerics;

namespace ProRT.Actors.Persistence;

/// <summary>
/// An immutable set of a host's (protocol, port) keys (<see cref="Results.SeenPorts.Key"/>): a sorted array while small,
/// then a bitmap of every key (8 KB a protocol), so a host in flight with all 65,535 ports journaled costs 16 KB, not a
/// set node per port. <see cref="Union"/> copies; nothing changes an existing set.
/// </summary>
public sealed class PortKeys : IEnumerable<int>
{
    private const int ArrayLimit = 1024;
    /// <summary>How many (protocol, port) keys there are: a bitmap of them all is this many bits.</summary>
    internal static readonly int KeySpace = Enum.GetValues<ProRT.Protocols.Ports.Protocol>().Length << 16;

    /// <summary>The empty set.</summary>
    public static readonly PortKeys Empty = new([], null, 0);

    private readonly int[]? _sorted;
    private readonly ulong[]? _bits;

    private PortKeys(int[]? sorted, ulong[]? bits, int count)
    {
        _sorted = sorted;
        _bits = bits;
        Count = count;
    }

    /// <summary>How many keys the set holds.</summary>
    public int Count { get; }

    /// <summary>True when the set holds no key.</summary>
    public bool IsEmpty => Count == 0;

    /// <summary>A set of <paramref name="keys"/> (duplicates are fine).</summary>
    public static PortKeys Of(IEnumerable<int> keys) => Empty.Union(keys);

    /// <summary>True when <paramref name="key"/> is in the set.</summary>
    public bool Contains(int key) => _bits is null
        ? Array.BinarySearch(_sorted!, key) >= 0
        : (uint)key < (uint)KeySpace && (_bits[key >> 6] & 1UL << (key & 63)) != 0;

    /// <summary>This set with <paramref name="keys"/> added; this very set when they add nothing.</summary>
    public PortKeys Union(IEnumerable<int> keys)
    {
        var added = new List<int>();
        foreach (int k in keys)
        {
            if ((uint)k >= (uint)KeySpace) throw new ArgumentOutOfRangeException(nameof(keys), k, "not a (protocol, port) key");
            if (!Contains(k)) added.Add(k);
        }
        if (added.Count == 0) return this;
        added.Sort();
        int unique = 0;
        for (int i = 0; i < added.Count; i++)
            if (i == 0 || added[i] != added[i - 1]) added[unique++] = added[i];
        added.RemoveRange(unique, added.Count - unique);
        int count = Count + added.Count;
        if (_bits is null && count <= ArrayLimit)
        {
            var merged = new int[count];
            int a = 0, b = 0, o = 0;
            while (a < _sorted!.Length || b < added.Count)
                merged[o++] = b == added.Count || a < _sorted.Length && _sorted[a] < added[b] ? _sorted[a++] : added[b++];
            return new PortKeys(merged, null, count);
        }
        var bits = _bits is null ? new ulong[KeySpace / 64] : (ulong[])_bits.Clone();
        if (_bits is null)
            foreach (int k in _sorted!) bits[k >> 6] |= 1UL << (k & 63);
        foreach (int k in added) bits[k >> 6] |= 1UL << (k & 63);
        return new PortKeys(null, bits, count);
    }

    /// <summary>The keys in ascending order.</summary>
    public IEnumerator<int> GetEnumerator()
    {
        if (_bits is null)
        {
            foreach (int k in _sorted!) yield return k;
            yield break;
        }
        for (int w = 0; w < _bits.Length; w++)
        {
            ulong word = _bits[w];
            while (word != 0)
            {
                int bit = BitOperations.TrailingZeroCount(word);
                yield return w * 64 + bit;
                word &= word - 1;
            }
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
