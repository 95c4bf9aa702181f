using ProRT.Protocols.Scanning;
using ProRT.Protocols.Timing;

namespace ProRT.Actors.Techniques;

/// <summary>The timing knobs a technique needs, resolved from the scan's configuration.</summary>
public sealed record ProbeSettings(TimingTemplate Timing, int MaxRetries, TimeSpan? HostTimeout, bool HoldRate, int MaxParallelism)
{
    public static ProbeSettings From(ScanConfig config) =>
        new(config.Timing, config.EffectiveRetries, config.HostTimeout, config.MinRate is not null, config.EffectiveParallelism);
}
