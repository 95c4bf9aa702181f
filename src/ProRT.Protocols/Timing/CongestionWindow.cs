namespace ProRT.Protocols.Timing;

/// <summary>
/// How many probes to a host may be outstanding: slow start then additive increase on every reply,
/// halved on loss (at most once per timeout period, so one burst of drops counts once), as nmap's scan engine does.
/// </summary>
public sealed class CongestionWindow
{
    private readonly double _min, _max;
    private double _ssthresh;
    private long _lastShrinkTicks;
    private bool _shrunk;

    /// <summary>A window starting at <paramref name="initial"/> probes, kept within [<paramref name="min"/>, <paramref name="max"/>] (at least 1).</summary>
    public CongestionWindow(int initial, int min, int max)
    {
        _min = Math.Max(1, min);
        _max = Math.Max(_min, max);
        Value = Math.Clamp(initial, _min, _max);
        _ssthresh = _max;
    }

    /// <summary>Current window, fractional during additive increase.</summary>
    public double Value { get; private set; }

    /// <summary>Probes that may be outstanding now: the window rounded down.</summary>
    public int Allowed => (int)Value;

    /// <summary>A probe was answered: grow by one below the slow-start threshold, else by 1/window.</summary>
    public void OnReply()
    {
        Value = Math.Min(_max, Value < _ssthresh ? Value + 1 : Value + 1 / Value);
    }

    /// <summary>A probe went unanswered. <paramref name="timeoutTicks"/> is the current probe timeout.</summary>
    public void OnLoss(long nowTicks, long timeoutTicks)
    {
        if (_shrunk && nowTicks - _lastShrinkTicks < timeoutTicks) return;
        _shrunk = true;
        _lastShrinkTicks = nowTicks;
        _ssthresh = Math.Max(_min, Value / 2);
        Value = _ssthresh;
    }
}
