using System.Net;
using ProRT.Protocols.Ports;
using ProRT.Protocols.Results;
using ProRT.Protocols.Timing;

namespace ProRT.Protocols.Probing;

/// <summary>
/// The retransmission and timing logic every technique shares, for the ports of one host: which port to probe next,
/// how many probes may be outstanding (a congestion window), when an unanswered probe has timed out (an RTT
/// estimate read at check time), and retries until the template's limit, after which the technique's
/// no-response state applies. Pure and single-threaded: the technique calls it from its own loop or actor.
/// Times are in ticks (100 ns) on any monotonic clock.
/// </summary>
public sealed class PortProbeTracker
{
    private readonly ushort[] _ports;
    private readonly PortTable _results;
    private readonly byte[] _tries;
    private readonly long[] _sentAt;
    private readonly long[] _previousSentAt;
    private readonly bool[] _inFlight;
    private readonly Queue<int> _pending;
    // Timed-out ports at the host's allowed tries, waiting for that allowance to grow (nmap's bench).
    private readonly List<int> _bench = new();
    // The most probes any port of this host needed before it answered (nmap's max_successful_tryno + 1).
    private int _maxAnsweredTries;
    private readonly List<int> _outstanding = new();
    private readonly List<ScanResult> _fresh = new();
    private readonly CongestionWindow _window;
    private int _maxRetries, _closedAnswers;
    // nmap's send-delay bookkeeping: answers and drops since the delay last changed, and when it last grew.
    private int _goodSinceBoost, _droppedSinceBoost;
    private long _lastBoost = long.MinValue, _lastAnswer = long.MinValue;
    private readonly double _dropThreshold;
    private readonly bool _paceOnDrops, _retriesCapped;
    private readonly bool _holdRate;
    private readonly IPAddress _target;
    private readonly Protocol _protocol;
    private RttEstimator _rtt;

    /// <param name="paceOnDrops">Answer drops by spacing probes out (nmap's scan delay) and retrying more: what a
    /// target that rate-limits its ICMP errors (Linux: about one per second) needs for UDP.</param>
    /// <param name="retriesCapped"><paramref name="maxRetries"/> is the user's own limit (--max-retries), which pacing
    /// must not raise, as nmap's tryno cap holds.</param>
    public PortProbeTracker(IPAddress target, Protocol protocol, ushort[] ports, TimingTemplate timing, int maxRetries,
        int maxParallel, bool holdRate, int initialWindow = 64, bool paceOnDrops = false, bool retriesCapped = false)
    {
        _paceOnDrops = paceOnDrops;
        _retriesCapped = retriesCapped;
        _target = target;
        _protocol = protocol;
        _ports = ports;
        _results = new PortTable(target, protocol, ports);
        _tries = new byte[ports.Length];
        _sentAt = new long[ports.Length];
        _previousSentAt = new long[ports.Length];
        _dropThreshold = timing.Level >= 4 ? 0.40 : 0.30;
        _inFlight = new bool[ports.Length];
        _pending = new Queue<int>(Enumerable.Range(0, ports.Length));
        _maxRetries = maxRetries;
        _holdRate = holdRate;
        int max = Math.Max(1, maxParallel);
        _window = new CongestionWindow(holdRate ? max : Math.Min(max, initialWindow), 1, max);
        _rtt = RttEstimator.For(timing);
        Unresolved = ports.Length;
    }

    /// <summary>Ports without a result yet.</summary>
    public int Unresolved { get; private set; }

    /// <summary>True once every port has a result.</summary>
    public bool Done => Unresolved == 0;

    /// <summary>Probes sent and neither answered nor expired.</summary>
    public int InFlight { get; private set; }

    /// <summary>How many more probes the window allows now.</summary>
    public int Room => Math.Max(0, Math.Min(_pending.Count, _window.Allowed - InFlight));

    /// <summary>Smoothed round-trip time of the answers, null before the first.</summary>
    public TimeSpan? Latency { get; private set; }

    /// <summary>Current probe timeout, from the RTT estimate.</summary>
    public long TimeoutTicks => _rtt.TimeoutTicks;

    /// <summary>The slowest pacing, nmap's maximum scan delay: one probe a second, Linux's default ICMP error rate.</summary>
    public const long MaxSendDelayTicks = TimeSpan.TicksPerSecond;

    /// <summary>Time to leave between two probes; zero until drops call for pacing.</summary>
    public long SendDelayTicks { get; private set; }

    /// <summary>The port at <paramref name="index"/>.</summary>
    public ushort PortAt(int index) => _ports[index];

    /// <summary>The index of a port (ports are sorted ascending), or a negative number when it is not ours.</summary>
    public int IndexOf(ushort port) => Array.BinarySearch(_ports, port);

    /// <summary>Probes sent so far for the port at <paramref name="index"/>.</summary>
    public int TriesOf(int index) => _tries[index];

    /// <summary>
    /// Tries a silent port gets now: nmap's allowedTryno. A host's ports get one retransmission until a
    /// retransmission is what drew an answer, then one more than the most tries any answer needed, up to
    /// the template's (or --max-retries') limit. On a link that loses nothing a filtered port costs two
    /// timeouts, not the whole retry budget.
    /// </summary>
    private int AllowedRetries => Math.Min(_maxRetries, Math.Max(1, _maxAnsweredTries));

    /// <summary>Takes the next port to probe, if the window has room; the caller sends it and calls <see cref="Sent"/>.</summary>
    public bool TryTake(out int index)
    {
        while (InFlight < _window.Allowed && _pending.TryDequeue(out index))
        {
            if (_results.Has(index)) continue; // answered late by an earlier probe
            return true;
        }
        index = -1;
        return false;
    }

    /// <summary>Puts a taken port back uncounted (the probe could not be sent for local reasons).</summary>
    public void Untake(int index, long now)
    {
        _pending.Enqueue(index);
        if (!_holdRate) _window.OnLoss(now, _rtt.TimeoutTicks);
    }

    /// <summary>Records that the probe for <paramref name="index"/> (taken with <see cref="TryTake"/>) left at <paramref name="now"/>.</summary>
    public void Sent(int index, long now)
    {
        _tries[index]++;
        _previousSentAt[index] = _sentAt[index];
        _sentAt[index] = now;
        if (!_inFlight[index])
        {
            _inFlight[index] = true;
            InFlight++;
            _outstanding.Add(index);
        }
    }

    /// <summary>
    /// The probe for <paramref name="index"/> really left at <paramref name="now"/> (later than <see cref="Sent"/> was
    /// told, when the sending side was busy): its timeout runs from then.
    /// </summary>
    public void Departed(int index, long now)
    {
        if (_inFlight[index] && now > _sentAt[index]) _sentAt[index] = now;
    }

    /// <summary>An answer (or an immediate local outcome) for a port. Late answers to retried probes still count.</summary>
    /// <param name="answeredTry">Which probe the answer is to (1 for the first), when the reply says (nmap's try
    /// number in the source port); 0 takes it to answer the latest.</param>
    public void Answer(int index, PortState state, string reason, long now, bool sampleRtt = true, byte? ttl = null,
        int answeredTry = 0)
    {
        if (_results.Has(index)) return;
        int tried = answeredTry > 0 && answeredTry <= _tries[index] ? answeredTry : _tries[index];
        // The time since the probe answered left, when that is known; otherwise since the latest.
        long rtt = now - (tried == _tries[index] - 1 ? _previousSentAt[index] : _sentAt[index]);
        if (sampleRtt)
        {
            // An answer to a retransmission proves an earlier probe was lost: that, not silence (which may just be a
            // firewall), is the congestion signal, as nmap reads it.
            if (tried > 1 && !_holdRate) _window.OnLoss(now, _rtt.TimeoutTicks);
            else _window.OnReply();
            if (_paceOnDrops)
            {
                // Only a drop that happened since the delay last grew counts against the new delay.
                if (tried > 1 && _previousSentAt[index] >= _lastBoost) _droppedSinceBoost++;
                else _goodSinceBoost++;
                if (tried > 1 && !_retriesCapped) _maxRetries = Math.Max(_maxRetries, 10);
                PaceIfDropping(now);
            }
            if (state == PortState.Closed) _closedAnswers++;
            if (tried > _maxAnsweredTries) RaiseAllowance(tried);
            // Karn's rule: only an answer known to be to a given probe times the path.
            if (_tries[index] == 1 || answeredTry > 0 && tried >= _tries[index] - 1) _rtt.ObserveTicks(rtt);
            _lastAnswer = now;
            Latency = _rtt.SmoothedRtt;
        }
        Resolve(index, state, reason, rtt, ttl);
    }

    private void RaiseAllowance(int tried)
    {
        _maxAnsweredTries = tried;
        // The allowance grew: benched ports below it are asked again.
        for (int i = _bench.Count - 1; i >= 0; i--)
        {
            if (_tries[_bench[i]] > AllowedRetries) continue;
            _pending.Enqueue(_bench[i]);
            _bench.RemoveAt(i);
        }
    }

    /// <summary>Resolves a port whose probe failed locally or was answered by something that says nothing of timing.</summary>
    public void Settle(int index, PortState state, string reason) => Resolve(index, state, reason, 0);

    /// <summary>
    /// Probes outstanding longer than the current timeout are given up: retried, or resolved to
    /// <paramref name="silentState"/> after the last retry. <paramref name="onExpired"/> lets the caller release
    /// what the probe held (a socket).
    /// </summary>
    public void Expire(long now, PortState silentState, string silentReason, Action<int>? onExpired = null)
    {
        long timeout = _rtt.TimeoutTicks;
        for (int i = _outstanding.Count - 1; i >= 0; i--)
        {
            int index = _outstanding[i];
            if (_inFlight[index] && now - _sentAt[index] < timeout) continue;
            _outstanding[i] = _outstanding[^1];
            _outstanding.RemoveAt(_outstanding.Count - 1);
            if (!_inFlight[index]) continue; // answered meanwhile
            _inFlight[index] = false;
            InFlight--;
            onExpired?.Invoke(index);
            // A host that has sent errors for some ports and is silent for others is most likely rate-limiting them.
            if (_paceOnDrops && _closedAnswers > 0 && _sentAt[index] >= _lastBoost) _droppedSinceBoost++;
            if (_tries[index] <= AllowedRetries || KeepsAnswering(index, now, timeout)) _pending.Enqueue(index);
            else if (_tries[index] <= _maxRetries) _bench.Add(index);
            else Resolve(index, silentState, silentReason, 0);
        }
        if (_paceOnDrops) PaceIfDropping(now);
        DismissBench(silentState, silentReason);
    }

    /// <summary>
    /// Once nothing is left to send or answer, the allowance can no longer grow: benched ports are silent. An answer
    /// may still come to a benched port meanwhile; Resolve keeps the first result.
    /// </summary>
    private void DismissBench(PortState silentState, string silentReason)
    {
        while (_pending.TryPeek(out int stale) && _results.Has(stale)) _pending.Dequeue();
        if (_bench.Count == 0 || InFlight > 0 || _pending.Count > 0) return;
        foreach (int index in _bench) Resolve(index, silentState, silentReason, 0);
        _bench.Clear();
    }

    /// <summary>One probe is known to be lost before its timeout (the operating system gave up on it).</summary>
    public void Lost(int index, PortState silentState, string silentReason)
    {
        if (!_inFlight[index]) return;
        _inFlight[index] = false; // its entry in _outstanding is dropped by the next Expire
        InFlight--;
        if (_tries[index] <= AllowedRetries) _pending.Enqueue(index);
        else if (_tries[index] <= _maxRetries) _bench.Add(index);
        else Resolve(index, silentState, silentReason, 0);
        DismissBench(silentState, silentReason);
    }

    /// <summary>
    /// A host that still answers other ports (one answered within the last second and a timeout, Linux's default
    /// ICMP error interval) is alive and rate-limiting its answers, not filtering this port: keep asking (up to <see cref="MaxPacedTries"/>) rather than call it silent. nmap gives up
    /// after its retries here and reports such closed ports open|filtered; the target's sockets say otherwise.
    /// An explicit --max-retries still holds.
    /// </summary>
    private bool KeepsAnswering(int index, long now, long timeout) =>
        _paceOnDrops && !_retriesCapped && _closedAnswers > 0 && _tries[index] < MaxPacedTries &&
        _lastAnswer != long.MinValue && now - _lastAnswer <= MaxSendDelayTicks + timeout;

    /// <summary>The most probes one port gets while its host keeps answering others.</summary>
    public const int MaxPacedTries = 50;

    /// <summary>
    /// nmap's rule (scan_engine.cc, ultrascan_adjust_timing): once more than ten drops were seen since the delay
    /// last changed, and they are over 30% of the outcomes (40% from -T4), the delay between probes starts at 50 ms
    /// or doubles, up to a second; retries are allowed to grow meanwhile, so that rate-limited ports are asked again
    /// rather than given up. Each drop counts once: probes sent before the last change say nothing of the new delay.
    /// </summary>
    private void PaceIfDropping(long now)
    {
        if (_droppedSinceBoost <= 10 || _droppedSinceBoost <= _dropThreshold * (_droppedSinceBoost + _goodSinceBoost)) return;
        SendDelayTicks = SendDelayTicks == 0 ? 50 * TimeSpan.TicksPerMillisecond : Math.Min(MaxSendDelayTicks, SendDelayTicks * 2);
        if (!_retriesCapped) _maxRetries = Math.Max(_maxRetries, 10);
        _droppedSinceBoost = _goodSinceBoost = 0;
        _lastBoost = now;
    }

    /// <summary>Results found since the last call, for streaming; null when there are none.</summary>
    public ScanResult[]? TakeFresh()
    {
        if (_fresh.Count == 0) return null;
        var batch = _fresh.ToArray();
        _fresh.Clear();
        return batch;
    }

    /// <summary>Every port's result, in port order, held compactly (<see cref="PortTable"/>); only once <see cref="Done"/>.</summary>
    public IReadOnlyList<ScanResult> Results() => _results;

    private void Resolve(int index, PortState state, string reason, long rttTicks, byte? ttl = null)
    {
        if (_results.Has(index)) return;
        _fresh.Add(_results.Set(index, state, reason, TimeSpan.FromTicks(Math.Max(0, rttTicks)), DateTimeOffset.UtcNow, ttl));
        Unresolved--;
        if (_inFlight[index])
        {
            // Left in _outstanding; Expire drops it there without a linear search here.
            _inFlight[index] = false;
            InFlight--;
        }
    }
}
