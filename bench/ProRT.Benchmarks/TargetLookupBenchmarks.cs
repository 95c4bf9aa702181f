using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using ProRT.Protocols.Probing;
using ProRT.Protocols.Targets;

namespace ProRT.Benchmarks;

/// <summary>
/// Target lookup as a stateless sweep does it, once per probe at a permuted index: a sweep of one /16 against a sweep
/// of an -iL list of 100,000 single addresses (with 100,000 --excludefile entries). Each benchmark makes
/// <see cref="Lookups"/> lookups per invocation, so the table shows ns per lookup; the Ratio column compares the
/// list with the /16 in each category. The machine may be shared: the median is shown beside the mean.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class TargetLookupBenchmarks
{
    private const int Lookups = 65536;
    private const int ListEntries = 100_000;
    private const ulong K0 = 0x0706050403020100, K1 = 0x0F0E0D0C0B0A0908;

    private TargetSet _slash16 = null!, _list = null!;
    private IndexPermutation _slash16Order = null!, _listOrder = null!;
    private ulong[] _slash16Indices = null!, _listIndices = null!;
    private uint[] _slash16Addresses = null!, _listAddresses = null!;

    [GlobalSetup]
    public void Setup()
    {
        // The list as -iL and --excludefile files of random addresses, one in ten of the exclusions also a target;
        // the /16 as "198.18.0.0/16 --exclude 198.18.0-255.0-24": one in ten of its targets excluded too, so both
        // sweeps skip as often (the caller branches on IsExcluded) and differ only in the size of their lists.
        _slash16 = new TargetSet([TargetSpecParser.Parse("198.18.0.0/16")], [TargetSpecParser.Parse("198.18.0-255.0-24")]);
        var random = new Random(42);
        var targets = Distinct(random, ListEntries);
        var exclusions = Distinct(random, ListEntries);
        for (int i = 0; i < ListEntries; i += 10) exclusions[i] = targets[random.Next(ListEntries)];
        _list = new TargetSet(
            targets.Select(a => TargetRange.Single(a, Ipv4.Format(a))).ToList(),
            exclusions.Select(a => TargetRange.Single(a, Ipv4.Format(a))).ToList());

        _slash16Order = new IndexPermutation(_slash16.MaxCount, K0, K1);
        _listOrder = new IndexPermutation(_list.MaxCount, K0, K1);
        _slash16Indices = Enumerable.Range(0, Lookups).Select(i => _slash16Order.Map((ulong)i)).ToArray();
        _listIndices = Enumerable.Range(0, Lookups).Select(i => _listOrder.Map((ulong)i)).ToArray();
        _slash16Addresses = _slash16Indices.Select(i => _slash16.TargetAt(i).Address).ToArray();
        _listAddresses = _listIndices.Select(i => _list.TargetAt(i).Address).ToArray();
    }

    private static uint[] Distinct(Random random, int count)
    {
        var seen = new HashSet<uint>();
        while (seen.Count < count) seen.Add((uint)random.NextInt64(0, 1L << 32));
        return seen.ToArray();
    }

    /// <summary>TargetAt alone, at permuted indices: one /16.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Lookups), BenchmarkCategory("TargetAt")]
    public uint TargetAt_Slash16() => TargetAt(_slash16, _slash16Indices);

    /// <summary>TargetAt alone, at permuted indices: 100,000 single addresses.</summary>
    [Benchmark(OperationsPerInvoke = Lookups), BenchmarkCategory("TargetAt")]
    public uint TargetAt_List100k() => TargetAt(_list, _listIndices);

    /// <summary>IsExcluded alone, on the /16's targets in sweep order: one exclusion (256 intervals).</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Lookups), BenchmarkCategory("IsExcluded")]
    public int IsExcluded_Slash16() => IsExcluded(_slash16, _slash16Addresses);

    /// <summary>IsExcluded alone, on the list's targets in sweep order: 100,000 exclusions.</summary>
    [Benchmark(OperationsPerInvoke = Lookups), BenchmarkCategory("IsExcluded")]
    public int IsExcluded_List100k() => IsExcluded(_list, _listAddresses);

    /// <summary>The target lookup of one probe at a permuted index: TargetAt, then IsExcluded. The /16.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Lookups), BenchmarkCategory("Lookup")]
    public uint Lookup_Slash16() => Lookup(_slash16, _slash16Indices);

    /// <summary>The same for the 100,000-entry list with 100,000 exclusions.</summary>
    [Benchmark(OperationsPerInvoke = Lookups), BenchmarkCategory("Lookup")]
    public uint Lookup_List100k() => Lookup(_list, _listIndices);

    /// <summary>
    /// What the sweep does per probe to find its target: permute the index, TargetAt, IsExcluded (one port). The
    /// permutation costs more for the list than for the /16 whatever the lookup does: 65,536 indices fill its Feistel
    /// domain exactly, 100,000 take a domain of 2^18 and about 2.6 encryptions per index (cycle walking).
    /// </summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Lookups), BenchmarkCategory("Sweep")]
    public uint Sweep_Slash16() => Sweep(_slash16, _slash16Order);

    /// <summary>The same for the 100,000-entry list with 100,000 exclusions.</summary>
    [Benchmark(OperationsPerInvoke = Lookups), BenchmarkCategory("Sweep")]
    public uint Sweep_List100k() => Sweep(_list, _listOrder);

    private static uint TargetAt(TargetSet set, ulong[] indices)
    {
        uint sum = 0;
        foreach (ulong i in indices) sum += set.TargetAt(i).Address;
        return sum;
    }

    private static int IsExcluded(TargetSet set, uint[] addresses)
    {
        int excluded = 0;
        foreach (uint a in addresses)
            if (set.IsExcluded(a)) excluded++;
        return excluded;
    }

    private static uint Lookup(TargetSet set, ulong[] indices)
    {
        uint sum = 0;
        foreach (ulong i in indices)
        {
            uint address = set.TargetAt(i).Address;
            if (!set.IsExcluded(address)) sum += address;
        }
        return sum;
    }

    private static uint Sweep(TargetSet set, IndexPermutation order)
    {
        uint sum = 0;
        for (ulong i = 0; i < Lookups; i++)
        {
            uint address = set.TargetAt(order.Map(i)).Address;
            if (!set.IsExcluded(address)) sum += address;
        }
        return sum;
    }
}
