using System.Diagnostics;
using ProRT.Protocols.Targets;

namespace ProRT.Protocols.Tests.Targets;

public sealed class TargetRangeSpecs
{
    private static uint Ip(string text) => Ipv4.TryParse(text, out var v) ? v : throw new ArgumentException(text);

    [Theory]
    [InlineData("198.18.0.0/24", "198.18.0.0", true)]
    [InlineData("198.18.0.0/24", "198.18.0.255", true)]
    [InlineData("198.18.0.0/24", "198.18.0.77", true)]
    [InlineData("198.18.0.0/24", "198.18.1.0", false)]
    [InlineData("198.18.0.0/24", "198.17.255.255", false)]
    [InlineData("198.18.0.2", "198.18.0.2", true)]
    [InlineData("198.18.0.2", "198.18.0.3", false)]
    [InlineData("0.0.0.0/0", "255.255.255.255", true)]
    [InlineData("0.0.0.0/0", "0.0.0.0", true)]
    [InlineData("10.0.0.0/8", "10.255.255.255", true)]
    [InlineData("10.0.0.0/8", "11.0.0.0", false)]
    [InlineData("198.18.1,3.*", "198.18.3.7", true)]
    [InlineData("198.18.1,3.*", "198.18.1.0", true)]
    [InlineData("198.18.1,3.*", "198.18.2.7", false)]
    [InlineData("198.18.0-3.1-254", "198.18.2.254", true)]
    [InlineData("198.18.0-3.1-254", "198.18.2.0", false)]
    [InlineData("198.18.0-3.1-254", "198.18.2.255", false)]
    [InlineData("198.18.0-3.1-254", "198.18.4.1", false)]
    [InlineData("198.18.0.250-", "198.18.0.255", true)]
    [InlineData("198.18.0.250-", "198.18.0.249", false)]
    public void Contains_matches_exactly_the_addresses_it_enumerates(string spec, string address, bool expected)
    {
        var range = TargetSpecParser.Parse(spec);
        Assert.Equal(expected, range.Contains(Ip(address)));
    }

    [Theory]
    [InlineData("198.18.0.0/28")]
    [InlineData("198.18.0-3.1-254")]
    [InlineData("198.18.1,3.*")]
    [InlineData("198.18.0.250-")]
    public void Every_enumerated_address_is_contained_and_neighbours_are_not(string spec)
    {
        var range = TargetSpecParser.Parse(spec);
        var all = range.Enumerate().ToHashSet();
        Assert.All(all, a => Assert.True(range.Contains(a)));
        uint lo = all.Min(), hi = all.Max();
        for (uint a = lo - 300; a != hi + 300; a++)
            Assert.Equal(all.Contains(a), range.Contains(a));
    }

    [Fact]
    public void Enumerating_the_head_of_a_slash_8_is_lazy()
    {
        var range = TargetSpecParser.Parse("10.0.0.0/8");
        Assert.Equal(16_777_216UL, range.Count);

        var sw = Stopwatch.StartNew();
        var head = range.Enumerate().Take(3).Select(Ipv4.Format).ToArray();
        sw.Stop();

        Assert.Equal(["10.0.0.0", "10.0.0.1", "10.0.0.2"], head);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(1), $"Take(3) of a /8 took {sw.Elapsed}");
    }

    [Fact]
    public void The_whole_address_space_is_counted_but_never_materialized()
    {
        var range = TargetSpecParser.Parse("0.0.0.0/0");
        Assert.Equal(1UL << 32, range.Count);
        Assert.Equal(0u, range.Enumerate().First());
        Assert.Equal([0u, 1u, 2u, 3u], range.Enumerate().Take(4));
    }

    [Fact]
    public void Cidr_masks_the_address_down_to_the_network()
    {
        var range = TargetRange.Cidr(Ip("198.18.7.77"), 30, "x");
        Assert.Equal(["198.18.7.76", "198.18.7.77", "198.18.7.78", "198.18.7.79"], range.Enumerate().Select(Ipv4.Format));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(33)]
    public void Cidr_rejects_prefix_lengths_outside_0_to_32(int prefix)
    {
        var ex = Assert.Throws<TargetSpecException>(() => TargetRange.Cidr(0, prefix, "1.2.3.4/x"));
        Assert.Contains("0-32", ex.Message);
    }

    [Fact]
    public void Single_is_one_address_and_keeps_text_and_hostname()
    {
        var range = TargetRange.Single(Ip("198.18.0.9"), "gw.test", "gw.test");
        Assert.Equal(1UL, range.Count);
        Assert.Equal([Ip("198.18.0.9")], range.Enumerate());
        Assert.Equal("gw.test", range.Text);
        Assert.Equal("gw.test", range.Hostname);
        Assert.Equal("gw.test", range.ToString());
    }

    [Fact]
    public void Octets_enumerates_last_octet_fastest()
    {
        var range = TargetRange.Octets("t", [[(10, 10)], [(0, 0)], [(1, 2)], [(5, 6)]]);
        Assert.Equal(4UL, range.Count);
        Assert.Equal(["10.0.1.5", "10.0.1.6", "10.0.2.5", "10.0.2.6"], range.Enumerate().Select(Ipv4.Format));
        Assert.Null(range.Hostname);
    }

    [Fact]
    public void Enumerate_can_be_repeated()
    {
        var range = TargetSpecParser.Parse("198.18.0.0/30");
        Assert.Equal(range.Enumerate().ToArray(), range.Enumerate().ToArray());
    }
}
