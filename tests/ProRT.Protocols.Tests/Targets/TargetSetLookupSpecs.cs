using CsCheck;
using ProRT.Protocols.Targets;
using ProRT.Tests.Fuzzing;

namespace ProRT.Protocols.Tests.Targets;

/// <summary>
/// TargetAt and IsExcluded search indexes built once per set; these check them against the plain walks they replace
/// (written out here as the reference), on generated range lists and on known answers.
/// </summary>
public sealed class TargetSetLookupSpecs
{
    private static TargetRange R(string spec) => TargetSpecParser.Parse(spec);

    private static uint Ip(string text) => Ipv4.TryParse(text, out var v) ? v : throw new ArgumentException(text);

    // The reference: walk the ranges, as TargetSet did before it kept an index.
    private static Target ReferenceTargetAt(IReadOnlyList<TargetRange> include, ulong index)
    {
        foreach (var range in include)
        {
            if (index < range.Count) return new Target(range.AddressAt(index), range.Hostname);
            index -= range.Count;
        }
        throw new ArgumentOutOfRangeException(nameof(index));
    }

    private static ulong ReferenceMaxCount(IReadOnlyList<TargetRange> include) => include.Aggregate(0UL, (n, r) => n + r.Count);

    private static bool ReferenceIsExcluded(IReadOnlyList<TargetRange> exclude, uint address) => exclude.Any(r => r.Contains(address));

    // What a lookup gave: the target, or the type of what it threw.
    private static string Outcome(Func<Target> lookup)
    {
        try
        {
            var t = lookup();
            return $"{t} {t.Hostname}";
        }
        catch (Exception e)
        {
            return e.GetType().Name;
        }
    }

    // Addresses near the edges: the ends of the space and of its halves, and a small window (198.18.0.0-198.18.1.255)
    // where generated ranges meet, overlap and sit next to each other.
    private static readonly Gen<uint> Addresses = Gen.Frequency(
        (2, Gen.OneOf<uint>([0u, 1u, 0x7FFF_FFFFu, 0x8000_0000u, 0xFFFF_FFFEu, uint.MaxValue])),
        (5, Gen.UInt[0xC612_0000, 0xC612_01FF]),
        (2, Gen.UInt));

    // An octet as the parser makes them and as TargetRange.Octets takes them: one or more (lo, hi), not always sorted
    // or disjoint. Wide spans are rarer than narrow ones: a range of several wide octets splits into up to 65,536
    // intervals and takes a while to build.
    private static readonly Gen<(byte Lo, byte Hi)> Pairs = Gen.Frequency(
        (1, Gen.Select(Gen.Byte, Gen.Byte, (a, b) => (Math.Min(a, b), Math.Max(a, b)))),
        (3, Gen.Byte.Select(b => (b, b))),
        (3, Gen.Byte[0, 12].Select(b => (b, (byte)(b + 3)))),
        (1, Gen.Const(((byte)0, (byte)255))));

    private static readonly Gen<(byte Lo, byte Hi)[]> Octets = Gen.Frequency(
        (4, Pairs.Array[1]),
        (1, Pairs.Array[2, 3]));

    private static readonly Gen<int> Prefixes = Gen.Frequency(
        (1, Gen.Const(0)),
        (1, Gen.Const(32)),
        (6, Gen.Int[20, 32]),
        (2, Gen.Int[0, 32]));

    private static readonly Gen<TargetRange> Ranges = Gen.Frequency(
        (4, Addresses.Select(a => TargetRange.Single(a, Ipv4.Format(a)))),
        (3, Gen.Select(Addresses, Prefixes, (a, p) => TargetRange.Cidr(a, p, $"{Ipv4.Format(a)}/{p}"))),
        (2, Octets.Array[4].Select(o => TargetRange.Octets("octets", o))),
        (1, Gen.Select(Addresses, Gen.Int[28, 32], (a, p) => TargetRange.Cidr(a, p, "gw.test", "gw.test"))));

    // Octet lists TargetRange.Octets accepts although the parser never makes them (a journal could hold them):
    // reversed (lo, hi) and octets with no value.
    private static readonly Gen<TargetRange> OddRanges = Gen.Frequency(
        (3, Ranges),
        (1, Gen.Select(Octets.Array[4], Gen.Int[0, 3], Gen.Select(Gen.Byte, Gen.Byte), (o, at, pair) =>
        {
            o[at] = [(Math.Max(pair.Item1, pair.Item2), Math.Min(pair.Item1, pair.Item2)), .. o[at]];
            return TargetRange.Octets("reversed", o);
        })),
        (1, Gen.Select(Octets.Array[4], Gen.Int[0, 3], (o, at) =>
        {
            o[at] = [];
            return TargetRange.Octets("empty", o);
        })));

    /// <summary>The positions to ask about: every range boundary and its neighbours, past the end, and random ones.</summary>
    private static IEnumerable<ulong> Probes(IReadOnlyList<TargetRange> include, ulong[] random)
    {
        ulong max = ReferenceMaxCount(include), end = 0;
        yield return 0;
        yield return ulong.MaxValue;
        foreach (var range in include)
        {
            end += range.Count;
            yield return end - 1;
            yield return end;
            yield return end + 1;
        }
        foreach (ulong r in random) yield return max == 0 ? r : r % max;
    }

    [Fact]
    public void TargetAt_and_MaxCount_agree_with_walking_the_ranges() =>
        Property.Holds(Gen.Select(Ranges.Array[0, 40], Gen.ULong.Array[64]), t =>
        {
            var (include, random) = t;
            var set = new TargetSet(include);
            Assert.Equal(ReferenceMaxCount(include), set.MaxCount);
            foreach (ulong index in Probes(include, random))
                Assert.Equal(Outcome(() => ReferenceTargetAt(include, index)), Outcome(() => set.TargetAt(index)));
        }, iterations: 1000);

    [Fact]
    public void TargetAt_agrees_with_walking_the_ranges_whatever_the_octet_lists_hold() =>
        Property.Holds(Gen.Select(OddRanges.Array[0, 12], Gen.ULong.Array[32]), t =>
        {
            var (include, random) = t;
            var set = new TargetSet(include);
            Assert.Equal(ReferenceMaxCount(include), set.MaxCount);
            foreach (ulong index in Probes(include, random))
                Assert.Equal(Outcome(() => ReferenceTargetAt(include, index)), Outcome(() => set.TargetAt(index)));
        }, iterations: 1000);

    [Fact]
    public void IsExcluded_agrees_with_checking_every_exclusion() =>
        Property.Holds(Gen.Select(OddRanges.Array[0, 30], Addresses.Array[64]), t =>
        {
            var (exclude, random) = t;
            var set = new TargetSet([R("198.18.0.1")], exclude);
            // Both ends of each exclusion's addresses and their neighbours, then the generated ones.
            var probes = exclude.Where(r => r.Count is > 0 and <= 1UL << 32)
                .SelectMany(r => new[] { r.AddressAt(0), r.AddressAt(r.Count - 1) })
                .SelectMany(a => new[] { a - 1, a, a + 1 })
                .Concat(random);
            foreach (uint address in probes)
                Assert.True(ReferenceIsExcluded(exclude, address) == set.IsExcluded(address), $"{Ipv4.Format(address)}");
        }, iterations: 400);

    [Fact]
    public void Many_exclusions_close_together_agree_with_checking_every_exclusion() =>
        // Hundreds of small exclusions in one window: the guide's blocks each meet several intervals.
        Property.Holds(Gen.Select(Gen.Select(Gen.UInt[0xC612_0000, 0xC612_0FFF], Gen.Int[26, 32],
            (a, p) => TargetRange.Cidr(a, p, "x")).Array[100, 400], Gen.UInt[0xC611_FFF0, 0xC612_100F].Array[256]), t =>
        {
            var (exclude, probes) = t;
            var set = new TargetSet([R("198.18.0.1")], exclude);
            foreach (uint address in probes)
                Assert.True(ReferenceIsExcluded(exclude, address) == set.IsExcluded(address), $"{Ipv4.Format(address)}");
        }, iterations: 150);

    [Fact]
    public void Enumerate_agrees_with_walking_the_ranges_and_exclusions() =>
        Property.Holds(Gen.Select(Ranges.Where(r => r.Count <= 512).Array[0, 12], Ranges.Array[0, 12]), t =>
        {
            var (include, exclude) = t;
            var expected = include.SelectMany(r => r.Enumerate().Where(a => !ReferenceIsExcluded(exclude, a)).Select(a => new Target(a, r.Hostname)));
            Assert.Equal(expected, new TargetSet(include, exclude).Enumerate());
        }, iterations: 250);

    [Fact]
    public void Duplicates_and_overlaps_keep_every_position()
    {
        var set = new TargetSet([R("198.18.0.0/30"), R("198.18.0.2/31"), R("198.18.0.0/30")]);
        Assert.Equal(10UL, set.MaxCount);
        Assert.Equal(["198.18.0.0", "198.18.0.1", "198.18.0.2", "198.18.0.3", "198.18.0.2", "198.18.0.3",
            "198.18.0.0", "198.18.0.1", "198.18.0.2", "198.18.0.3"],
            Enumerable.Range(0, 10).Select(i => set.TargetAt((ulong)i).ToString()));
    }

    [Fact]
    public void A_range_with_no_address_takes_no_position()
    {
        var empty = TargetRange.Octets("empty", [[(10, 10)], [], [(0, 0)], [(1, 1)]]);
        var set = new TargetSet([R("198.18.0.1"), empty, empty, R("198.18.0.2")]);
        Assert.Equal(2UL, set.MaxCount);
        Assert.Equal("198.18.0.1", set.TargetAt(0).ToString());
        Assert.Equal("198.18.0.2", set.TargetAt(1).ToString());
        Assert.Throws<ArgumentOutOfRangeException>(() => set.TargetAt(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TargetSet([empty]).TargetAt(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TargetSet([]).TargetAt(0));
    }

    [Fact]
    public void The_whole_address_space_then_one_more()
    {
        var set = new TargetSet([R("0.0.0.0/0"), R("198.18.0.1")]);
        Assert.Equal((1UL << 32) + 1, set.MaxCount);
        Assert.Equal(0u, set.TargetAt(0).Address);
        Assert.Equal(uint.MaxValue, set.TargetAt(uint.MaxValue).Address);
        Assert.Equal(Ip("198.18.0.1"), set.TargetAt(1UL << 32).Address);
        Assert.Throws<ArgumentOutOfRangeException>(() => set.TargetAt((1UL << 32) + 1));
    }

    [Fact]
    public void A_range_that_skips_addresses_keeps_its_own_order_among_others()
    {
        var set = new TargetSet([R("198.18.0.9"), R("10.0.1,3.5-6"), R("198.18.0.0/31")]);
        Assert.Equal(["198.18.0.9", "10.0.1.5", "10.0.1.6", "10.0.3.5", "10.0.3.6", "198.18.0.0", "198.18.0.1"],
            Enumerable.Range(0, 7).Select(i => set.TargetAt((ulong)i).ToString()));
    }

    [Fact]
    public void TargetAt_keeps_the_hostname()
    {
        var named = TargetSpecParser.Parse("gw.test/31", _ => Ip("198.18.0.0"));
        var set = new TargetSet([R("198.18.0.9"), named]);
        Assert.Equal(new Target(Ip("198.18.0.9"), null), set.TargetAt(0));
        Assert.Equal(new Target(Ip("198.18.0.1"), "gw.test"), set.TargetAt(2));
    }

    [Fact]
    public void A_list_of_100000_addresses_is_indexed_in_the_order_given()
    {
        var random = new Random(7);
        var addresses = Enumerable.Range(0, 100_000).Select(_ => (uint)random.NextInt64(0, 1L << 32)).ToArray();
        var set = new TargetSet(addresses.Select((a, i) => i % 1000 == 0
            ? TargetRange.Single(a, "named", $"h{i}.test")
            : TargetRange.Single(a, Ipv4.Format(a))).ToList());
        Assert.Equal(100_000UL, set.MaxCount);
        for (int i = 0; i < addresses.Length; i++)
        {
            var t = set.TargetAt((ulong)i);
            Assert.Equal(addresses[i], t.Address);
            Assert.Equal(i % 1000 == 0 ? $"h{i}.test" : null, t.Hostname);
        }
    }

    [Fact]
    public void Large_and_small_ranges_mixed_agree_with_walking_the_ranges()
    {
        // A /8 then a thousand single addresses then a /16: most guide blocks lie in one range, some in hundreds.
        var include = new List<TargetRange> { R("10.0.0.0/8") };
        include.AddRange(Enumerable.Range(0, 1000).Select(i => TargetRange.Single(0xC612_0000u + (uint)i * 7, "x")));
        include.Add(R("172.16.0.0/16"));
        var set = new TargetSet(include);
        var random = new Random(3);
        for (int i = 0; i < 20_000; i++)
        {
            ulong index = (ulong)random.NextInt64(0, (long)set.MaxCount);
            Assert.Equal(ReferenceTargetAt(include, index), set.TargetAt(index));
        }
        for (ulong index = (1UL << 24) - 2; index < (1UL << 24) + 1003; index++)
            Assert.Equal(ReferenceTargetAt(include, index), set.TargetAt(index));
    }

    [Fact]
    public void Adjacent_exclusions_join()
    {
        var exclude = new[] { R("198.18.0.128/25"), R("198.18.0.0/25") };
        var set = new TargetSet([R("198.18.0.0/24")], exclude);
        Assert.Equal(1, new AddressIntervals(exclude).IntervalCount);
        Assert.True(set.IsExcluded(Ip("198.18.0.0")));
        Assert.True(set.IsExcluded(Ip("198.18.0.127")));
        Assert.True(set.IsExcluded(Ip("198.18.0.128")));
        Assert.True(set.IsExcluded(Ip("198.18.0.255")));
        Assert.False(set.IsExcluded(Ip("198.17.255.255")));
        Assert.False(set.IsExcluded(Ip("198.18.1.0")));
    }

    [Fact]
    public void The_first_and_last_addresses_can_be_excluded()
    {
        var set = new TargetSet([R("198.18.0.1")], [R("255.255.255.255"), R("0.0.0.0")]);
        Assert.True(set.IsExcluded(0));
        Assert.True(set.IsExcluded(uint.MaxValue));
        Assert.False(set.IsExcluded(1));
        Assert.False(set.IsExcluded(uint.MaxValue - 1));
        Assert.False(set.IsExcluded(0x8000_0000));
    }

    [Fact]
    public void Excluding_the_whole_space_excludes_every_address()
    {
        var set = new TargetSet([R("198.18.0.1")], [R("198.18.0.0/24"), R("0.0.0.0/0")]);
        foreach (uint a in new[] { 0u, 1u, 0x7FFF_FFFFu, 0x8000_0000u, Ip("198.18.0.1"), uint.MaxValue })
            Assert.True(set.IsExcluded(a));
    }

    [Fact]
    public void An_octet_list_exclusion_is_split_into_its_intervals()
    {
        var exclude = new[] { R("198.18.1,3.5-6,9") };
        Assert.Equal(4, new AddressIntervals(exclude).IntervalCount);
        var set = new TargetSet([R("198.18.0.0/16")], exclude);
        var excluded = Enumerable.Range(0, 1024).Select(i => Ip("198.18.0.0") + (uint)i).Where(set.IsExcluded).Select(Ipv4.Format);
        Assert.Equal(["198.18.1.5", "198.18.1.6", "198.18.1.9", "198.18.3.5", "198.18.3.6", "198.18.3.9"], excluded);
    }

    [Fact]
    public void An_exclusion_too_fragmented_to_split_is_checked_whole()
    {
        var exclude = new[] { R("1-255.*.*.7"), R("198.18.0.5") };
        var intervals = new AddressIntervals(exclude);
        Assert.Equal(1, intervals.UnsplitCount);
        Assert.Equal(1, intervals.IntervalCount);
        var set = new TargetSet([R("198.18.0.1")], exclude);
        Assert.True(set.IsExcluded(Ip("10.9.9.7")));
        Assert.True(set.IsExcluded(Ip("198.18.0.5")));
        Assert.True(set.IsExcluded(Ip("255.255.255.7")));
        Assert.False(set.IsExcluded(Ip("0.9.9.7")));
        Assert.False(set.IsExcluded(Ip("10.9.9.8")));
    }

    [Fact]
    public void Exclusions_with_no_address_exclude_nothing()
    {
        var exclude = new[] { TargetRange.Octets("empty", [[(10, 10)], [], [(0, 0)], [(1, 1)]]), TargetRange.Octets("reversed", [[(10, 10)], [(9, 3)], [(0, 0)], [(1, 1)]]) };
        Assert.Equal(0, new AddressIntervals(exclude).IntervalCount);
        var set = new TargetSet([R("10.0.0.1")], exclude);
        Assert.False(set.IsExcluded(Ip("10.0.0.1")));
        Assert.False(set.IsExcluded(Ip("10.5.0.1")));
        Assert.False(set.IsExcluded(Ip("10.9.0.1")));
    }

    [Fact]
    public void Thousands_of_exclusions_in_one_guide_block_are_searched()
    {
        // Every other address of 198.18.0.0/18 (8,192 intervals) among 10,000 spread over the whole space: the guide's
        // blocks are 2^15 addresses, and the two that hold the /18 meet thousands of intervals each.
        var random = new Random(5);
        var excluded = new HashSet<uint> { 0, uint.MaxValue };
        for (uint a = Ip("198.18.0.0"); a < Ip("198.18.64.0"); a += 2) excluded.Add(a);
        while (excluded.Count < 18_194) excluded.Add((uint)random.NextInt64(0, 1L << 32));
        var set = new TargetSet([R("198.18.0.1")], excluded.Select(a => TargetRange.Single(a, "x")).ToList());
        for (uint a = Ip("198.17.255.0"); a < Ip("198.18.65.0"); a++)
            Assert.True(excluded.Contains(a) == set.IsExcluded(a), Ipv4.Format(a));
        foreach (uint a in excluded.Take(5000))
        {
            Assert.True(set.IsExcluded(a));
            Assert.Equal(excluded.Contains(a + 1), set.IsExcluded(a + 1));
        }
    }

    [Fact]
    public void A_list_of_100000_exclusions_excludes_exactly_those()
    {
        var random = new Random(11);
        var excluded = new HashSet<uint>();
        while (excluded.Count < 100_000) excluded.Add((uint)random.NextInt64(0, 1L << 32));
        var set = new TargetSet([R("198.18.0.1")], excluded.Select(a => TargetRange.Single(a, Ipv4.Format(a))).ToList());
        foreach (uint a in excluded)
        {
            Assert.True(set.IsExcluded(a));
            Assert.Equal(excluded.Contains(a + 1), set.IsExcluded(a + 1));
            Assert.Equal(excluded.Contains(a - 1), set.IsExcluded(a - 1));
        }
    }
}
