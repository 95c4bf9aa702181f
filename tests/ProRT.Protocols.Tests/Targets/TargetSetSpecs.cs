using ProRT.Protocols.Targets;

namespace ProRT.Protocols.Tests.Targets;

public sealed class TargetSetSpecs
{
    private static TargetRange R(string spec) => TargetSpecParser.Parse(spec);

    private static uint Ip(string text) => Ipv4.TryParse(text, out var v) ? v : throw new ArgumentException(text);

    [Fact]
    public void Ranges_are_enumerated_in_the_order_given()
    {
        var set = new TargetSet([R("198.18.0.9"), R("198.18.0.1-2"), R("10.0.0.1")]);
        Assert.Equal(["198.18.0.9", "198.18.0.1", "198.18.0.2", "10.0.0.1"], set.Enumerate().Select(t => t.ToString()));
    }

    [Fact]
    public void Excluded_addresses_are_left_out()
    {
        var set = new TargetSet([R("198.18.0.0/24")], [R("198.18.0.0-9"), R("198.18.0.255"), R("198.18.0.100/30")]);
        var addresses = set.Enumerate().Select(t => t.Address).ToList();

        Assert.Equal(256 - 10 - 1 - 4, addresses.Count);
        Assert.DoesNotContain(Ip("198.18.0.0"), addresses);
        Assert.DoesNotContain(Ip("198.18.0.9"), addresses);
        Assert.DoesNotContain(Ip("198.18.0.101"), addresses);
        Assert.DoesNotContain(Ip("198.18.0.255"), addresses);
        Assert.Equal(Ip("198.18.0.10"), addresses[0]);
        Assert.Equal(Ip("198.18.0.254"), addresses[^1]);
    }

    [Fact]
    public void IsExcluded_checks_every_exclusion()
    {
        var set = new TargetSet([R("198.18.0.0/24")], [R("198.18.0.5"), R("10.0.0.0/8")]);
        Assert.True(set.IsExcluded(Ip("198.18.0.5")));
        Assert.True(set.IsExcluded(Ip("10.200.0.1")));
        Assert.False(set.IsExcluded(Ip("198.18.0.6")));
    }

    [Fact]
    public void Without_exclusions_nothing_is_excluded()
    {
        var set = new TargetSet([R("198.18.0.0/30")]);
        Assert.Empty(set.Exclude);
        Assert.False(set.IsExcluded(Ip("198.18.0.1")));
        Assert.Equal(4, set.Enumerate().Count());
    }

    [Fact]
    public void Excluding_everything_leaves_nothing()
    {
        var set = new TargetSet([R("198.18.0.0/28")], [R("198.18.0.*")]);
        Assert.Empty(set.Enumerate());
    }

    [Fact]
    public void MaxCount_sums_the_ranges_without_subtracting_exclusions()
    {
        var set = new TargetSet([R("198.18.0.0/24"), R("198.18.1.1")], [R("198.18.0.0/25")]);
        Assert.Equal(257UL, set.MaxCount);
    }

    [Fact]
    public void Targets_keep_the_hostname_they_were_given_by()
    {
        var named = TargetSpecParser.Parse("gw.test", _ => Ip("198.18.0.1"));
        var set = new TargetSet([named, R("198.18.0.2")]);
        var targets = set.Enumerate().ToList();
        Assert.Equal(new Target(Ip("198.18.0.1"), "gw.test"), targets[0]);
        Assert.Equal(new Target(Ip("198.18.0.2"), null), targets[1]);
        Assert.Equal("198.18.0.1", targets[0].ToString());
    }

    [Fact]
    public void Enumeration_with_exclusions_stays_lazy()
    {
        var set = new TargetSet([R("0.0.0.0/0")], [R("0.0.0.0/24")]);
        Assert.Equal(["0.0.1.0", "0.0.1.1", "0.0.1.2"], set.Enumerate().Take(3).Select(t => t.ToString()));
    }

    [Fact]
    public void ReadTokens_reads_tokens_skipping_comments_and_blank_lines()
    {
        const string text =
            "# targets for the lab\n" +
            "\n" +
            "198.18.0.1 198.18.0.2\t198.18.0.0/30   # trailing comment\n" +
            "   \n" +
            "gw.test#no space before the comment\r\n" +
            "\t\t198.18.1,3.*\r\n" +
            "#198.18.9.9\n" +
            "10.0.0.1";
        var tokens = TargetSet.ReadTokens(new StringReader(text)).ToList();
        Assert.Equal(["198.18.0.1", "198.18.0.2", "198.18.0.0/30", "gw.test", "198.18.1,3.*", "10.0.0.1"], tokens);
    }

    [Fact]
    public void ReadTokens_of_an_empty_file_is_empty()
    {
        Assert.Empty(TargetSet.ReadTokens(new StringReader("")));
        Assert.Empty(TargetSet.ReadTokens(new StringReader("\n\n# only comments\n   \n")));
    }

    [Fact]
    public void ReadTokens_feeds_the_parser()
    {
        var tokens = TargetSet.ReadTokens(new StringReader("198.18.0.0/30 # lab\n198.18.0.8\n"));
        var set = new TargetSet(tokens.Select(t => TargetSpecParser.Parse(t)).ToList());
        Assert.Equal(5UL, set.MaxCount);
        Assert.Equal(["198.18.0.0/30", "198.18.0.8"], set.Include.Select(r => r.Text));
    }
}
