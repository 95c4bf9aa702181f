using System.Buffers.Binary;
using ProRT.Actors.Timing;
using ProRT.Protocols.Ports;
using ProRT.Protocols.Results;
using ProRT.Protocols.Timing;
using static ProRT.Actors.Techniques.Connect.LinuxSockets;

namespace ProRT.Actors.Techniques.Connect;

/// <summary>
/// The TCP connect scan of one host: many non-blocking connects in flight at once, bounded by a congestion
/// window, each timed out by the RTT estimate and retried up to the template's retries. Established means open,
/// refused means closed, unreachable or silence means filtered (nmap's rules for -sT).
/// One dedicated thread owns all state and waits on its own epoll set, so a completion costs no thread hop.
/// </summary>
public sealed class ConnectProber
{
    private const int WaitMs = 5;
    private const int BatchEvents = 512;

    private readonly uint _addressBigEndian;
    private readonly System.Net.IPAddress _target;
    private readonly ushort[] _ports;
    private readonly ProbeSettings _settings;
    private readonly IProbePermits _permits;
    private readonly Action<IReadOnlyList<ScanResult>> _onResolved;
    private readonly ScanResult?[] _results;
    private readonly byte[] _tries;
    private readonly Queue<int> _pending;
    private readonly List<ScanResult> _fresh = new();
    private readonly CongestionWindow _window;
    private readonly Slot[] _slots;
    private readonly Stack<int> _freeSlots;
    private RttEstimator _rtt;
    private int _inFlight, _unresolved, _permitsLeft, _epoll = -1;
    private ValueTask<int>? _grant;

    /// <summary>
    /// A connect in flight. Its socket outlives the probe: after a refused connect, Linux lets the same socket connect
    /// again, which saves creating, registering and closing a socket per port (most of the kernel's cost).
    /// </summary>
    private struct Slot
    {
        public int Fd;
        public int PortIndex;
        public long SentTicks;
        public bool Busy;
    }

    // maxParallel: connects in flight at most (the template's parallelism, or this prober's share of it).
    public ConnectProber(System.Net.IPAddress target, ushort[] ports, ProbeSettings settings, IProbePermits permits,
        Action<IReadOnlyList<ScanResult>> onResolved, int maxParallel)
    {
        _target = target;
        _addressBigEndian = BinaryPrimitives.ReverseEndianness(Protocols.Targets.Ipv4.ToUInt32(target));
        if (!BitConverter.IsLittleEndian) _addressBigEndian = Protocols.Targets.Ipv4.ToUInt32(target);
        _ports = ports;
        _settings = settings;
        _permits = permits;
        _onResolved = onResolved;
        _results = new ScanResult?[ports.Length];
        _tries = new byte[ports.Length];
        _pending = new Queue<int>(Enumerable.Range(0, ports.Length));
        _unresolved = ports.Length;
        int max = Math.Max(1, maxParallel);
        _window = new CongestionWindow(settings.HoldRate ? max : Math.Min(max, 64), 1, max);
        _rtt = RttEstimator.For(settings.Timing);
        _slots = new Slot[max];
        _freeSlots = new Stack<int>(Enumerable.Range(0, max).Reverse());
    }

    public TimeSpan? Latency { get; private set; }

    private static readonly double TicksPerTimestamp = (double)TimeSpan.TicksPerSecond / System.Diagnostics.Stopwatch.Frequency;

    private static long NowTicks() => (long)(System.Diagnostics.Stopwatch.GetTimestamp() * TicksPerTimestamp);

    public Task<TechniqueProtocol.Completed> RunAsync(CancellationToken cancellationToken) =>
        Task.Factory.StartNew(() => Run(cancellationToken), cancellationToken,
            TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private unsafe TechniqueProtocol.Completed Run(CancellationToken ct)
    {
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("the connect scan needs Linux");
        _epoll = EpollCreate(EPOLL_CLOEXEC);
        if (_epoll < 0) throw new ProbeFailedException($"epoll_create1 failed (errno {Errno})");
        long started = Environment.TickCount64;
        var events = new byte[BatchEvents * EpollEventSize];
        try
        {
            while (_unresolved > 0)
            {
                ct.ThrowIfCancellationRequested();
                if (_settings.HostTimeout is { } limit && Environment.TickCount64 - started > limit.TotalMilliseconds)
                    return new TechniqueProtocol.Completed([], Latency, TimedOut: true);

                Launch(ct);
                int n;
                fixed (byte* p = events) n = EpollWait(_epoll, p, BatchEvents, WaitMs);
                if (n < 0 && Errno != EINTR) throw new ProbeFailedException($"epoll_wait failed (errno {Errno})");
                for (int i = 0; i < n; i++)
                {
                    int slot = BitConverter.ToInt32(events, i * EpollEventSize + EpollDataOffset);
                    Complete(slot);
                }
                ExpireOverdue();
                Flush();
            }
        }
        finally
        {
            foreach (var slot in _slots)
                if (slot.Fd > 0) LinuxSockets.Close(slot.Fd);
            Close(_epoll);
        }
        return new TechniqueProtocol.Completed(_results.Select(r => r!).ToArray(), Latency, TimedOut: false);
    }

    private void Launch(CancellationToken ct)
    {
        while (_pending.Count > 0 && _inFlight < _window.Allowed && _freeSlots.Count > 0)
        {
            if (_permitsLeft == 0 && !TakePermits(ct)) return;
            _permitsLeft--;
            if (!Start(_pending.Peek())) return;
            _pending.Dequeue();
        }
    }

    /// <summary>Gets leave to send more; waits only when nothing is in flight, so completions are never held up.</summary>
    private bool TakePermits(CancellationToken ct)
    {
        _grant ??= _permits.AcquireAsync(Math.Min(_pending.Count, _window.Allowed - _inFlight), ct);
        if (!_grant.Value.IsCompleted)
        {
            if (_inFlight > 0) return false;
            _grant.Value.AsTask().Wait(ct);
        }
        _permitsLeft = _grant.Value.Result;
        _grant = null;
        return _permitsLeft > 0;
    }

    /// <summary>Starts one connect; false when local resources ran out (the port stays queued).</summary>
    private unsafe bool Start(int portIndex)
    {
        int slot = _freeSlots.Peek();
        ref var s = ref _slots[slot];
        if (s.Fd <= 0)
        {
            int fd = Socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
            if (fd < 0)
            {
                int err = Errno;
                if (err is EMFILE or ENFILE or ENOBUFS) { LocalShortage(); return false; }
                throw new ProbeFailedException($"socket() failed (errno {err})");
            }
            // Edge-triggered: every state change of a reused socket is reported once.
            byte* ev = stackalloc byte[16];
            *(uint*)ev = EPOLLOUT | EPOLLET;
            *(long*)(ev + EpollDataOffset) = slot;
            if (EpollCtl(_epoll, EPOLL_CTL_ADD, fd, ev) < 0)
                throw new ProbeFailedException($"epoll_ctl failed (errno {Errno})");
            s.Fd = fd;
        }
        long now = NowTicks();
        _tries[portIndex]++;
        int error = ConnectTo(s.Fd, _ports[portIndex]);
        if (error is EAGAIN or EADDRNOTAVAIL or EADDRINUSE or ENOBUFS)
        {
            _tries[portIndex]--;
            Discard(ref s);
            LocalShortage();
            return false;
        }
        _freeSlots.Pop();
        if (error != EINPROGRESS)
        {
            // Answered at once (loopback, or an error the kernel already knows): the socket is not reused.
            Finish(ref s, portIndex, error, now);
            Discard(ref s);
            _freeSlots.Push(slot);
            return true;
        }
        s.PortIndex = portIndex;
        s.SentTicks = now;
        s.Busy = true;
        _inFlight++;
        return true;
    }

    private int ConnectTo(int fd, ushort port)
    {
        var address = new SockAddrIn
        {
            Family = AF_INET,
            PortBigEndian = BinaryPrimitives.ReverseEndianness(port),
            AddressBigEndian = _addressBigEndian,
        };
        return LinuxSockets.Connect(fd, address, System.Runtime.CompilerServices.Unsafe.SizeOf<SockAddrIn>()) == 0 ? 0 : Errno;
    }

    private void Complete(int slot)
    {
        ref var s = ref _slots[slot];
        if (!s.Busy) return;
        // Connecting again to the same address reports the outcome and, after a failure, resets the socket.
        int error = ConnectTo(s.Fd, _ports[s.PortIndex]);
        if (error is EALREADY or EINPROGRESS) return; // a stale wake-up; still waiting
        if (error == EISCONN) error = 0;
        s.Busy = false;
        _inFlight--;
        _freeSlots.Push(slot);
        Finish(ref s, s.PortIndex, error, s.SentTicks);
    }

    private static void Discard(ref Slot s)
    {
        if (s.Fd > 0) LinuxSockets.Close(s.Fd);
        s.Fd = 0;
        s.Busy = false;
    }

    private void Finish(ref Slot s, int portIndex, int error, long sentTicks)
    {
        long rtt = NowTicks() - sentTicks;
        switch (error)
        {
            case 0:
                // Close with RST rather than FIN: no TIME_WAIT, and the service sees a reset, not a session.
                SetSockOpt(s.Fd, SOL_SOCKET, SO_LINGER, new Linger { OnOff = 1, Seconds = 0 }, sizeof(int) * 2);
                Discard(ref s);
                Resolve(portIndex, PortState.Open, "syn-ack", rtt, sample: true);
                break;
            case ECONNREFUSED:
                Resolve(portIndex, PortState.Closed, "conn-refused", rtt, sample: true);
                break;
            case EHOSTUNREACH or EHOSTDOWN:
                Resolve(portIndex, PortState.Filtered, "host-unreach", rtt, sample: false);
                break;
            case ENETUNREACH or ENETDOWN:
                Resolve(portIndex, PortState.Filtered, "net-unreach", rtt, sample: false);
                break;
            case EACCES or EPERM:
                Resolve(portIndex, PortState.Filtered, "admin-prohibited", rtt, sample: false);
                break;
            case ETIMEDOUT:
                Retry(portIndex);
                break;
            default:
                Discard(ref s);
                Resolve(portIndex, PortState.Filtered, $"error-{error}", rtt, sample: false);
                break;
        }
    }

    private void ExpireOverdue()
    {
        // The timeout is read now, not fixed at send time: the first probes go out before any RTT is known, and
        // should not wait out the template's initial timeout once replies have shown the real round trip.
        long now = NowTicks(), timeout = _rtt.TimeoutTicks;
        for (int i = 0; i < _slots.Length; i++)
        {
            ref var s = ref _slots[i];
            if (!s.Busy || now - s.SentTicks < timeout) continue;
            Discard(ref s);
            _inFlight--;
            _freeSlots.Push(i);
            Retry(s.PortIndex);
        }
    }

    private void LocalShortage() =>
        _window.OnLoss(NowTicks(), _rtt.TimeoutTicks);

    private void Retry(int index)
    {
        if (_tries[index] <= _settings.MaxRetries) _pending.Enqueue(index);
        else Resolve(index, PortState.Filtered, "no-response", 0, sample: false);
    }

    private void Resolve(int index, PortState state, string reason, long rttTicks, bool sample)
    {
        if (_results[index] is not null) return;
        if (sample)
        {
            // A silent port may just be filtered; an answer to a retransmission proves an earlier probe was lost,
            // which is the congestion signal (as nmap reads it).
            if (_tries[index] > 1 && !_settings.HoldRate) _window.OnLoss(NowTicks(), _rtt.TimeoutTicks);
            else _window.OnReply();
            if (_tries[index] == 1) _rtt.ObserveTicks(rttTicks);
            Latency = _rtt.SmoothedRtt;
        }
        var result = new ScanResult(_target, _ports[index], Protocol.Tcp, state, reason,
            TimeSpan.FromTicks(rttTicks), DateTimeOffset.UtcNow);
        _results[index] = result;
        _fresh.Add(result);
        _unresolved--;
    }

    private void Flush()
    {
        if (_fresh.Count == 0) return;
        _onResolved(_fresh.ToArray());
        _fresh.Clear();
    }
}
