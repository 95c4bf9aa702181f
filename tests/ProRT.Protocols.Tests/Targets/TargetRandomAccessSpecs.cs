using ProRT.Protocols.Targets;

namespace ProRT.Protocols.Tests.Targets;

public sealed class TargetRandomAccessSpecs
{
    [Theory]
    [InlineData("198.18.0.0/22")]
    [InlineData("198.18.0-3.1-254")]
    [InlineData("198.18.1,3,7-9.5,250-255")]
    [InlineData("198.18.0.7")]
    public void AddressAt_agrees_with_enumeration(string spec)
    {
        var range = TargetSpecParser.Parse(spec);
        var listed = range.Enumerate().ToList();
        Assert.Equal((ulong)listed.Count, range.Count);
        for (int i = 0; i < listed.Count; i++) Assert.Equal(listed[i], range.AddressAt((ulong)i));
    }

    [Fact]
    public void TargetAt_walks_across_ranges()
    {
        var set = new TargetSet([TargetSpecParser.Parse("198.18.0.1-2"), TargetSpecParser.Parse("198.19.0.0/30")]);
        var all = Enumerable.Range(0, 6).Select(i => set.TargetAt((ulong)i).ToString()).ToList();
        Assert.Equal(["198.18.0.1", "198.18.0.2", "198.19.0.0", "198.19.0.1", "198.19.0.2", "198.19.0.3"], all);
        Assert.Throws<ArgumentOutOfRangeException>(() => set.TargetAt(6));
    }

    [Fact]
    public void A_slash_8_is_addressable_without_enumeration()
    {
        var range = TargetSpecParser.Parse("10.0.0.0/8"); // parsed only, never scanned
        Assert.Equal("10.255.255.255", Ipv4.Format(range.AddressAt(range.Count - 1)));
        Assert.Equal("10.1.0.0", Ipv4.Format(range.AddressAt(65536)));
    }
}
