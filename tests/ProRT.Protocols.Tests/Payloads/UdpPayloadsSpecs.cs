using ProRT.Protocols.Payloads;

namespace ProRT.Protocols.Tests.Payloads;

public sealed class UdpPayloadsSpecs
{
    [Fact]
    public void Parses_nmap_payloads_syntax()
    {
        const string text = """
            # a comment
            udp 7 "\x0D\x0A\x0D\x0A"
            udp 53,69
              "\x00\x00" # continued on the next line
              "ab\\\"c\r\n\0"
              source 53
            udp 1000-1002 "" 
            """;
        var payloads = UdpPayloads.Parse(new StringReader(text), "test");
        Assert.Equal([0x0D, 0x0A, 0x0D, 0x0A], payloads.For(7).ToArray());
        Assert.Equal([0, 0, (byte)'a', (byte)'b', (byte)'\\', (byte)'"', (byte)'c', 13, 10, 0], payloads.For(53).ToArray());
        Assert.Equal(payloads.For(53).ToArray(), payloads.For(69).ToArray());
        Assert.Equal(0, payloads.For(1001).Length);
        Assert.Equal(0, payloads.For(9999).Length);
    }

    [Theory]
    [InlineData("tcp 7 \"x\"", "test:1: expected 'udp'")]
    [InlineData("udp 7", "test:1: the entry has no payload string")]
    [InlineData("udp 7 \"\\x4\"", "test:1: bad \\x escape")]
    [InlineData("\n\nudp 7 \"open", "test:3: unterminated string")]
    [InlineData("udp 7 \"x\" source", "'source' needs a port number")]
    public void Malformed_entries_are_reported_with_their_line(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => UdpPayloads.Parse(new StringReader(text), "test"));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void The_built_in_set_covers_the_specifications_five_ports()
    {
        foreach (ushort port in new ushort[] { 53, 111, 123, 137, 161 })
            Assert.True(UdpPayloads.Builtin.For(port).Length > 0, $"no payload for {port}");
        // SNMP: a SEQUENCE whose length is the rest of the message, with community "public".
        var snmp = UdpPayloads.Builtin.For(161).ToArray();
        Assert.Equal(snmp.Length - 2, snmp[1]);
        Assert.Contains("public", System.Text.Encoding.ASCII.GetString(snmp));
        Assert.Equal(48, UdpPayloads.Builtin.For(123).Length);
    }

    [Fact]
    public void Reads_nmaps_own_file_when_installed()
    {
        if (!File.Exists(UdpPayloads.NmapPayloadsPath)) return; // covered by the parser tests above
        var payloads = UdpPayloads.LoadDefault();
        Assert.True(payloads.Count > 100, $"only {payloads.Count} ports");
        Assert.True(payloads.For(53).Length > 0);
        Assert.True(payloads.For(161).Length > 0);
    }
}
