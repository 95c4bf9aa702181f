using ProRT.Protocols.Targets;

namespace ProRT.Protocols.Tests.Targets;

public sealed class TargetSpecParserSpecs
{
    private static uint Ip(string text) => Ipv4.TryParse(text, out var v) ? v : throw new ArgumentException(text);

    private static string[] Addresses(TargetRange range) => range.Enumerate().Select(Ipv4.Format).ToArray();

    [Fact]
    public void A_single_address_is_one_target()
    {
        var range = TargetSpecParser.Parse("198.18.0.2");
        Assert.Equal(1UL, range.Count);
        Assert.Equal(["198.18.0.2"], Addresses(range));
        Assert.Equal("198.18.0.2", range.Text);
        Assert.Null(range.Hostname);
    }

    [Fact]
    public void Surrounding_whitespace_is_ignored()
    {
        var range = TargetSpecParser.Parse("  198.18.0.2\t");
        Assert.Equal(["198.18.0.2"], Addresses(range));
        Assert.Equal("198.18.0.2", range.Text);
    }

    [Theory]
    [InlineData("198.18.0.0/32", 1UL)]
    [InlineData("198.18.0.0/31", 2UL)]
    [InlineData("198.18.0.0/30", 4UL)]
    [InlineData("198.18.0.0/24", 256UL)]
    [InlineData("198.18.0.0/16", 65_536UL)]
    [InlineData("10.0.0.0/8", 16_777_216UL)]
    [InlineData("0.0.0.0/0", 4_294_967_296UL)]
    [InlineData("*.*.*.*", 4_294_967_296UL)]
    [InlineData("198.18.0-3.1-254", 1016UL)]
    [InlineData("198.18.1,3.*", 512UL)]
    [InlineData("198.18.0.250-", 6UL)]
    [InlineData("198.18.0.-5", 6UL)]
    [InlineData("198.18.0.-", 256UL)]
    [InlineData("198.18.0.1-1", 1UL)]
    [InlineData("198.18.0.7,9,11", 3UL)]
    public void Count_is_the_number_of_addresses(string spec, ulong count)
    {
        Assert.Equal(count, TargetSpecParser.Parse(spec).Count);
    }

    [Fact]
    public void A_slash_24_runs_from_network_to_broadcast_address_in_order()
    {
        var all = Addresses(TargetSpecParser.Parse("198.18.0.0/24"));
        Assert.Equal(256, all.Length);
        Assert.Equal(Enumerable.Range(0, 256).Select(i => $"198.18.0.{i}"), all);
    }

    [Fact]
    public void A_cidr_block_given_with_host_bits_covers_its_network_and_keeps_the_users_text()
    {
        var range = TargetSpecParser.Parse("198.18.0.77/24");
        Assert.Equal("198.18.0.0", Addresses(range)[0]);
        Assert.Equal("198.18.0.255", Addresses(range)[^1]);
        Assert.Equal("198.18.0.77/24", range.Text);
    }

    [Fact]
    public void A_slash_32_is_just_the_address()
    {
        Assert.Equal(["198.18.0.77"], Addresses(TargetSpecParser.Parse("198.18.0.77/32")));
    }

    [Fact]
    public void Octet_ranges_enumerate_in_nmap_order_with_the_last_octet_fastest()
    {
        var all = Addresses(TargetSpecParser.Parse("198.18.0-3.1-254"));
        var expected = from c in Enumerable.Range(0, 4) from d in Enumerable.Range(1, 254) select $"198.18.{c}.{d}";
        Assert.Equal(expected, all);
        Assert.Equal("198.18.0.1", all[0]);
        Assert.Equal("198.18.0.254", all[253]);
        Assert.Equal("198.18.1.1", all[254]);
        Assert.Equal("198.18.3.254", all[^1]);
    }

    [Fact]
    public void Comma_lists_and_wildcards_combine()
    {
        var all = Addresses(TargetSpecParser.Parse("198.18.1,3.*"));
        var expected = from c in new[] { 1, 3 } from d in Enumerable.Range(0, 256) select $"198.18.{c}.{d}";
        Assert.Equal(expected, all);
    }

    [Fact]
    public void Comma_lists_are_enumerated_in_ascending_order_whatever_order_they_were_written_in()
    {
        Assert.Equal(["198.18.0.1", "198.18.0.3", "198.18.0.5"], Addresses(TargetSpecParser.Parse("198.18.0.5,1,3")));
    }

    [Fact]
    public void An_open_ended_range_runs_to_255()
    {
        Assert.Equal(
            ["198.18.0.250", "198.18.0.251", "198.18.0.252", "198.18.0.253", "198.18.0.254", "198.18.0.255"],
            Addresses(TargetSpecParser.Parse("198.18.0.250-")));
    }

    [Fact]
    public void A_range_open_at_the_start_begins_at_0()
    {
        Assert.Equal(["198.18.0.0", "198.18.0.1", "198.18.0.2"], Addresses(TargetSpecParser.Parse("198.18.0.-2")));
    }

    [Fact]
    public void Ranges_may_appear_in_any_octet()
    {
        Assert.Equal(["10.0.0.1", "10.0.0.2", "11.0.0.1", "11.0.0.2"], Addresses(TargetSpecParser.Parse("10-11.0.0.1-2")));
    }

    [Fact]
    public void Overlapping_octet_ranges_yield_each_address_once()
    {
        var range = TargetSpecParser.Parse("198.18.0.1-5,3-7,7");
        Assert.Equal(7UL, range.Count);
        Assert.Equal(Enumerable.Range(1, 7).Select(i => $"198.18.0.{i}"), Addresses(range));
    }

    [Theory]
    [InlineData("300.1.1.1", "300")]
    [InlineData("1.2.3.1000", "1000")]
    [InlineData("1.2.3.4/33", "0-32")]
    [InlineData("1.2.3.4/", "0-32")]
    [InlineData("1.2.3.4/-1", "0-32")]
    [InlineData("1.2.3.4/x", "0-32")]
    [InlineData("1.2.3.4/24/8", "0-32")]
    [InlineData("1.2.3.5-1", "reversed")]
    [InlineData("1.2.3", "four octets")]
    [InlineData("1.2.3.4.5", "four octets")]
    [InlineData("1.2.3.*/24", "prefix")]
    [InlineData("1..2.3", "octet")]
    [InlineData("1.2.3.4,", "octet")]
    [InlineData("1.2.3.4-5-6", "octet")]
    [InlineData("::1", "not an IPv4 address")]
    [InlineData("bad host!", "not an IPv4 address")]
    [InlineData(".example.com", "not an IPv4 address")]
    public void Malformed_targets_are_rejected_with_a_message_naming_the_problem(string spec, string fragment)
    {
        var ex = Assert.Throws<TargetSpecException>(() => TargetSpecParser.Parse(spec, _ => 0x01020304));
        Assert.Contains(fragment, ex.Message);
    }

    [Theory]
    [InlineData("300.1.1.1")]
    [InlineData("1.2.3.4/33")]
    [InlineData("1.2.3.5-1")]
    public void Error_messages_quote_the_target(string spec)
    {
        var ex = Assert.Throws<TargetSpecException>(() => TargetSpecParser.Parse(spec));
        Assert.Contains($"'{spec}'", ex.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t")]
    public void An_empty_target_is_rejected(string spec)
    {
        var ex = Assert.Throws<TargetSpecException>(() => TargetSpecParser.Parse(spec));
        Assert.Contains("empty", ex.Message);
    }

    [Fact]
    public void Target_errors_are_format_exceptions()
    {
        Assert.IsAssignableFrom<FormatException>(Assert.Throws<TargetSpecException>(() => TargetSpecParser.Parse("300.1.1.1")));
    }

    [Fact]
    public void A_hostname_is_resolved_through_the_injected_resolver()
    {
        var asked = new List<string>();
        var range = TargetSpecParser.Parse("scanme.test", name => { asked.Add(name); return Ip("198.18.0.9"); });
        Assert.Equal(["scanme.test"], asked);
        Assert.Equal(["198.18.0.9"], Addresses(range));
        Assert.Equal("scanme.test", range.Hostname);
        Assert.Equal("scanme.test", range.Text);
    }

    [Fact]
    public void A_hostname_may_carry_a_prefix_length()
    {
        var asked = new List<string>();
        var range = TargetSpecParser.Parse("scanme.test/30", name => { asked.Add(name); return Ip("198.18.0.9"); });
        Assert.Equal(["scanme.test"], asked);
        Assert.Equal(["198.18.0.8", "198.18.0.9", "198.18.0.10", "198.18.0.11"], Addresses(range));
        Assert.Equal("scanme.test", range.Hostname);
        Assert.Equal("scanme.test/30", range.Text);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("my-host_1.example.org")]
    [InlineData("1host.test")]
    public void Names_with_letters_are_hostnames(string name)
    {
        var range = TargetSpecParser.Parse(name, _ => Ip("198.18.0.1"));
        Assert.Equal(name, range.Hostname);
    }

    [Fact]
    public void The_resolver_is_not_consulted_for_addresses()
    {
        bool called = false;
        TargetSpecParser.Parse("198.18.0.0/24", _ => { called = true; return 0; });
        TargetSpecParser.Parse("198.18.0-1.*", _ => { called = true; return 0; });
        Assert.False(called);
    }

    [Fact]
    public void An_unresolvable_hostname_is_a_clear_error()
    {
        var ex = Assert.Throws<TargetSpecException>(() => TargetSpecParser.Parse("nosuch.invalid", _ => null));
        Assert.Contains("resolve", ex.Message);
        Assert.Contains("nosuch.invalid", ex.Message);
    }

    [Fact]
    public void A_hostname_without_a_resolver_cannot_be_resolved()
    {
        var ex = Assert.Throws<TargetSpecException>(() => TargetSpecParser.Parse("scanme.test"));
        Assert.Contains("scanme.test", ex.Message);
    }

    [Fact]
    public void A_hostname_with_a_bad_prefix_is_rejected_before_lookup()
    {
        bool called = false;
        Assert.Throws<TargetSpecException>(() => TargetSpecParser.Parse("scanme.test/40", _ => { called = true; return 1; }));
        Assert.False(called);
    }
}
