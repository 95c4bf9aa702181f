using Akka.Actor;
using ProRT.Actors.PacketIo;
using ProRT.Actors.Timing;
using ProRT.Protocols.Ports;
using ProRT.Protocols.Probing;
using ProRT.Protocols.Targets;
using ProRT.Protocols.Techniques;
using ProRT.Protocols.Timing;

namespace ProRT.Actors.Techniques.Raw;

/// <summary>
/// A raw technique (-sS, the stealth scans, -sU) for one host. It keeps the host's probe state in a
/// <see cref="PortProbeTracker"/>, sends bursts through the host's <see cref="PacketIo"/> and classifies batches of
/// matched replies with its <see cref="IPortScanTechnique"/>. Replies clock out the next burst; a 10 ms tick
/// handles timeouts and retries.
/// </summary>
public sealed class RawScan : ReceiveActor, IWithTimers
{
    private sealed record Tick
    {
        public static readonly Tick Instance = new();
    }

    private sealed record PermitsGranted(int Count);


    private readonly Target _target;
    private readonly ProbeSettings _settings;
    private readonly IProbePermits _permits;
    private readonly IActorRef _router;
    private readonly IPortScanTechnique _technique;
    private long _lastSendTicks;
    private readonly PortProbeTracker _tracker;
    private readonly long _startedMs = Environment.TickCount64;
    private IActorRef _io = ActorRefs.Nobody;
    private int _permitsLeft;
    private bool _awaitingPermits, _finished;
    // The batch handed to PacketIo and not yet reported sent: its probes' timeouts start when it leaves.
    private readonly List<int> _leaving = new();

    /// <summary>Set by Akka: schedules the 10 ms tick for timeouts and retries.</summary>
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>A raw scan of <paramref name="ports"/> on <paramref name="target"/>; it reports to its parent with <see cref="TechniqueProtocol"/> messages.</summary>
    /// <param name="target">The host.</param>
    /// <param name="ports">The ports to probe, ascending.</param>
    /// <param name="settings">Timing, retries and parallelism.</param>
    /// <param name="permits">Where to ask leave to send (the scan's rate limit).</param>
    /// <param name="router">The <see cref="PacketIoRouter"/> to register the host with.</param>
    /// <param name="technique">Gives the probe flags and reads the replies.</param>
    public RawScan(Target target, ushort[] ports, ProbeSettings settings, IProbePermits permits, IActorRef router,
        IPortScanTechnique technique)
    {
        _target = target;
        _settings = settings;
        _permits = permits;
        _router = router;
        _technique = technique;
        bool udp = technique is UdpScanTechnique;
        _tracker = new PortProbeTracker(Ipv4.ToAddress(target.Address), udp ? Protocol.Udp : Protocol.Tcp, ports,
            settings.Timing, settings.MaxRetries, settings.MaxParallelism, settings.HoldRate, initialWindow: 256,
            paceOnDrops: udp, retriesCapped: settings.RetriesCapped);

        Receive<PacketIoProtocol.Registered>(m =>
        {
            if (m.Error is not null) throw new ProbeFailedException(m.Error);
            _io = m.PacketIo;
            Scanning.StartupTrace.Mark("host registered with packet io");
            Timers.StartPeriodicTimer("tick", Tick.Instance, TimeSpan.FromMilliseconds(10));
            Pump();
        });
        Receive<PacketIoProtocol.Replies>(m =>
        {
            long now = MonotonicClock.NowTicks();
            foreach (var reply in m.Items)
            {
                int index = _tracker.IndexOf(reply.Port);
                if (index < 0 || _technique.Classify(reply) is not { } verdict) continue;
                _tracker.Answer(index, verdict.State, verdict.Reason, now, ttl: reply.Ttl, answeredTry: reply.Try);
            }
            Pump();
        });
        Receive<PacketIoProtocol.ProbesSent>(m =>
        {
            foreach (int index in _leaving) _tracker.Departed(index, m.Ticks);
            _leaving.Clear();
            Pump();
        });
        Receive<Tick>(_ => Pump());
        Receive<PermitsGranted>(m =>
        {
            _awaitingPermits = false;
            _permitsLeft += m.Count;
            Pump();
        });
    }

    /// <summary>Props for a <see cref="RawScan"/>.</summary>
    public static Props Props(Target target, ushort[] ports, ProbeSettings settings, IProbePermits permits, IActorRef router,
        IPortScanTechnique technique) =>
        Akka.Actor.Props.Create(() => new RawScan(target, ports, settings, permits, router, technique));

    /// <summary>Registers the host with the router, which answers with the interface's <see cref="PacketIo"/>.</summary>
    protected override void PreStart() =>
        _router.Tell(new PacketIoProtocol.Register(_target.Address, Self, _technique is UdpScanTechnique));

    /// <summary>Unregisters the host, so its late replies are dropped.</summary>
    protected override void PostStop() =>
        _router.Tell(new PacketIoProtocol.Unregister(_target.Address, _technique is UdpScanTechnique));


    private void Pump()
    {
        if (_finished) return;
        if (_settings.HostTimeout is { } limit && Environment.TickCount64 - _startedMs > limit.TotalMilliseconds)
        {
            Finish(timedOut: true);
            return;
        }
        // While a batch is on its way out nothing expires or is sent: its send time is not known yet, and PacketIo's
        // queue stays one batch deep per host however busy the interface is.
        if (_leaving.Count == 0)
        {
            long now = MonotonicClock.NowTicks();
            var (silentState, silentReason) = _technique.Silence;
            _tracker.Expire(now, silentState, silentReason);
            SendBurst(now);
        }
        if (_tracker.TakeFresh() is { } fresh) Context.Parent.Tell(new TechniqueProtocol.PortsResolved(fresh));
        if (_tracker.Done) Finish(timedOut: false);
    }

    private void SendBurst(long now)
    {
        int room = _tracker.Room;
        if (room == 0) return;
        if (_tracker.SendDelayTicks > 0)
        {
            // Paced (the target rate-limits its answers): one probe per delay.
            if (now - _lastSendTicks < _tracker.SendDelayTicks) return;
            room = 1;
        }
        if (_permitsLeft == 0)
        {
            if (_awaitingPermits) return;
            var grant = _permits.AcquireAsync(room, CancellationToken.None);
            if (grant.IsCompletedSuccessfully) _permitsLeft = grant.Result;
            else
            {
                _awaitingPermits = true;
                grant.AsTask().PipeTo(Self, success: n => new PermitsGranted(n));
                return;
            }
        }
        int count = Math.Min(room, _permitsLeft);
        var ports = new ushort[count];
        var tries = new byte[count];
        int n = 0;
        while (n < count && _tracker.TryTake(out int index))
        {
            _tracker.Sent(index, now);
            _leaving.Add(index);
            ports[n] = _tracker.PortAt(index);
            tries[n++] = (byte)_tracker.TriesOf(index);
        }
        _permitsLeft -= n;
        if (n == 0) return;
        _lastSendTicks = now;
        _io.Tell(_technique is ITcpScanTechnique tcp
            ? new PacketIoProtocol.SendTcpProbes(_target.Address, tcp.ProbeFlags, ports, tries, n)
            : new PacketIoProtocol.SendUdpProbes(_target.Address, ports, tries, n));
    }

    private void Finish(bool timedOut)
    {
        _finished = true;
        Timers.CancelAll();
        Context.Parent.Tell(new TechniqueProtocol.Completed(timedOut ? [] : _tracker.Results(), _tracker.Latency, timedOut));
    }
}
