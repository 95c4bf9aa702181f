using System.Diagnostics;

namespace ProRT.Protocols.Services;

/// <summary>
/// One port's pattern matching, all its probes together. It bounds the time spent (what nmap's PCRE match limits do
/// for it): a service built to make patterns backtrack, or one that streams without end, costs at most
/// <see cref="DefaultLimit"/> of CPU, after which no further pattern is tried and the port stays unrecognised. And it
/// remembers what each probe's own patterns said of an answer: a service that sends the same banner to every probe
/// is matched against the NULL probe's 4,000 patterns once, not once per probe. Safe to use from several threads.
/// </summary>
/// <param name="limit">The time all matching for the port may take.</param>
public sealed class MatchSession(TimeSpan limit)
{
    /// <summary>What one port's matching may spend by default: far above what a real service costs (milliseconds).</summary>
    public static readonly TimeSpan DefaultLimit = TimeSpan.FromSeconds(2);

    /// <summary>Answers remembered per port at most; beyond it the oldest are forgotten.</summary>
    private const int MaxRemembered = 64;

    private long _spentTicks;
    private readonly Dictionary<(ServiceProbe Probe, string Text), ProbeVerdict> _verdicts = new();
    private readonly Queue<(ServiceProbe, string)> _order = new();
    private readonly Lock _lock = new();

    /// <summary>True once the time is spent.</summary>
    public bool Exhausted => Interlocked.Read(ref _spentTicks) >= limit.Ticks;

    /// <summary>Time spent so far.</summary>
    public TimeSpan Spent => TimeSpan.FromTicks(Interlocked.Read(ref _spentTicks));

    /// <summary>Charges the time since <paramref name="startTimestamp"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    /// <param name="startTimestamp">When the charged work began.</param>
    public void Charge(long startTimestamp) =>
        Interlocked.Add(ref _spentTicks, Stopwatch.GetElapsedTime(startTimestamp).Ticks);

    internal bool TryRecall(ServiceProbe probe, string text, out ProbeVerdict verdict)
    {
        lock (_lock) return _verdicts.TryGetValue((probe, text), out verdict);
    }

    internal void Remember(ServiceProbe probe, string text, ProbeVerdict verdict)
    {
        lock (_lock)
        {
            if (!_verdicts.TryAdd((probe, text), verdict)) return;
            _order.Enqueue((probe, text));
            if (_order.Count > MaxRemembered) _verdicts.Remove(_order.Dequeue());
        }
    }
}

/// <summary>What one probe's own patterns (not its fallbacks) say of an answer: its first hard and first soft match.</summary>
internal readonly record struct ProbeVerdict(
    Results.ServiceInfo? Hard, ServiceMatch? HardRule, Results.ServiceInfo? Soft, ServiceMatch? SoftRule);
