using System.Net;
using ProRT.Protocols.Targets;

namespace ProRT.Protocols.Tests.Targets;

public sealed class Ipv4Specs
{
    [Theory]
    [InlineData("0.0.0.0", 0u)]
    [InlineData("255.255.255.255", 0xFFFFFFFFu)]
    [InlineData("198.18.0.1", 0xC6120001u)]
    [InlineData("10.0.0.1", 0x0A000001u)]
    [InlineData("1.2.3.4", 0x01020304u)]
    [InlineData("192.168.100.200", 0xC0A864C8u)]
    public void TryParse_accepts_dotted_quads_as_host_order_integers(string text, uint expected)
    {
        Assert.True(Ipv4.TryParse(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1.2.3")]
    [InlineData("10.1")]
    [InlineData("1")]
    [InlineData("1.2.3.4.5")]
    [InlineData("1.2.3.4.")]
    [InlineData("256.1.1.1")]
    [InlineData("1.2.3.256")]
    [InlineData("999.1.1.1")]
    [InlineData("0001.2.3.4")]
    [InlineData("1..2.3")]
    [InlineData(".1.2.3")]
    [InlineData("1.2.3.")]
    [InlineData("+1.2.3.4")]
    [InlineData("-1.2.3.4")]
    [InlineData(" 1.2.3.4")]
    [InlineData("1.2.3.4 ")]
    [InlineData("1.2.3.4/24")]
    [InlineData("1.2.3.0x1")]
    [InlineData("a.b.c.d")]
    [InlineData("1,2,3,4")]
    [InlineData("1.2.3.*")]
    [InlineData("1.2.3.1-5")]
    [InlineData("::1")]
    [InlineData("\uFF11.2.3.4")] // full-width digit one: not an ASCII digit
    public void TryParse_rejects_anything_but_a_strict_dotted_quad(string text)
    {
        Assert.False(Ipv4.TryParse(text, out _));
    }

    [Fact]
    public void TryParse_sets_value_to_zero_when_it_fails()
    {
        Assert.False(Ipv4.TryParse("1.2.3", out var value));
        Assert.Equal(0u, value);
    }

    [Theory]
    [InlineData("01.2.3.4", 0x01020304u)]
    [InlineData("010.0.0.1", 0x0A000001u)]
    [InlineData("001.002.003.004", 0x01020304u)]
    public void TryParse_reads_leading_zeros_as_decimal_never_as_octal(string text, uint expected)
    {
        Assert.True(Ipv4.TryParse(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("255.255.255.255")]
    [InlineData("198.18.0.1")]
    [InlineData("10.20.30.40")]
    [InlineData("127.0.0.1")]
    public void Format_and_TryParse_round_trip(string text)
    {
        Assert.True(Ipv4.TryParse(text, out var value));
        Assert.Equal(text, Ipv4.Format(value));
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(1u)]
    [InlineData(0x7FFFFFFFu)]
    [InlineData(0x80000000u)]
    [InlineData(0xC6120001u)]
    [InlineData(0xFFFFFFFFu)]
    public void Integers_round_trip_through_text_and_IPAddress(uint value)
    {
        Assert.True(Ipv4.TryParse(Ipv4.Format(value), out var parsed));
        Assert.Equal(value, parsed);
        Assert.Equal(value, Ipv4.ToUInt32(Ipv4.ToAddress(value)));
    }

    [Fact]
    public void ToAddress_and_ToUInt32_agree_with_IPAddress()
    {
        Assert.Equal(IPAddress.Parse("192.168.1.1"), Ipv4.ToAddress(0xC0A80101));
        Assert.Equal(0xC0A80101u, Ipv4.ToUInt32(IPAddress.Parse("192.168.1.1")));
        Assert.Equal("192.168.1.1", Ipv4.Format(0xC0A80101));
    }

    [Fact]
    public void ToUInt32_refuses_IPv6()
    {
        Assert.Throws<ArgumentException>(() => Ipv4.ToUInt32(IPAddress.IPv6Loopback));
    }
}
