using System.Diagnostics;

namespace ProRT.Protocols.Timing;

/// <summary>The monotonic clock every probe engine times with, in TimeSpan ticks (100 ns).</summary>
public static class MonotonicClock
{
    private static readonly double TicksPerTimestamp = (double)TimeSpan.TicksPerSecond / Stopwatch.Frequency;

    /// <summary>Now, in TimeSpan ticks from an arbitrary origin; only differences are meaningful.</summary>
    public static long NowTicks() => (long)(Stopwatch.GetTimestamp() * TicksPerTimestamp);
}
