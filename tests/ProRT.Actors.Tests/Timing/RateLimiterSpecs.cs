using System.Diagnostics;
using Akka.TestKit.Xunit2;
using ProRT.Actors.Timing;
using ProRT.Protocols.Timing;

namespace ProRT.Actors.Tests.Timing;

public sealed class RateLimiterSpecs : TestKit
{
    [Fact]
    public void Effective_rate_combines_max_rate_and_scan_delay()
    {
        Assert.Null(RateLimiter.EffectiveRate(null, TimingTemplate.Normal));
        Assert.Equal(100, RateLimiter.EffectiveRate(100, TimingTemplate.Aggressive));
        Assert.Equal(2.5, RateLimiter.EffectiveRate(null, TimingTemplate.Polite)!.Value, 3);
        Assert.Equal(2.5, RateLimiter.EffectiveRate(1000, TimingTemplate.Polite)!.Value, 3);
        Assert.Equal(1, RateLimiter.EffectiveRate(1, TimingTemplate.Polite));
    }

    [Fact]
    public async Task Grants_no_more_than_the_rate_allows()
    {
        var permits = new RateLimiterPermits(Sys.ActorOf(RateLimiter.Props(200)));
        var clock = Stopwatch.StartNew();
        int granted = 0;
        while (granted < 100) granted += await permits.AcquireAsync(50, CancellationToken.None);
        // 100 permits at 200/s take about half a second; never much less.
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(400), $"100 permits came in {clock.Elapsed}");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"100 permits took {clock.Elapsed}");
    }

    [Fact]
    public async Task Grants_in_batches_not_one_by_one()
    {
        var permits = new RateLimiterPermits(Sys.ActorOf(RateLimiter.Props(100_000)));
        await Task.Delay(50);
        Assert.True(await permits.AcquireAsync(500, CancellationToken.None) > 1);
    }
}
