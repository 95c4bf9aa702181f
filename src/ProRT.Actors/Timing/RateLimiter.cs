using Akka.Actor;
using ProRT.Protocols.Timing;

namespace ProRT.Actors.Timing;

/// <summary>
/// One token bucket for the whole scan: --max-rate probes per second and the template's scan delay
/// (at most one probe per delay). Requests wait in arrival order and are granted in batches.
/// </summary>
public sealed class RateLimiter : ReceiveActor, IWithTimers
{
    /// <summary>Messages the rate limiter answers.</summary>
    public static class Protocol
    {
        /// <summary>Ask for up to <paramref name="Count"/> permits; answered with <see cref="Granted"/> when at least one is available.</summary>
        /// <param name="Count">Permits wanted (at least 1 is assumed).</param>
        public sealed record Acquire(int Count);

        /// <summary>Answers <see cref="Acquire"/>.</summary>
        /// <param name="Count">Permits granted, 1 to the count asked for.</param>
        public sealed record Granted(int Count);

        internal sealed record Refill
        {
            public static readonly Refill Instance = new();
        }
    }

    private readonly double _rate;
    private readonly double _burst;
    private readonly Queue<(IActorRef Requester, int Count)> _waiting = new();
    private double _tokens;
    private long _lastTicks;

    /// <summary>Set by Akka: schedules the refill that serves waiting requests.</summary>
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>A limiter granting <paramref name="probesPerSecond"/> permits per second, with bursts of at most 10 ms' worth.</summary>
    public RateLimiter(double probesPerSecond)
    {
        _rate = probesPerSecond;
        // A bucket of 10 ms worth of tokens keeps bursts short while letting batches through.
        _burst = Math.Max(1, probesPerSecond / 100);
        _tokens = 1;
        _lastTicks = Environment.TickCount64;

        Receive<Protocol.Acquire>(a =>
        {
            _waiting.Enqueue((Sender, Math.Max(1, a.Count)));
            Serve();
        });
        Receive<Protocol.Refill>(_ => Serve());
    }

    /// <summary>The rate a scan is limited to, or null when it is not limited at all.</summary>
    public static double? EffectiveRate(double? maxRate, TimingTemplate timing)
    {
        double? delayRate = timing.ScanDelay > TimeSpan.Zero ? 1 / timing.ScanDelay.TotalSeconds : null;
        return (maxRate, delayRate) switch
        {
            (null, null) => null,
            ({ } m, null) => m,
            (null, { } d) => d,
            ({ } m, { } d) => Math.Min(m, d),
        };
    }

    /// <summary>Props for a <see cref="RateLimiter"/>; see <see cref="EffectiveRate"/> for the rate a scan needs.</summary>
    public static Props Props(double probesPerSecond) => Akka.Actor.Props.Create(() => new RateLimiter(probesPerSecond));

    private void Serve()
    {
        long now = Environment.TickCount64;
        _tokens = Math.Min(_burst, _tokens + (now - _lastTicks) / 1000.0 * _rate);
        _lastTicks = now;
        while (_waiting.Count > 0 && _tokens >= 1)
        {
            var (requester, count) = _waiting.Dequeue();
            int grant = (int)Math.Min(count, Math.Floor(_tokens));
            _tokens -= grant;
            requester.Tell(new Protocol.Granted(grant));
        }
        if (_waiting.Count > 0 && !Timers.IsTimerActive("refill"))
        {
            var wait = TimeSpan.FromSeconds(Math.Max(0.001, (1 - _tokens) / _rate));
            Timers.StartSingleTimer("refill", Protocol.Refill.Instance, wait);
        }
    }
}

/// <summary>Asks the scan's <see cref="RateLimiter"/> for permits.</summary>
/// <param name="limiter">The scan's <see cref="RateLimiter"/> actor.</param>
public sealed class RateLimiterPermits(IActorRef limiter) : IProbePermits
{
    /// <summary>Asks the limiter for up to <paramref name="wanted"/> permits and waits for its grant.</summary>
    public async ValueTask<int> AcquireAsync(int wanted, CancellationToken cancellationToken)
    {
        var granted = await limiter.Ask<RateLimiter.Protocol.Granted>(
            new RateLimiter.Protocol.Acquire(wanted), Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
        return granted.Count;
    }
}
