using System.Buffers.Binary;
using ProRT.Actors.Timing;
using ProRT.Protocols.Ports;
using ProRT.Protocols.Probing;
using ProRT.Protocols.Results;
using ProRT.Protocols.Timing;
using static ProRT.Actors.Techniques.Connect.LinuxSockets;

namespace ProRT.Actors.Techniques.Connect;

/// <summary>
/// The TCP connect scan of one host (or one share of its ports): many non-blocking connects in flight, paced by a
/// <see cref="PortProbeTracker"/>. Established means open, refused means closed, unreachable or silence means
/// filtered (nmap's rules for -sT). One dedicated thread owns all state and waits on its own epoll set, so a
/// completion costs no thread hop.
/// </summary>
public sealed class ConnectProber
{
    private const int WaitMs = 5;
    private const int BatchEvents = 512;

    private readonly uint _addressBigEndian;
    private readonly ProbeSettings _settings;
    private readonly IProbePermits _permits;
    private readonly Action<IReadOnlyList<ScanResult>> _onResolved;
    private readonly PortProbeTracker _tracker;
    private readonly Slot[] _slots;
    private readonly int[] _slotOf;
    private readonly Stack<int> _freeSlots;
    private int _permitsLeft, _epoll = -1;
    private ValueTask<int>? _grant;

    /// <summary>
    /// A connect in flight. Its socket outlives the probe: after a refused connect, Linux lets the same socket connect
    /// again, which saves creating, registering and closing a socket per port (most of the kernel's cost).
    /// </summary>
    private struct Slot
    {
        public int Fd;
        public int PortIndex;
        public bool Busy;
    }

    // maxParallel: connects in flight at most (the template's parallelism, or this prober's share of it).
    /// <summary>A prober for <paramref name="ports"/> on <paramref name="target"/>.</summary>
    /// <param name="target">The host (IPv4).</param>
    /// <param name="ports">The ports to probe, ascending.</param>
    /// <param name="settings">Timing, retries and host timeout.</param>
    /// <param name="permits">Where to ask leave to connect.</param>
    /// <param name="onResolved">Called on the prober's thread with each batch of final results.</param>
    /// <param name="maxParallel">Connects in flight at most.</param>
    public ConnectProber(System.Net.IPAddress target, ushort[] ports, ProbeSettings settings, IProbePermits permits,
        Action<IReadOnlyList<ScanResult>> onResolved, int maxParallel)
    {
        uint host = Protocols.Targets.Ipv4.ToUInt32(target);
        _addressBigEndian = BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(host) : host;
        _settings = settings;
        _permits = permits;
        _onResolved = onResolved;
        int max = Math.Max(1, maxParallel);
        _tracker = new PortProbeTracker(target, Protocol.Tcp, ports, settings.Timing, settings.MaxRetries, max, settings.HoldRate);
        _slots = new Slot[max];
        _slotOf = new int[ports.Length];
        _freeSlots = new Stack<int>(Enumerable.Range(0, max).Reverse());
    }


    /// <summary>Probes every port on a dedicated thread until all are resolved, the host times out or <paramref name="cancellationToken"/> fires.</summary>
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
            while (!_tracker.Done)
            {
                ct.ThrowIfCancellationRequested();
                if (_settings.HostTimeout is { } limit && Environment.TickCount64 - started > limit.TotalMilliseconds)
                    return new TechniqueProtocol.Completed([], _tracker.Latency, TimedOut: true);

                Launch(ct);
                int n;
                fixed (byte* p = events) n = EpollWait(_epoll, p, BatchEvents, WaitMs);
                if (n < 0 && Errno != EINTR) throw new ProbeFailedException($"epoll_wait failed (errno {Errno})");
                for (int i = 0; i < n; i++)
                    Complete(BitConverter.ToInt32(events, i * EpollEventSize + EpollDataOffset));
                _tracker.Expire(MonotonicClock.NowTicks(), PortState.Filtered, "no-response", index =>
                {
                    // Give the slot up: a socket still in SYN_SENT cannot be reused.
                    int slot = _slotOf[index];
                    Discard(ref _slots[slot]);
                    _freeSlots.Push(slot);
                });
                if (_tracker.TakeFresh() is { } fresh) _onResolved(fresh);
            }
        }
        finally
        {
            foreach (var slot in _slots)
                if (slot.Fd > 0) LinuxSockets.Close(slot.Fd);
            LinuxSockets.Close(_epoll);
        }
        return new TechniqueProtocol.Completed(_tracker.Results(), _tracker.Latency, TimedOut: false);
    }

    private void Launch(CancellationToken ct)
    {
        while (_freeSlots.Count > 0 && _tracker.Room > 0)
        {
            if (_permitsLeft == 0 && !TakePermits(ct)) return;
            if (!_tracker.TryTake(out int index)) return;
            _permitsLeft--;
            if (!Start(index)) return;
        }
    }

    /// <summary>Gets leave to send more; waits only when nothing is in flight, so completions are never held up.</summary>
    private bool TakePermits(CancellationToken ct)
    {
        _grant ??= _permits.AcquireAsync(Math.Max(1, _tracker.Room), ct);
        if (!_grant.Value.IsCompleted)
        {
            if (_tracker.InFlight > 0) return false;
            _grant.Value.AsTask().Wait(ct);
        }
        _permitsLeft = _grant.Value.Result;
        _grant = null;
        return _permitsLeft > 0;
    }

    /// <summary>Starts one connect; false when local resources ran out (the port goes back to the queue).</summary>
    private unsafe bool Start(int index)
    {
        int slot = _freeSlots.Peek();
        ref var s = ref _slots[slot];
        long now = MonotonicClock.NowTicks();
        if (s.Fd <= 0)
        {
            int fd = Socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
            if (fd < 0)
            {
                int err = Errno;
                if (err is not (EMFILE or ENFILE or ENOBUFS)) throw new ProbeFailedException($"socket() failed (errno {err})");
                _tracker.Untake(index, now);
                return false;
            }
            // Edge-triggered: every state change of a reused socket is reported once.
            byte* ev = stackalloc byte[16];
            *(uint*)ev = EPOLLOUT | EPOLLET;
            *(long*)(ev + EpollDataOffset) = slot;
            if (EpollCtl(_epoll, EPOLL_CTL_ADD, fd, ev) < 0)
                throw new ProbeFailedException($"epoll_ctl failed (errno {Errno})");
            s.Fd = fd;
        }
        int error = ConnectTo(s.Fd, _tracker.PortAt(index));
        if (error is EAGAIN or EADDRNOTAVAIL or EADDRINUSE or ENOBUFS)
        {
            Discard(ref s);
            _tracker.Untake(index, now);
            return false;
        }
        _freeSlots.Pop();
        _tracker.Sent(index, now);
        if (error != EINPROGRESS)
        {
            // Answered at once (loopback, or an error the kernel already knows): the socket is not reused.
            Finish(ref s, index, error);
            Discard(ref s);
            _freeSlots.Push(slot);
            return true;
        }
        s.PortIndex = index;
        s.Busy = true;
        _slotOf[index] = slot;
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
        int error = ConnectTo(s.Fd, _tracker.PortAt(s.PortIndex));
        if (error is EALREADY or EINPROGRESS) return; // a stale wake-up; still waiting
        if (error == EISCONN) error = 0;
        s.Busy = false;
        _freeSlots.Push(slot);
        Finish(ref s, s.PortIndex, error);
    }

    private void Finish(ref Slot s, int index, int error)
    {
        long now = MonotonicClock.NowTicks();
        switch (error)
        {
            case 0:
                bool self = ConnectedToItself(s.Fd, _tracker.PortAt(index));
                // Close with RST rather than FIN: no TIME_WAIT, and the service sees a reset, not a session.
                SetSockOpt(s.Fd, SOL_SOCKET, SO_LINGER, new Linger { OnOff = 1, Seconds = 0 }, sizeof(int) * 2);
                Discard(ref s);
                if (self) _tracker.Lost(index, PortState.Closed, "conn-refused"); // ask again from another source port
                else _tracker.Answer(index, PortState.Open, "syn-ack", now);
                break;
            case ECONNREFUSED:
                _tracker.Answer(index, PortState.Closed, "conn-refused", now);
                break;
            case EHOSTUNREACH or EHOSTDOWN:
                _tracker.Answer(index, PortState.Filtered, "host-unreach", now, sampleRtt: false);
                break;
            case ENETUNREACH or ENETDOWN:
                _tracker.Answer(index, PortState.Filtered, "net-unreach", now, sampleRtt: false);
                break;
            case EACCES or EPERM:
                _tracker.Answer(index, PortState.Filtered, "admin-prohibited", now, sampleRtt: false);
                break;
            case ETIMEDOUT:
                // The kernel gave up before we did; count it as silence.
                Discard(ref s);
                _tracker.Lost(index, PortState.Filtered, "no-response");
                break;
            default:
                Discard(ref s);
                _tracker.Answer(index, PortState.Filtered, $"error-{error}", now, sampleRtt: false);
                break;
        }
    }

    /// <summary>
    /// On a local address, the kernel may pick the probed port itself as the ephemeral source port, and TCP's
    /// simultaneous open then "connects" the socket to itself although nothing listens there.
    /// </summary>
    private bool ConnectedToItself(int fd, ushort port)
    {
        int length = System.Runtime.CompilerServices.Unsafe.SizeOf<SockAddrIn>();
        return GetSockName(fd, out var local, ref length) == 0
               && local.AddressBigEndian == _addressBigEndian
               && local.PortBigEndian == BinaryPrimitives.ReverseEndianness(port);
    }

    private static void Discard(ref Slot s)
    {
        if (s.Fd > 0) LinuxSockets.Close(s.Fd);
        s.Fd = 0;
        s.Busy = false;
    }
}
