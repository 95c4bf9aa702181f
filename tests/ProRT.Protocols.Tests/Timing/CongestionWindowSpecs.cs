using ProRT.Protocols.Timing;

namespace ProRT.Protocols.Tests.Timing;

public sealed class CongestionWindowSpecs
{
    private const long Timeout = 10_000_000; // 1 s in ticks

    [Theory]
    [InlineData(10, 1, 100, 10)]
    [InlineData(500, 1, 100, 100)]
    [InlineData(0, 1, 100, 1)]
    [InlineData(-5, 1, 100, 1)]
    [InlineData(3, 5, 100, 5)]
    public void The_initial_window_is_clamped_to_its_bounds(int initial, int min, int max, double expected)
    {
        Assert.Equal(expected, new CongestionWindow(initial, min, max).Value);
    }

    [Fact]
    public void The_minimum_is_at_least_one_probe()
    {
        var w = new CongestionWindow(0, 0, 10);
        Assert.Equal(1, w.Value);
        Assert.Equal(1, w.Allowed);
    }

    [Fact]
    public void A_maximum_below_the_minimum_is_raised_to_the_minimum()
    {
        var w = new CongestionWindow(1, 8, 2);
        Assert.Equal(8, w.Value);
        w.OnReply();
        Assert.Equal(8, w.Value);
    }

    [Fact]
    public void Slow_start_grows_by_one_per_reply()
    {
        var w = new CongestionWindow(1, 1, 100);
        for (int i = 1; i <= 10; i++)
        {
            w.OnReply();
            Assert.Equal(1 + i, w.Value);
            Assert.Equal(1 + i, w.Allowed);
        }
    }

    [Fact]
    public void The_window_never_grows_beyond_the_maximum()
    {
        var w = new CongestionWindow(1, 1, 50);
        for (int i = 0; i < 1000; i++) w.OnReply();
        Assert.Equal(50, w.Value);
        Assert.Equal(50, w.Allowed);
    }

    // The time origin is a parameter: a negative origin shows the halving rule itself works,
    // a positive origin (what Stopwatch-based callers pass) shows the overflow.
    [Theory]
    [InlineData(-1_000_000_000_000L)]
    [InlineData(0L)]
    [InlineData(1_000_000_000_000L)]
    public void A_loss_halves_the_window(long now)
    {
        var w = new CongestionWindow(64, 1, 1000);
        w.OnLoss(now, Timeout);
        Assert.Equal(32, w.Value);
    }

    [Theory]
    [InlineData(-1_000_000_000_000L)]
    [InlineData(1_000_000_000_000L)]
    public void Losses_within_one_timeout_period_shrink_the_window_once(long now)
    {
        var w = new CongestionWindow(64, 1, 1000);
        w.OnLoss(now, Timeout);
        w.OnLoss(now, Timeout);
        w.OnLoss(now + Timeout / 2, Timeout);
        w.OnLoss(now + Timeout - 1, Timeout);
        Assert.Equal(32, w.Value);

        w.OnLoss(now + Timeout, Timeout);
        Assert.Equal(16, w.Value);
    }

    [Theory]
    [InlineData(-1_000_000_000_000L)]
    [InlineData(1_000_000_000_000L)]
    public void After_a_loss_growth_is_additive(long now)
    {
        var w = new CongestionWindow(64, 1, 1000);
        w.OnLoss(now, Timeout);
        Assert.Equal(32, w.Value);

        w.OnReply();
        Assert.Equal(32 + 1.0 / 32, w.Value, 9);
        Assert.Equal(32, w.Allowed);

        for (int i = 0; i < 32; i++) w.OnReply();
        Assert.InRange(w.Value, 32.9, 33.1);
    }

    [Theory]
    [InlineData(-1_000_000_000_000L)]
    [InlineData(1_000_000_000_000L)]
    public void Losses_never_shrink_the_window_below_the_minimum(long now)
    {
        var w = new CongestionWindow(5, 4, 100);
        w.OnLoss(now, Timeout);
        Assert.Equal(4, w.Value);
        for (int i = 1; i <= 10; i++) w.OnLoss(now + i * Timeout, Timeout);
        Assert.Equal(4, w.Value);
        Assert.Equal(4, w.Allowed);
    }

    [Theory]
    [InlineData(-1_000_000_000_000L)]
    [InlineData(1_000_000_000_000L)]
    public void A_window_of_one_stays_one_on_loss(long now)
    {
        var w = new CongestionWindow(1, 1, 100);
        w.OnLoss(now, Timeout);
        Assert.Equal(1, w.Value);
        w.OnReply();
        Assert.True(w.Value > 1);
    }

    [Fact]
    public void The_window_shrinks_under_a_stopwatch_clock()
    {
        var w = new CongestionWindow(64, 1, 1000);
        long now = System.Diagnostics.Stopwatch.GetTimestamp();
        for (int i = 0; i < 5; i++) w.OnLoss(now + i * Timeout, Timeout);
        Assert.Equal(2, w.Value);
    }
}
