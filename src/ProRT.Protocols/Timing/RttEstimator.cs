namespace ProRT.Protocols.Timing;

/// <summary>
/// Round-trip estimation as TCP (RFC 6298) and nmap do it: smoothed RTT and its variance,
/// probe timeout = srtt + 4 * rttvar, clamped to the template's minimum and maximum.
/// Until the first sample the template's initial timeout applies. Times are in ticks (100 ns).
/// </summary>
public struct RttEstimator
{
    private readonly long _min, _max, _initial;
    private long _srtt, _rttvar;
    private bool _hasSample;

    /// <summary>An estimator whose timeout starts at <paramref name="initial"/> and stays within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public RttEstimator(TimeSpan initial, TimeSpan min, TimeSpan max)
    {
        _initial = initial.Ticks;
        _min = min.Ticks;
        _max = Math.Max(max.Ticks, min.Ticks);
        _srtt = _rttvar = 0;
        _hasSample = false;
    }

    /// <summary>An estimator with the RTT timeouts of timing template <paramref name="t"/>.</summary>
    public static RttEstimator For(TimingTemplate t) => new(t.InitialRttTimeout, t.MinRttTimeout, t.MaxRttTimeout);

    /// <summary>Smoothed round-trip time; zero before the first sample.</summary>
    public readonly TimeSpan SmoothedRtt => TimeSpan.FromTicks(_srtt);
    /// <summary>Smoothed mean deviation of the round-trip time; zero before the first sample.</summary>
    public readonly TimeSpan RttVariance => TimeSpan.FromTicks(_rttvar);

    /// <summary>How long to wait for a reply before a probe counts as lost.</summary>
    public readonly TimeSpan Timeout => TimeSpan.FromTicks(TimeoutTicks);

    /// <see cref="Timeout"/> in ticks.
    public readonly long TimeoutTicks =>
        _hasSample ? Math.Clamp(_srtt + 4 * _rttvar, _min, _max) : Math.Clamp(_initial, _min, _max);

    /// <summary>Adds a round-trip sample; negative samples are ignored.</summary>
    public void Observe(TimeSpan rtt) => ObserveTicks(rtt.Ticks);

    /// <summary>Adds a round-trip sample in ticks; negative samples are ignored.</summary>
    public void ObserveTicks(long rtt)
    {
        if (rtt < 0) return;
        if (!_hasSample)
        {
            _srtt = rtt;
            // nmap's floor of 5 ms for the first variance keeps a single fast reply from collapsing the timeout.
            _rttvar = Math.Max(rtt, TimeSpan.TicksPerMillisecond * 5);
            _hasSample = true;
            return;
        }
        long delta = rtt - _srtt;
        _srtt += delta / 8;
        _rttvar += (Math.Abs(delta) - _rttvar) / 4;
    }
}
