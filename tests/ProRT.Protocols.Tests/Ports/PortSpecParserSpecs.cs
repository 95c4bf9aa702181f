using ProRT.Protocols.Ports;

namespace ProRT.Protocols.Tests.Ports;

public sealed class PortSpecParserSpecs
{
    private static ushort[] Range(int lo, int hi) => Enumerable.Range(lo, hi - lo + 1).Select(p => (ushort)p).ToArray();

    private static ushort[] P(params int[] ports) => ports.Select(p => (ushort)p).ToArray();

    [Fact]
    public void A_list_of_ports_and_ranges_applies_to_both_protocols()
    {
        var list = PortSpecParser.Parse("22,80,1000-2000");
        ushort[] expected = [22, 80, .. Range(1000, 2000)];
        Assert.Equal(expected, list.Tcp);
        Assert.Equal(expected, list.Udp);
        Assert.Equal(2 * 1003, list.Count);
    }

    [Fact]
    public void A_lone_dash_is_every_port_from_1()
    {
        var list = PortSpecParser.Parse("-");
        Assert.Equal(Range(1, 65535), list.Tcp);
        Assert.Equal(65535, list.Udp.Length);
        Assert.DoesNotContain((ushort)0, list.Tcp);
    }

    [Fact]
    public void A_range_open_at_the_start_begins_at_1()
    {
        Assert.Equal(Range(1, 100), PortSpecParser.Parse("-100").Tcp);
    }

    [Fact]
    public void A_range_open_at_the_end_runs_to_65535()
    {
        var tcp = PortSpecParser.Parse("60000-").Tcp;
        Assert.Equal(Range(60000, 65535), tcp);
        Assert.Equal(5536, tcp.Length);
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("1", 1)]
    [InlineData("65535", 65535)]
    [InlineData("00022", 22)]
    public void Single_ports_cover_the_whole_16_bit_range(string spec, int port)
    {
        Assert.Equal(P(port), PortSpecParser.Parse(spec).Tcp);
    }

    [Fact]
    public void Protocol_prefixes_split_tcp_and_udp()
    {
        var list = PortSpecParser.Parse("T:22,U:53");
        Assert.Equal(P(22), list.Tcp);
        Assert.Equal(P(53), list.Udp);
        Assert.Equal(2, list.Count);
    }

    [Fact]
    public void A_prefix_applies_until_the_next_prefix()
    {
        var list = PortSpecParser.Parse("T:22,80,U:53,161-162");
        Assert.Equal(P(22, 80), list.Tcp);
        Assert.Equal(P(53, 161, 162), list.Udp);
    }

    [Fact]
    public void Unprefixed_ports_before_any_prefix_apply_to_both_protocols()
    {
        var list = PortSpecParser.Parse("443,T:22,U:53");
        Assert.Equal(P(22, 443), list.Tcp);
        Assert.Equal(P(53, 443), list.Udp);
    }

    [Fact]
    public void Prefixes_are_case_insensitive()
    {
        var list = PortSpecParser.Parse("t:22,u:53");
        Assert.Equal(P(22), list.Tcp);
        Assert.Equal(P(53), list.Udp);
    }

    [Fact]
    public void Prefixes_take_ranges_too()
    {
        var list = PortSpecParser.Parse("T:-3,U:65534-");
        Assert.Equal(P(1, 2, 3), list.Tcp);
        Assert.Equal(P(65534, 65535), list.Udp);
    }

    [Fact]
    public void Duplicates_are_removed_and_ports_sorted()
    {
        var list = PortSpecParser.Parse("80,22,80,20-25,23,1-3");
        Assert.Equal(P(1, 2, 3, 20, 21, 22, 23, 24, 25, 80), list.Tcp);
        Assert.Equal(list.Tcp, list.Udp);
    }

    [Fact]
    public void Whitespace_around_items_is_ignored()
    {
        Assert.Equal(P(22, 80), PortSpecParser.Parse(" 22 , 80 ").Tcp);
    }

    [Fact]
    public void Service_names_are_looked_up_in_the_service_table()
    {
        var list = PortSpecParser.Parse("http", ServiceTable.Builtin);
        Assert.Equal(P(80), list.Tcp);
        Assert.Empty(list.Udp); // the built-in table knows http on tcp only
    }

    [Fact]
    public void Service_names_mix_with_numbers_and_are_case_insensitive()
    {
        var list = PortSpecParser.Parse("SSH,http,8080", ServiceTable.Builtin);
        Assert.Equal(P(22, 80, 8080), list.Tcp);
        Assert.Equal(P(8080), list.Udp);
    }

    [Fact]
    public void A_service_name_takes_every_port_of_that_name()
    {
        Assert.Equal(P(8000, 8008), PortSpecParser.Parse("http-alt", ServiceTable.Builtin).Tcp);
    }

    [Fact]
    public void A_service_name_follows_the_protocol_prefix()
    {
        var both = PortSpecParser.Parse("domain", ServiceTable.Builtin);
        Assert.Equal(P(53), both.Tcp);
        Assert.Equal(P(53), both.Udp);

        var udpOnly = PortSpecParser.Parse("U:domain", ServiceTable.Builtin);
        Assert.Empty(udpOnly.Tcp);
        Assert.Equal(P(53), udpOnly.Udp);
    }

    [Theory]
    [InlineData("70000", "70000")]
    [InlineData("65536", "65536")]
    [InlineData("1-70000", "70000")]
    [InlineData("5-1", "5-1")]
    [InlineData("abc", "abc")]
    [InlineData("22,nosuchservice", "nosuchservice")]
    [InlineData("1,,2", "1,,2")]
    [InlineData("22,", "22,")]
    [InlineData(",22", ",22")]
    [InlineData("T:", "T:")]
    [InlineData("1-2-3", "2-3")]
    [InlineData("1234567", "1234567")]
    [InlineData("1:2", "1:2")]
    [InlineData("22/tcp", "22/tcp")]
    [InlineData("+22", "+22")]
    public void Malformed_specs_are_rejected_with_a_message_naming_the_problem(string spec, string fragment)
    {
        var ex = Assert.Throws<PortSpecException>(() => PortSpecParser.Parse(spec, ServiceTable.Builtin));
        Assert.Contains(fragment, ex.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_spec_is_rejected(string spec)
    {
        var ex = Assert.Throws<PortSpecException>(() => PortSpecParser.Parse(spec));
        Assert.Contains("empty", ex.Message);
    }

    [Fact]
    public void A_reversed_range_says_so()
    {
        var ex = Assert.Throws<PortSpecException>(() => PortSpecParser.Parse("5-1"));
        Assert.Contains("greater", ex.Message);
    }

    [Fact]
    public void An_out_of_range_port_names_the_valid_range()
    {
        var ex = Assert.Throws<PortSpecException>(() => PortSpecParser.Parse("70000"));
        Assert.Contains("0-65535", ex.Message);
    }

    [Fact]
    public void Service_names_need_a_service_table()
    {
        var ex = Assert.Throws<PortSpecException>(() => PortSpecParser.Parse("http"));
        Assert.Contains("unknown service 'http'", ex.Message);
    }

    [Fact]
    public void Port_errors_are_format_exceptions()
    {
        Assert.IsAssignableFrom<FormatException>(Assert.Throws<PortSpecException>(() => PortSpecParser.Parse("1,,2")));
    }
}
