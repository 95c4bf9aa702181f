using ProRT.Protocols.Timing;

namespace ProRT.Protocols.Tests.Timing;

public sealed class RttEstimatorSpecs
{
    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    /// <summary>An estimator whose clamps stay out of the way.</summary>
    private static RttEstimator Unclamped() => new(Ms(1000), TimeSpan.Zero, TimeSpan.FromHours(1));

    [Fact]
    public void Before_any_sample_the_initial_timeout_applies()
    {
        var rtt = RttEstimator.For(TimingTemplate.Normal);
        Assert.Equal(TimeSpan.FromSeconds(1), rtt.Timeout);
        Assert.Equal(TimeSpan.Zero, rtt.SmoothedRtt);
        Assert.Equal(TimeSpan.Zero, rtt.RttVariance);
    }

    [Fact]
    public void Every_template_starts_at_its_initial_timeout()
    {
        Assert.All(TimingTemplate.All, t => Assert.Equal(t.InitialRttTimeout, RttEstimator.For(t).Timeout));
    }

    [Theory]
    [InlineData(5000, 100, 1000, 1000)]
    [InlineData(10, 100, 1000, 100)]
    [InlineData(500, 100, 1000, 500)]
    public void The_initial_timeout_is_clamped_too(int initialMs, int minMs, int maxMs, int expectedMs)
    {
        Assert.Equal(Ms(expectedMs), new RttEstimator(Ms(initialMs), Ms(minMs), Ms(maxMs)).Timeout);
    }

    [Fact]
    public void A_maximum_below_the_minimum_is_raised_to_the_minimum()
    {
        var rtt = new RttEstimator(Ms(1000), Ms(200), Ms(100));
        Assert.Equal(Ms(200), rtt.Timeout);
        rtt.Observe(Ms(900));
        Assert.Equal(Ms(200), rtt.Timeout);
    }

    [Fact]
    public void The_first_sample_sets_the_smoothed_rtt_and_the_variance()
    {
        var rtt = Unclamped();
        rtt.Observe(Ms(20));
        Assert.Equal(Ms(20), rtt.SmoothedRtt);
        Assert.Equal(Ms(20), rtt.RttVariance);
        Assert.Equal(Ms(20 + 4 * 20), rtt.Timeout);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4.9)]
    public void The_first_variance_is_at_least_5_ms(double sampleMs)
    {
        var rtt = Unclamped();
        rtt.Observe(Ms(sampleMs));
        Assert.Equal(Ms(sampleMs), rtt.SmoothedRtt);
        Assert.Equal(Ms(5), rtt.RttVariance);
        Assert.Equal(Ms(sampleMs) + Ms(20), rtt.Timeout);
    }

    [Fact]
    public void Later_samples_follow_rfc_6298()
    {
        var rtt = Unclamped();
        rtt.Observe(Ms(20));
        rtt.Observe(Ms(40));
        // delta 20 ms: srtt += 20/8, rttvar += (20 - 20)/4
        Assert.Equal(Ms(22.5), rtt.SmoothedRtt);
        Assert.Equal(Ms(20), rtt.RttVariance);

        rtt.Observe(Ms(22.5));
        // delta 0: srtt unchanged, rttvar falls by a quarter
        Assert.Equal(Ms(22.5), rtt.SmoothedRtt);
        Assert.Equal(Ms(15), rtt.RttVariance);
        Assert.Equal(Ms(22.5 + 60), rtt.Timeout);
    }

    [Fact]
    public void Steady_samples_converge_to_the_true_rtt()
    {
        var rtt = Unclamped();
        for (int i = 0; i < 200; i++) rtt.Observe(Ms(50));
        Assert.Equal(Ms(50), rtt.SmoothedRtt);
        Assert.True(rtt.RttVariance < Ms(0.01), $"variance {rtt.RttVariance}");
        Assert.InRange(rtt.Timeout, Ms(50), Ms(50.1));
    }

    [Fact]
    public void The_estimate_follows_a_change_of_rtt()
    {
        var rtt = Unclamped();
        rtt.Observe(Ms(200));
        for (int i = 0; i < 300; i++) rtt.Observe(Ms(10));
        Assert.InRange(rtt.SmoothedRtt, Ms(10), Ms(10.01));
        Assert.InRange(rtt.Timeout, Ms(10), Ms(10.1));
    }

    [Fact]
    public void The_timeout_never_exceeds_the_maximum()
    {
        var rtt = RttEstimator.For(TimingTemplate.Aggressive);
        rtt.Observe(TimeSpan.FromSeconds(5));
        Assert.Equal(Ms(1250), rtt.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(5), rtt.SmoothedRtt);
    }

    [Fact]
    public void The_timeout_never_falls_below_the_minimum()
    {
        var rtt = RttEstimator.For(TimingTemplate.Normal);
        for (int i = 0; i < 100; i++) rtt.Observe(Ms(1));
        Assert.Equal(TimingTemplate.Normal.MinRttTimeout, rtt.Timeout);
    }

    [Fact]
    public void Negative_samples_are_ignored()
    {
        var rtt = RttEstimator.For(TimingTemplate.Normal);
        rtt.ObserveTicks(-1);
        rtt.Observe(Ms(-5));
        Assert.Equal(TimeSpan.FromSeconds(1), rtt.Timeout);
        Assert.Equal(TimeSpan.Zero, rtt.SmoothedRtt);

        rtt.Observe(Ms(30));
        rtt.ObserveTicks(-1);
        Assert.Equal(Ms(30), rtt.SmoothedRtt);
    }

    [Fact]
    public void Observe_and_ObserveTicks_agree()
    {
        RttEstimator a = Unclamped(), b = Unclamped();
        foreach (var ms in new[] { 12.0, 30.5, 7.25, 18 })
        {
            a.Observe(Ms(ms));
            b.ObserveTicks(Ms(ms).Ticks);
        }
        Assert.Equal(a.SmoothedRtt, b.SmoothedRtt);
        Assert.Equal(a.RttVariance, b.RttVariance);
        Assert.Equal(a.TimeoutTicks, b.TimeoutTicks);
        Assert.Equal(a.Timeout.Ticks, a.TimeoutTicks);
    }
}
