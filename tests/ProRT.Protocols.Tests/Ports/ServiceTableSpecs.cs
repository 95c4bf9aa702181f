using ProRT.Protocols.Ports;

namespace ProRT.Protocols.Tests.Ports;

public sealed class ServiceTableSpecs
{
    private const string Sample =
        "# Fields in this file are: Service name, portnum/protocol, open-frequency, optional comments\n" +
        "#\n" +
        "ftp\t21/tcp\t0.197667\t# File Transfer [Control]\n" +
        "ssh\t22/tcp\t0.182286\t# Secure Shell Login\n" +
        "ssh\t22/udp\t0.003905\t# Secure Shell Login\n" +
        "telnet\t23/tcp\t0.221265\n" +
        "\n" +
        "domain\t53/tcp\t0.048463\t# Domain Name Server\n" +
        "domain\t53/udp\t0.213496\t# Domain Name Server\n" +
        "   http    80/tcp    0.484143   # World Wide Web HTTP\n" +
        "sctp-http\t80/sctp\t0.000000\t# an sctp line, not scanned\n" +
        "https\t443/tcp\t0.208669\n" +
        "nofreq\t9999/tcp\n" +
        "zero\t9998/tcp\t0\n";

    private static ServiceTable SampleTable() => ServiceTable.Parse(new StringReader(Sample), "sample");

    private static ushort[] P(params int[] ports) => ports.Select(p => (ushort)p).ToArray();

    [Fact]
    public void Parse_reads_tcp_and_udp_lines_and_skips_comments_blank_lines_and_sctp()
    {
        var table = SampleTable();
        Assert.Equal(10, table.Count);
        Assert.Equal("sample", table.Source);
    }

    [Theory]
    [InlineData(21, Protocol.Tcp, "ftp")]
    [InlineData(22, Protocol.Tcp, "ssh")]
    [InlineData(22, Protocol.Udp, "ssh")]
    [InlineData(53, Protocol.Udp, "domain")]
    [InlineData(80, Protocol.Tcp, "http")]
    [InlineData(9999, Protocol.Tcp, "nofreq")]
    public void NameOf_gives_the_name_of_a_known_port(int port, Protocol protocol, string name)
    {
        Assert.Equal(name, SampleTable().NameOf((ushort)port, protocol));
    }

    [Theory]
    [InlineData(80, Protocol.Udp)] // only the sctp line names 80 besides tcp
    [InlineData(443, Protocol.Udp)]
    [InlineData(12345, Protocol.Tcp)]
    public void NameOf_is_null_for_unknown_ports(int port, Protocol protocol)
    {
        Assert.Null(SampleTable().NameOf((ushort)port, protocol));
    }

    [Fact]
    public void PortsNamed_finds_every_protocol_and_ignores_case()
    {
        var ports = SampleTable().PortsNamed("DOMAIN").OrderBy(p => p.Protocol).ToList();
        Assert.Equal([((ushort)53, Protocol.Tcp), ((ushort)53, Protocol.Udp)], ports);
        Assert.Empty(SampleTable().PortsNamed("gopher"));
        Assert.Empty(SampleTable().PortsNamed("sctp-http"));
    }

    [Fact]
    public void TopPorts_takes_the_most_frequent_and_returns_them_ascending()
    {
        var table = SampleTable();
        // by frequency: 80 (.484), 23 (.221), 443 (.209), 21 (.198), 22 (.182), 53 (.048)
        Assert.Equal(P(80), table.TopPorts(1, Protocol.Tcp));
        Assert.Equal(P(23, 80, 443), table.TopPorts(3, Protocol.Tcp));
        Assert.Equal(P(21, 23, 80, 443), table.TopPorts(4, Protocol.Tcp));
        Assert.Equal(P(21, 22, 23, 53, 80, 443), table.TopPorts(6, Protocol.Tcp));
    }

    [Fact]
    public void TopPorts_leaves_out_ports_without_a_frequency()
    {
        var top = SampleTable().TopPorts(100, Protocol.Tcp);
        Assert.Equal(P(21, 22, 23, 53, 80, 443), top);
    }

    [Fact]
    public void TopPorts_keeps_protocols_apart()
    {
        var table = SampleTable();
        Assert.Equal(P(53), table.TopPorts(1, Protocol.Udp));
        Assert.Equal(P(22, 53), table.TopPorts(10, Protocol.Udp));
    }

    [Fact]
    public void TopPorts_of_zero_is_empty()
    {
        Assert.Empty(SampleTable().TopPorts(0, Protocol.Tcp));
    }

    [Fact]
    public void TopPorts_breaks_frequency_ties_by_the_lower_port()
    {
        var table = ServiceTable.Parse(new StringReader("b 200/tcp 0.5\na 100/tcp 0.5\nc 300/tcp 0.5\n"), "ties");
        Assert.Equal(P(100), table.TopPorts(1, Protocol.Tcp));
        Assert.Equal(P(100, 200), table.TopPorts(2, Protocol.Tcp));
    }

    [Theory]
    [InlineData("http 80/tcp 0.5\nhttp 80\n", 2)]
    [InlineData("http\n", 1)]
    [InlineData("# c\n\nhttp abc/tcp 0.1\n", 3)]
    [InlineData("http 70000/tcp 0.1\n", 1)]
    [InlineData("http /tcp 0.1\n", 1)]
    [InlineData("http 80tcp 0.1\n", 1)]
    [InlineData("http -80/tcp 0.1\n", 1)]
    public void A_malformed_line_fails_with_source_and_line_number(string text, int line)
    {
        var ex = Assert.Throws<FormatException>(() => ServiceTable.Parse(new StringReader(text), "my-services"));
        Assert.StartsWith($"my-services:{line}:", ex.Message);
    }

    [Fact]
    public void A_malformed_frequency_fails_with_source_and_line_number()
    {
        var ex = Assert.Throws<FormatException>(() =>
            ServiceTable.Parse(new StringReader("ssh 22/tcp 0.1\nhttp 80/tcp often\n"), "svc"));
        Assert.StartsWith("svc:2:", ex.Message);
        Assert.Contains("often", ex.Message);
    }

    [Fact]
    public void An_empty_text_is_an_empty_table()
    {
        var table = ServiceTable.Parse(new StringReader("# nothing\n\n"), "empty");
        Assert.Equal(0, table.Count);
        Assert.Empty(table.TopPorts(10, Protocol.Tcp));
    }

    [Fact]
    public void Builtin_is_not_empty_and_knows_the_common_services()
    {
        var table = ServiceTable.Builtin;
        Assert.True(table.Count > 50, $"built-in table has {table.Count} entries");
        Assert.Equal("http", table.NameOf(80, Protocol.Tcp));
        Assert.Equal("ssh", table.NameOf(22, Protocol.Tcp));
        Assert.Equal("domain", table.NameOf(53, Protocol.Udp));
        Assert.Equal("snmp", table.NameOf(161, Protocol.Udp));
    }

    [Fact]
    public void Builtin_top_10_tcp_ports_contain_http_and_ssh()
    {
        var top = ServiceTable.Builtin.TopPorts(10, Protocol.Tcp);
        Assert.Equal(10, top.Length);
        Assert.Contains((ushort)80, top);
        Assert.Contains((ushort)22, top);
        Assert.Equal(top.Order(), top);
    }

    [Fact]
    public void Builtin_top_10_tcp_ports_match_nmaps()
    {
        Assert.Equal(P(21, 22, 23, 25, 80, 110, 139, 443, 445, 3389), ServiceTable.Builtin.TopPorts(10, Protocol.Tcp));
    }

    [Fact]
    public void Builtin_top_udp_ports_include_dns_and_snmp()
    {
        var top = ServiceTable.Builtin.TopPorts(10, Protocol.Udp);
        Assert.Contains((ushort)53, top);
        Assert.Contains((ushort)161, top);
        Assert.Contains((ushort)123, top);
    }

    [Fact]
    public void Builtin_top_ports_asked_for_more_than_it_has_are_all_it_has_without_duplicates()
    {
        var top = ServiceTable.Builtin.TopPorts(1000, Protocol.Tcp);
        Assert.True(top.Length is > 50 and < 1000, $"{top.Length} ports");
        Assert.Equal(top.Distinct().Order(), top);
    }

    [Fact]
    public void LoadDefault_falls_back_to_the_builtin_table_when_the_file_is_missing()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"prtip-no-such-{Guid.NewGuid():N}", "nmap-services");
        Assert.Same(ServiceTable.Builtin, ServiceTable.LoadDefault(missing));
    }

    [Fact]
    public void LoadDefault_reads_the_file_when_it_exists()
    {
        var path = Path.Combine(Path.GetTempPath(), $"prtip-services-{Guid.NewGuid():N}");
        File.WriteAllText(path, Sample);
        try
        {
            var table = ServiceTable.LoadDefault(path);
            Assert.Equal(path, table.Source);
            Assert.Equal(10, table.Count);
            Assert.Equal("http", table.NameOf(80, Protocol.Tcp));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void LoadDefault_reads_nmaps_table_when_installed()
    {
        if (!File.Exists(ServiceTable.NmapServicesPath)) return; // nmap-common not installed: nothing to check

        var table = ServiceTable.LoadDefault();
        Assert.Equal(ServiceTable.NmapServicesPath, table.Source);
        Assert.True(table.Count > 10_000, $"only {table.Count} entries");

        var top = ServiceTable.LoadDefault().TopPorts(1000, Protocol.Tcp);
        Assert.Equal(1000, top.Length);
        Assert.Equal(top.Distinct().Order(), top);
        Assert.Contains((ushort)22, top);
        Assert.Contains((ushort)80, top);
        Assert.Contains((ushort)443, top);
        Assert.Contains((ushort)3389, top);

        Assert.Equal(P(21, 22, 23, 25, 80, 110, 139, 443, 445, 3389), table.TopPorts(10, Protocol.Tcp));
        Assert.Equal("ssh", table.NameOf(22, Protocol.Tcp));
        Assert.Equal("domain", table.NameOf(53, Protocol.Udp));
    }

    [Fact]
    public void Nmaps_top_1000_tcp_ports_start_as_nmap_scans_them()
    {
        if (!File.Exists(ServiceTable.NmapServicesPath)) return;

        var top = ServiceTable.LoadDefault().TopPorts(1000, Protocol.Tcp);
        Assert.StartsWith("1,3-4,6-7,9,13,17,19-26,30,32-33,37,42-43,49,53,70,79-85,88-90,99-100,106,109-111,113,119,125,",
            PortList.Describe(top));
    }
}
