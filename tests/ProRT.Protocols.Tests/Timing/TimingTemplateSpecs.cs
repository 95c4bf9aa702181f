using ProRT.Protocols.Timing;

namespace ProRT.Protocols.Tests.Timing;

public sealed class TimingTemplateSpecs
{
    // The specification's table: level, initial RTT timeout, max RTT timeout, max retries, scan delay (all in ms).
    [Theory]
    [InlineData(0, "paranoid", 300_000, 300_000, 5, 300_000)]
    [InlineData(1, "sneaky", 15_000, 15_000, 5, 15_000)]
    [InlineData(2, "polite", 1_000, 10_000, 5, 400)]
    [InlineData(3, "normal", 1_000, 10_000, 2, 0)]
    [InlineData(4, "aggressive", 500, 1_250, 6, 0)]
    [InlineData(5, "insane", 250, 300, 2, 0)]
    public void Templates_follow_the_specification_table(int level, string name, int initialMs, int maxMs, int retries, int delayMs)
    {
        var t = TimingTemplate.FromLevel(level);
        Assert.Equal(level, t.Level);
        Assert.Equal(name, t.Name);
        Assert.Equal(TimeSpan.FromMilliseconds(initialMs), t.InitialRttTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(maxMs), t.MaxRttTimeout);
        Assert.Equal(retries, t.MaxRetries);
        Assert.Equal(TimeSpan.FromMilliseconds(delayMs), t.ScanDelay);
    }

    [Fact]
    public void The_named_templates_are_the_levels()
    {
        Assert.Same(TimingTemplate.Paranoid, TimingTemplate.FromLevel(0));
        Assert.Same(TimingTemplate.Sneaky, TimingTemplate.FromLevel(1));
        Assert.Same(TimingTemplate.Polite, TimingTemplate.FromLevel(2));
        Assert.Same(TimingTemplate.Normal, TimingTemplate.FromLevel(3));
        Assert.Same(TimingTemplate.Aggressive, TimingTemplate.FromLevel(4));
        Assert.Same(TimingTemplate.Insane, TimingTemplate.FromLevel(5));
        Assert.Equal([0, 1, 2, 3, 4, 5], TimingTemplate.All.Select(t => t.Level));
    }

    [Fact]
    public void Every_template_has_min_at_most_initial_at_most_max_and_some_parallelism()
    {
        Assert.All(TimingTemplate.All, t =>
        {
            Assert.True(t.MinRttTimeout > TimeSpan.Zero, t.Name);
            Assert.True(t.MinRttTimeout <= t.InitialRttTimeout, t.Name);
            Assert.True(t.InitialRttTimeout <= t.MaxRttTimeout, t.Name);
            Assert.True(t.MaxParallelism >= 1, t.Name);
        });
    }

    [Fact]
    public void Faster_templates_never_wait_longer()
    {
        for (int i = 1; i < TimingTemplate.All.Count; i++)
        {
            var slower = TimingTemplate.All[i - 1];
            var faster = TimingTemplate.All[i];
            Assert.True(faster.InitialRttTimeout <= slower.InitialRttTimeout, faster.Name);
            Assert.True(faster.ScanDelay <= slower.ScanDelay, faster.Name);
            Assert.True(faster.MaxParallelism >= slower.MaxParallelism, faster.Name);
        }
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(6)]
    [InlineData(int.MaxValue)]
    public void FromLevel_rejects_levels_outside_0_to_5(int level)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TimingTemplate.FromLevel(level));
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("3", 3)]
    [InlineData("4", 4)]
    [InlineData("5", 5)]
    [InlineData("T0", 0)]
    [InlineData("T4", 4)]
    [InlineData("t5", 5)]
    [InlineData(" T2 ", 2)]
    [InlineData("paranoid", 0)]
    [InlineData("sneaky", 1)]
    [InlineData("polite", 2)]
    [InlineData("normal", 3)]
    [InlineData("aggressive", 4)]
    [InlineData("Aggressive", 4)]
    [InlineData("INSANE", 5)]
    public void TryParse_accepts_levels_T_levels_and_names(string text, int level)
    {
        Assert.True(TimingTemplate.TryParse(text, out var template));
        Assert.Same(TimingTemplate.FromLevel(level), template);
    }

    [Theory]
    [InlineData("6")]
    [InlineData("-1")]
    [InlineData("T6")]
    [InlineData("T-1")]
    [InlineData("x")]
    [InlineData("T")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("fast")]
    [InlineData("3.0")]
    public void TryParse_rejects_anything_else(string text)
    {
        Assert.False(TimingTemplate.TryParse(text, out _));
    }
}
