using ProRT.Protocols.Scanning;
using ProRT.Protocols.Timing;

namespace ProRT.Actors.Techniques;

/// <summary>The timing knobs a technique needs, resolved from the scan's configuration.</summary>
/// <param name="Timing">The -T template: RTT timeouts and retries.</param>
/// <param name="MaxRetries">Retransmissions per probe (--max-retries or the template's).</param>
/// <param name="HostTimeout">--host-timeout: give up on a host after this long; null for no limit.</param>
/// <param name="HoldRate">--min-rate was given: the congestion window starts full and never shrinks.</param>
/// <param name="MaxParallelism">Probes in flight per host at most.</param>
/// <param name="RetriesCapped">--max-retries was given: nothing may retry more, not even a UDP scan pacing itself.</param>
public sealed record ProbeSettings(TimingTemplate Timing, int MaxRetries, TimeSpan? HostTimeout, bool HoldRate, int MaxParallelism,
    bool RetriesCapped = false)
{
    /// <summary>The settings a scan's configuration resolves to.</summary>
    public static ProbeSettings From(ScanConfig config) =>
        new(config.Timing, config.EffectiveRetries, config.HostTimeout, config.MinRate is not null, config.EffectiveParallelism,
            config.MaxRetries is not null);
}
