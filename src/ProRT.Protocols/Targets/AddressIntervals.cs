using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ProRT.Protocols.Targets;

/// <summary>
/// The union of some <see cref="TargetRange"/>s as sorted, disjoint, non-adjacent address intervals, so membership is a
/// look-up in a guide table (below), then at worst a binary search, instead of a walk over every range. A range is an octet product (each octet a set of values), which
/// is a run of intervals: one per value of the octets before the last one that is not 0-255, times the runs of that
/// octet. A range that would take more than <see cref="MaxIntervalsPerRange"/> intervals (such as "1-255.*.*.7"), or
/// take the total past <see cref="MaxIntervals"/>, stays a range and is checked with <see cref="TargetRange.Contains"/>:
/// an address or CIDR block takes one interval, and an -iL or --excludefile entry rarely more than a few hundred.
/// </summary>
internal sealed class AddressIntervals
{
    /// <summary>Most intervals one range is split into before it is kept whole.</summary>
    internal const int MaxIntervalsPerRange = 1 << 16;

    /// <summary>Most intervals all the ranges are split into (8 MB): past it, ranges are kept whole.</summary>
    internal const int MaxIntervals = 1 << 20;

    // A guide table of at most 2^20 entries, one per block of 2^_shift addresses from _base, the first excluded address:
    // the blocks share out the span of the intervals, not the whole address space, so exclusions bunched in one /16
    // still get blocks of their own. There are four to eight blocks per interval, so few blocks meet two intervals and
    // need a search (of randomly placed intervals, under 2%); when that makes the blocks 2^15 addresses or smaller
    // (always, past 16,384 intervals), the guide takes four bytes a block (_fine), else eight (_coarse). 100,000
    // exclusions take 2^19 blocks, 2 MB.
    //
    // A _fine entry with the top bit clear holds the first and last excluded address of its block as 15-bit offsets
    // into the block (bits 16-30 and 0-14), so a block none meet holds (1, 0); with the top bit set, intervals i..i+k-1
    // meet the block, i in bits 11-30 and k in bits 0-10 (0 when there are more than 2,047: search from i on).
    // A _coarse entry (Lo, Hi) with Lo <= Hi means the block's excluded addresses are exactly Lo..Hi; a block none meet
    // holds a one-address interval outside it, so the same test answers. (i + k, i), k >= 2, means intervals i..i+k-1
    // meet the block.
    private const int MaxGuideBits = 20;
    private const int MaxFineShift = 15;
    private const uint NoneFine = 1 << 16;
    private const uint SeveralFine = 1u << 31;
    private const int MaxFineCount = (1 << 11) - 1;

    // The merged intervals in order, each as start << 32 | end: a block's few intervals share a cache line.
    private readonly ulong[] _intervals;
    private readonly TargetRange[] _unsplit;
    private readonly uint[] _fine = [];
    private readonly (uint Lo, uint Hi)[] _coarse = [];
    // _fine when there is nothing else to check (no _unsplit), else empty: the one case Contains answers inline.
    private readonly uint[] _fast = [];
    private readonly uint _base;
    private readonly int _shift;
    private readonly uint _inBlockMask;

    public AddressIntervals(IEnumerable<TargetRange> ranges)
    {
        var starts = new List<uint>();
        var ends = new List<uint>();
        var unsplit = new List<TargetRange>();
        var scratch = new bool[4 * 256];
        foreach (var range in ranges)
            if (!TrySplit(range, scratch, starts, ends)) unsplit.Add(range);
        var (mergedStarts, mergedEnds) = Merge(starts.ToArray(), ends.ToArray());
        _intervals = new ulong[mergedStarts.Length];
        for (int i = 0; i < _intervals.Length; i++) _intervals[i] = (ulong)mergedStarts[i] << 32 | mergedEnds[i];
        _unsplit = unsplit.ToArray();
        if (_intervals.Length == 0) return;
        _base = Start(0);
        ulong span = (ulong)End(_intervals.Length - 1) - _base + 1;
        int bits = 1;
        while (bits < MaxGuideBits && 1L << bits < 4L * _intervals.Length) bits++;
        int spanBits = span == 1 ? 0 : 64 - BitOperations.LeadingZeroCount(span - 1);
        _shift = Math.Max(0, spanBits - bits); // at most 31: a block never holds every address
        _inBlockMask = (1u << _shift) - 1;
        int blocks = (int)((span - 1) >> _shift) + 1;
        if (_shift <= MaxFineShift) _fine = BuildFine(blocks);
        else _coarse = BuildCoarse(blocks);
        if (_unsplit.Length == 0) _fast = _fine;
    }

    /// <summary>Number of disjoint intervals (ranges kept whole not counted).</summary>
    public int IntervalCount => _intervals.Length;

    /// <summary>Number of ranges too fragmented to split, checked one by one.</summary>
    public int UnsplitCount => _unsplit.Length;

    private uint Start(int i) => (uint)(_intervals[i] >> 32);

    private uint End(int i) => (uint)_intervals[i];

    /// <summary>Whether <paramref name="address"/> is in any of the ranges.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Contains(uint address)
    {
        // The common case, small enough to inline into a sweep's loop: a _fine block with at most one interval. No
        // branch on the answer itself: a sweep asks at random, and a mispredicted branch costs more than the lookup.
        uint offset = address - _base; // below the base wraps round to past the end
        uint block = offset >> _shift;
        uint[] fast = _fast;
        if (block < (uint)fast.Length)
        {
            uint e = Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(fast), (nint)block);
            uint inBlock = offset & _inBlockMask;
            if ((int)e >= 0) return (inBlock >= e >> 16) & (inBlock <= (e & 0xFFFF));
        }
        return ContainsElsewise(address);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool ContainsElsewise(uint address)
    {
        bool hit = false;
        uint offset = address - _base;
        uint block = offset >> _shift;
        if (block < (uint)_fine.Length)
        {
            uint e = _fine[block];
            uint inBlock = offset & _inBlockMask;
            hit = (int)e >= 0 ? (inBlock >= e >> 16) & (inBlock <= (e & 0xFFFF)) : InSeveral(e, address);
        }
        else if (block < (uint)_coarse.Length)
        {
            var (lo, hi) = _coarse[block];
            hit = lo <= hi ? address - lo <= hi - lo : InIntervals((int)hi, (int)(lo - hi), address);
        }
        return hit || InUnsplit(address);
    }

    private bool InUnsplit(uint address)
    {
        foreach (var range in _unsplit)
            if (range.Contains(address)) return true;
        return false;
    }

    /// <summary>Whether one of the intervals a _fine entry for several names holds <paramref name="address"/>.</summary>
    private bool InSeveral(uint entry, uint address)
    {
        int first = (int)(entry >> 11) & 0xF_FFFF, count = (int)(entry & MaxFineCount);
        return InIntervals(first, count > 0 ? count : _intervals.Length - first, address);
    }

    /// <summary>
    /// Whether one of the <paramref name="count"/> intervals from <paramref name="first"/> holds <paramref name="address"/>,
    /// which lies after the end of the one before them.
    /// </summary>
    private bool InIntervals(int first, int count, uint address)
    {
        // The last interval starting at or before the address is the only one that can hold it.
        int i = UpperBound<ulong>(_intervals.AsSpan(first, count), (ulong)address << 32 | uint.MaxValue);
        return i > 0 && address <= (uint)_intervals[first + i - 1];
    }

    /// <summary>The intervals that meet each block of the guide: the index of the first, and how many.</summary>
    private IEnumerable<(int Block, ulong Lowest, ulong Highest, int First, int Count)> Blocks(int blocks)
    {
        int i = 0;
        for (int b = 0; b < blocks; b++)
        {
            ulong lowest = _base + ((ulong)b << _shift), highest = Math.Min(lowest + (1UL << _shift) - 1, uint.MaxValue);
            while (i < _intervals.Length && End(i) < lowest) i++;
            int k = 0;
            while (i + k < _intervals.Length && Start(i + k) <= highest) k++;
            yield return (b, lowest, highest, i, k);
        }
    }

    private uint[] BuildFine(int blocks)
    {
        var guide = new uint[blocks];
        foreach (var (b, lowest, highest, i, k) in Blocks(blocks))
            guide[b] = k switch
            {
                0 => NoneFine,
                1 => (uint)(Math.Max(Start(i), lowest) - lowest) << 16 | (uint)(Math.Min(End(i), highest) - lowest),
                _ => SeveralFine | (uint)i << 11 | (uint)(k <= MaxFineCount ? k : 0),
            };
        return guide;
    }

    private (uint, uint)[] BuildCoarse(int blocks)
    {
        var guide = new (uint, uint)[blocks];
        foreach (var (b, lowest, highest, i, k) in Blocks(blocks))
        {
            // An address just outside the block stands for "none" here.
            uint elsewhere = lowest > 0 ? (uint)lowest - 1 : (uint)highest + 1;
            guide[b] = k switch
            {
                0 => (elsewhere, elsewhere),
                1 => ((uint)Math.Max(Start(i), lowest), (uint)Math.Min(End(i), highest)),
                _ => ((uint)(i + k), (uint)i),
            };
        }
        return guide;
    }

    /// <summary>Index of the first element of sorted <paramref name="sorted"/> greater than <paramref name="value"/> (its length when none is).</summary>
    internal static int UpperBound<T>(ReadOnlySpan<T> sorted, T value) where T : struct, IComparisonOperators<T, T, bool>
    {
        int n = sorted.Length;
        if (n == 0) return 0;
        // Branch-free halving: the loop length depends only on n, and the step is a conditional move.
        ref T first = ref MemoryMarshal.GetReference(sorted);
        int lo = 0;
        while (n > 1)
        {
            int half = n >> 1;
            lo = Unsafe.Add(ref first, lo + half) <= value ? lo + half : lo;
            n -= half;
        }
        return lo + (Unsafe.Add(ref first, lo) <= value ? 1 : 0);
    }

    /// <summary>
    /// Adds the intervals of <paramref name="range"/>; false (nothing added) when there would be too many.
    /// <paramref name="scratch"/> holds 4 x 256 flags, reused from range to range.
    /// </summary>
    private static bool TrySplit(TargetRange range, bool[] scratch, List<uint> starts, List<uint> ends)
    {
        // The values of each octet exactly as Contains tests them: any (lo, hi) with lo <= b <= hi.
        Array.Clear(scratch);
        for (int o = 0; o < 4; o++)
        {
            var values = Octet(scratch, o);
            foreach (var (lo, hi) in range.OctetRanges[o])
                if (lo <= hi) values[lo..(hi + 1)].Fill(true);
            if (!values.Contains(true)) return true; // an octet with no value: the range holds no address
        }
        int last = 3; // the last octet that is not 0-255; the octets after it only widen each interval
        while (last >= 0 && !Octet(scratch, last).Contains(false)) last--;
        if (last < 0)
        {
            starts.Add(0);
            ends.Add(uint.MaxValue);
            return true;
        }
        var runs = Runs(Octet(scratch, last));
        long intervals = runs.Count;
        for (int o = 0; o < last; o++) intervals *= Octet(scratch, o).Count(true);
        if (intervals > MaxIntervalsPerRange || starts.Count + intervals > MaxIntervals) return false;

        int shift = 24 - 8 * last;
        uint below = shift == 0 ? 0 : (1u << shift) - 1;
        void Emit(int octet, uint prefix)
        {
            if (octet == last)
            {
                foreach (var (lo, hi) in runs)
                {
                    starts.Add(prefix | (uint)lo << shift);
                    ends.Add(prefix | (uint)hi << shift | below);
                }
                return;
            }
            for (int b = 0; b < 256; b++)
                if (scratch[256 * octet + b]) Emit(octet + 1, prefix | (uint)b << (24 - 8 * octet));
        }
        Emit(0, 0);
        return true;
    }

    private static Span<bool> Octet(bool[] scratch, int octet) => scratch.AsSpan(256 * octet, 256);

    /// <summary>The maximal runs of true in <paramref name="values"/>.</summary>
    private static List<(int Lo, int Hi)> Runs(ReadOnlySpan<bool> values)
    {
        var runs = new List<(int, int)>();
        for (int b = 0; b < values.Length; b++)
        {
            if (!values[b]) continue;
            int start = b;
            while (b + 1 < values.Length && values[b + 1]) b++;
            runs.Add((start, b));
        }
        return runs;
    }

    /// <summary>Sorts the intervals by start and joins the overlapping and adjacent ones.</summary>
    private static (uint[] Starts, uint[] Ends) Merge(uint[] starts, uint[] ends)
    {
        Array.Sort(starts, ends);
        int n = 0;
        for (int i = 0; i < starts.Length; i++)
        {
            // Adjacent when the start is one past the previous end (no such address after 255.255.255.255).
            if (n > 0 && (ends[n - 1] == uint.MaxValue || starts[i] <= ends[n - 1] + 1))
            {
                ends[n - 1] = Math.Max(ends[n - 1], ends[i]);
                continue;
            }
            starts[n] = starts[i];
            ends[n] = ends[i];
            n++;
        }
        return (starts[..n], ends[..n]);
    }
}
