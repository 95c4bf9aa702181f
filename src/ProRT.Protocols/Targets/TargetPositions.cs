using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ProRT.Protocols.Targets;

/// <summary>
/// Positions of a list of ranges laid end to end, in the order given: which range, and which address of it, is at a
/// position. The running totals of the range sizes make it a binary search; in front of that a guide, one entry per
/// block of 2^k positions (about two blocks per range), answers most lookups with one read: a block that lies inside a
/// single range with consecutive addresses (a CIDR block, a single address, "10.0.0.5-9") is "plain", and its entry
/// turns a position straight into the address. Blocks that straddle ranges, and ranges that skip addresses
/// ("10.0.0,2.*"), go to the binary search, narrowed to the ranges of the block.
/// </summary>
internal sealed class TargetPositions
{
    // _blockRanges entries: the range of a block inside one range (SkipsFlag when that range skips addresses), or
    // ImpureFlag | lo for a block of ranges lo.._offsets[block].
    private const int ImpureFlag = int.MinValue;
    private const int SkipsFlag = 1 << 30; // the range does not hold consecutive addresses: ask it (AddressAt)
    private const int RangeMask = SkipsFlag - 1;

    private readonly TargetRange[] _ranges;
    // _ends[i] is the number of positions in ranges 0..i: range i holds positions [_ends[i - 1], _ends[i]).
    private readonly ulong[] _ends;
    // First address of each range whose addresses are consecutive (AddressAt(i) == first + i), else 0.
    private readonly uint[] _firsts;
    private readonly bool[] _consecutive;
    // Only when some range came from a hostname: null otherwise, so most lookups never read it.
    private readonly string?[]? _hostnames;
    // The guide, four bytes a block so that of 100,000 single addresses stays in a core's L2 cache. For a plain block,
    // _offsets holds its range's first address less the range's first position (mod 2^32): the address at position p
    // is p + offset. _plain has a bit per block, small enough to stay in L1; _blockRanges is read for the others, or
    // for the hostname.
    private readonly uint[] _offsets = [];
    private readonly ulong[] _plain = [];
    private readonly int[] _blockRanges = [];
    private readonly int _shift;
    // The sizes overflow 64 bits (no list that fits in memory does): positions are found as the old walk found them.
    private readonly bool _overflow;

    public TargetPositions(TargetRange[] ranges)
    {
        _ranges = ranges;
        int n = ranges.Length;
        _ends = new ulong[n];
        _firsts = new uint[n];
        _consecutive = new bool[n];
        ulong total = 0;
        for (int i = 0; i < n; i++)
        {
            var range = ranges[i];
            ulong next = unchecked(total + range.Count);
            if (next < total) _overflow = true;
            _ends[i] = total = next;
            _consecutive[i] = IsConsecutive(range, out _firsts[i]);
            if (range.Hostname is not null) (_hostnames ??= new string?[n])[i] = range.Hostname;
        }
        Count = total;
        if (!_overflow && total > 0 && n <= RangeMask) (_offsets, _plain, _blockRanges) = BuildGuide(out _shift);
    }

    /// <summary>Sum of the range sizes (wrapping past 2^64, as it always has).</summary>
    public ulong Count { get; }

    /// <summary>The target at <paramref name="index"/>; throws <see cref="ArgumentOutOfRangeException"/> past the end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Target At(ulong index)
    {
        // The common case, small enough to inline into a sweep's loop: a plain block.
        if (index < Count && _plain.Length != 0)
        {
            nint block = (nint)(index >> _shift);
            if ((Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_plain), block >> 6) & 1UL << (int)block) != 0)
                return new Target((uint)index + Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_offsets), block),
                    _hostnames is null ? null : _hostnames[_blockRanges[block]]);
        }
        return AtElsewise(index);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private Target AtElsewise(ulong index)
    {
        if (index < Count && _plain.Length != 0)
        {
            int block = (int)(index >> _shift), entry = _blockRanges[block], range = entry & RangeMask;
            if (entry >= 0) return Get(range, range == 0 ? index : index - _ends[range - 1]);
            return Find(range, (int)_offsets[block] + 1, index);
        }
        if (_overflow) return Walk(index);
        if (index >= Count) throw new ArgumentOutOfRangeException(nameof(index));
        return Find(0, _ends.Length, index);
    }

    /// <summary>The target at <paramref name="index"/>, known to be in one of ranges [<paramref name="lo"/>, <paramref name="hi"/>): the first of them ending after it holds it.</summary>
    private Target Find(int lo, int hi, ulong index)
    {
        int range = lo + AddressIntervals.UpperBound<ulong>(_ends.AsSpan(lo, hi - lo), index);
        return Get(range, range == 0 ? index : index - _ends[range - 1]);
    }

    private Target Get(int range, ulong local) => new(
        _consecutive[range] ? _firsts[range] + (uint)local : _ranges[range].AddressAt(local),
        _hostnames?[range]);

    private Target Walk(ulong index)
    {
        foreach (var range in _ranges)
        {
            if (index < range.Count) return new Target(range.AddressAt(index), range.Hostname);
            index -= range.Count;
        }
        throw new ArgumentOutOfRangeException(nameof(index));
    }

    /// <summary>One entry per block of 2^shift positions, the shift the least that keeps the blocks to twice the ranges.</summary>
    private (uint[] Offsets, ulong[] Plain, int[] BlockRanges) BuildGuide(out int shift)
    {
        ulong blocksWanted = 2 * (ulong)_ranges.Length;
        shift = 0;
        while (((Count - 1) >> shift) + 1 > blocksWanted) shift++;
        int blocks = (int)((Count - 1) >> shift) + 1;
        var offsets = new uint[blocks];
        var plain = new ulong[(blocks + 63) / 64];
        var blockRanges = new int[blocks];
        int r = 0;
        for (int b = 0; b < blocks; b++)
        {
            ulong first = (ulong)b << shift, last = first + Math.Min((1UL << shift) - 1, Count - 1 - first);
            while (_ends[r] <= first) r++; // empty ranges end where the one before ends: passed over
            if (_ends[r] > last)
            {
                blockRanges[b] = _consecutive[r] ? r : r | SkipsFlag;
                if (!_consecutive[r]) continue;
                offsets[b] = unchecked(_firsts[r] - (uint)(r == 0 ? 0 : _ends[r - 1]));
                plain[b / 64] |= 1UL << b;
                continue;
            }
            int end = r;
            while (_ends[end] <= last) end++;
            blockRanges[b] = ImpureFlag | r;
            offsets[b] = (uint)end;
        }
        return (offsets, plain, blockRanges);
    }

    /// <summary>Whether <paramref name="range"/>'s addresses are consecutive from <paramref name="first"/> in its own order.</summary>
    private static bool IsConsecutive(TargetRange range, out uint first)
    {
        // One (lo, hi) per octet, and every octet after the first that spans more than one value is 0-255: then the
        // mixed radix of AddressAt is plain addition.
        first = 0;
        bool spanning = false;
        for (int o = 0; o < 4; o++)
        {
            var octet = range.OctetRanges[o];
            if (octet.Count != 1) return false;
            var (lo, hi) = octet[0];
            if (lo > hi || spanning && (lo, hi) != (0, 255)) return false;
            spanning |= lo < hi;
            first |= (uint)lo << (24 - 8 * o);
        }
        return true;
    }
}
