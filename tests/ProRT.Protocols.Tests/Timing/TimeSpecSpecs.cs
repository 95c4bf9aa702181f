using ProRT.Protocols.Timing;

namespace ProRT.Protocols.Tests.Timing;

public sealed class TimeSpecSpecs
{
    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("30s", 30_000)]
    [InlineData("5m", 300_000)]
    [InlineData("2h", 7_200_000)]
    [InlineData("1.5", 1_500)]
    [InlineData("0", 0)]
    [InlineData("0ms", 0)]
    [InlineData("10", 10_000)]
    [InlineData("0.5s", 500)]
    [InlineData("1.5m", 90_000)]
    [InlineData("250MS", 250)]
    [InlineData("2H", 7_200_000)]
    [InlineData(" 10s ", 10_000)]
    public void TryParse_reads_nmap_time_values(string text, double milliseconds)
    {
        Assert.True(TimeSpec.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), value);
    }

    [Theory]
    [InlineData("x")]
    [InlineData("-1")]
    [InlineData("-5s")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("ms")]
    [InlineData("s")]
    [InlineData("m")]
    [InlineData("1x")]
    [InlineData("1d")]
    [InlineData("1.2.3")]
    [InlineData("1e3")]
    [InlineData("1,5")]
    [InlineData("5 s")]
    [InlineData("99999999999999999999h")]
    [InlineData("Infinity")]
    public void TryParse_rejects_anything_else(string text)
    {
        Assert.False(TimeSpec.TryParse(text, out var value));
        Assert.Equal(TimeSpan.Zero, value);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("nan")]
    [InlineData("nanms")]
    public void TryParse_rejects_not_a_number_without_throwing(string text)
    {
        Assert.False(TimeSpec.TryParse(text, out _));
    }

    [Theory]
    [InlineData("922337203685")]
    [InlineData("922337203685.4775807")]
    [InlineData("256204778.8015")]
    [InlineData("256204778.80154h")]
    public void TryParse_never_throws_at_the_edge_of_TimeSpan(string text)
    {
        var ex = Record.Exception(() => TimeSpec.TryParse(text, out _));
        Assert.Null(ex);
    }

    [Theory]
    [InlineData("7d", 7 * 86_400_000.0)]
    [InlineData("1.5D", 36 * 3_600_000.0)]
    [InlineData("12h", 12 * 3_600_000.0)]
    [InlineData("30m", 1_800_000)]
    [InlineData("45s", 45_000)]
    [InlineData("0s", 0)]
    [InlineData(" 2d ", 2 * 86_400_000.0)]
    public void TryParseAge_reads_time_values_and_days(string text, double milliseconds)
    {
        Assert.True(TimeSpec.TryParseAge(text, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), value);
    }

    [Theory]
    [InlineData("7")] // seconds to nmap, days to a reader: refused
    [InlineData("0")]
    [InlineData("")]
    [InlineData("d")]
    [InlineData("dd")]
    [InlineData("1dd")]
    [InlineData("-1d")]
    [InlineData("1w")]
    [InlineData("nand")]
    [InlineData("1e3d")]
    [InlineData("7 d")]
    [InlineData("99999999999999d")]
    [InlineData("10675200d")]
    public void TryParseAge_rejects_anything_else(string text)
    {
        Assert.False(TimeSpec.TryParseAge(text, out var value));
        Assert.Equal(TimeSpan.Zero, value);
    }
}
