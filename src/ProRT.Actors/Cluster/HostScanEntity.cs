using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Event;
using ProRT.Actors.Hosts;
using ProRT.Actors.PacketIo;
using ProRT.Actors.Scanning;
using ProRT.Actors.Services;
using ProRT.Actors.Timing;
using ProRT.Protocols.Scanning;

namespace ProRT.Actors.Cluster;

/// <summary>
/// One host of one scan, as a sharded entity (id "scanId/address"): runs a <see cref="HostScanner"/> on this node,
/// with this node's own packet I/O, rate limiter and service prober, and relays what it reports to the
/// coordinator's stand-in. A second <see cref="ClusterProtocol.ScanHost"/> (the coordinator moved, or resent after
/// a silence) starts the host afresh for the new sender.
/// </summary>
public sealed class HostScanEntity : ReceiveActor
{
    /// <summary>Port results per message to the coordinator: about 200 KB, far below remoting's frame size.</summary>
    private const int MaxChunk = 4096;

    private readonly NodeServices _services;
    private IActorRef _replyTo = ActorRefs.Nobody;
    private IActorRef _scanner = ActorRefs.Nobody;
    private string _scanId = "";
    private readonly HashSet<Protocols.Results.ScanResult> _relayed = [];
    private Protocols.Targets.Target _target = new(0, null);

    /// <summary>An entity using <paramref name="services"/> of the node it lives on.</summary>
    public HostScanEntity(NodeServices services)
    {
        _services = services;
        Receive<ClusterProtocol.ScanHost>(Start);
        Receive<HostScanner.Protocol.PortsFound>(m =>
        {
            foreach (var r in m.Results) _relayed.Add(r);
            // In chunks well under remoting's frame size, whatever the technique batched.
            foreach (var chunk in m.Results.Chunk(MaxChunk)) _replyTo.Tell(new HostScanner.Protocol.PortsFound(chunk), Sender);
        });
        Receive<HostScanner.Protocol.HostScanCompleted>(m =>
        {
            if (!Sender.Equals(_scanner)) return;
            // Only what the coordinator has not had yet (-sV's services, ports it never saw): it holds the rest, and a
            // full-port host would otherwise cross the network twice in one message.
            var fresh = m.Result with { Ports = m.Result.Ports.Where(p => !_relayed.Contains(p)).ToArray() };
            _replyTo.Tell(new HostScanner.Protocol.HostScanCompleted(fresh), _scanner); // from the scanner the stand-in watches
            _services.HostFinished(_scanId);
            _scanner = ActorRefs.Nobody;
            // Done: leave the shard (remember-entities is off, so nothing brings it back by itself).
            Context.Parent.Tell(new Passivate(PoisonPill.Instance));
        });
        Receive<Terminated>(t =>
        {
            if (!t.ActorRef.Equals(_scanner)) return;
            // The host scanner failed: reported like the coordinator reports a failed local one.
            _replyTo.Tell(new HostScanner.Protocol.HostScanCompleted(new Protocols.Results.HostResult(
                Protocols.Targets.Ipv4.ToAddress(_target.Address), _target.Hostname, Protocols.Results.HostState.Down, "error", [], Error: "host scanner stopped unexpectedly")), t.ActorRef);
            _services.HostFinished(_scanId);
            _scanner = ActorRefs.Nobody;
        });
    }

    /// <summary>Props for the shard region.</summary>
    public static Props Props(NodeServices services) => Akka.Actor.Props.Create(() => new HostScanEntity(services));

    /// <summary>A host scanner that fails is stopped; the coordinator's stand-in hears of it.</summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);

    private void Start(ClusterProtocol.ScanHost m)
    {
        if (!_scanner.IsNobody())
        {
            if (m.ReplyTo.Equals(_replyTo)) return; // the same request again
            Context.Unwatch(_scanner);
            Context.Stop(_scanner);
            _services.HostFinished(_scanId);
        }
        _scanId = m.ScanId;
        _target = m.Target;
        _relayed.Clear();
        _replyTo = m.ReplyTo;
        var config = m.Definition.Config;
        _scanner = Context.ActorOf(HostScanner.Props(m.Target, config, _services.For(m.ScanId, config), m.Done),
            $"host-{Guid.NewGuid():N}");
        Context.Watch(_scanner);
        _services.HostStarted(m.ScanId);
        _replyTo.Tell(new ClusterProtocol.HostScanStarted(_services.Node), _scanner);
    }
}

/// <summary>
/// What the host scanners of one node share, per scan: packet I/O (each node sends and receives its own packets),
/// the rate limiter (--max-rate holds per node) and the service prober. Made on first use, and let go (their actors
/// stopped) once no host of the scan has run here for <see cref="IdleRelease"/>.
/// </summary>
public sealed class NodeServices
{
    /// <summary>How long a scan's services outlive its last host on this node by default.</summary>
    public static readonly TimeSpan DefaultIdleRelease = TimeSpan.FromSeconds(60);

    private readonly ActorSystem _system;
    private readonly Dictionary<string, Entry> _byScan = new();
    private readonly object _gate = new();
    private long _done;

    /// <summary>Services for the host scanners of the member running <paramref name="system"/>.</summary>
    /// <param name="system">The member's actor system (cluster provider).</param>
    /// <param name="idleRelease">How long a scan's services outlive its last host here; <see cref="DefaultIdleRelease"/> when null.</param>
    public NodeServices(ActorSystem system, TimeSpan? idleRelease = null)
    {
        _system = system;
        IdleRelease = idleRelease ?? DefaultIdleRelease;
        Node = Akka.Cluster.Cluster.Get(system).SelfAddress.ToString();
    }

    /// <summary>This member's address.</summary>
    public string Node { get; }

    /// <summary>How long a scan's services outlive its last host here.</summary>
    public TimeSpan IdleRelease { get; }

    /// <summary>The services for hosts of <paramref name="scanId"/> on this node.</summary>
    public ScanServices For(string scanId, ScanConfig config)
    {
        lock (_gate)
        {
            if (!_byScan.TryGetValue(scanId, out var entry)) _byScan[scanId] = entry = Create(config);
            entry.Generation++;
            return entry.Services;
        }
    }

    private Entry Create(ScanConfig config)
    {
        var owned = new List<IActorRef>();
        var router = config.UsesRawPackets
            ? Own(owned, PacketIoRouter.Props(PacketIoSettings.For(config)), "packet-io")
            : ActorRefs.Nobody;
        IProbePermits permits = RateLimiter.EffectiveRate(config.MaxRate, config.Timing) is { } rate
            ? new RateLimiterPermits(Own(owned, RateLimiter.Props(rate), "rate"))
            : UnlimitedPermits.Instance;
        var prober = ServiceProber.For(config);
        // A local scan fails on a probe database it cannot read; a member says so once per scan (its hosts go on unversioned).
        prober?.Database.ContinueWith(t => _system.Log.Error("service detection is off on {0}: {1}", Node, t.Exception!.GetBaseException().Message),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        return new Entry(new ScanServices(permits, router, prober), owned);
    }

    private IActorRef Own(List<IActorRef> owned, Props props, string name)
    {
        var actor = _system.ActorOf(props, $"{name}-{Guid.NewGuid():N}");
        owned.Add(actor);
        return actor;
    }

    internal void HostStarted(string scanId)
    {
        lock (_gate)
        {
            if (_byScan.TryGetValue(scanId, out var entry)) entry.Hosts++;
        }
    }

    internal void HostFinished(string scanId)
    {
        Interlocked.Increment(ref _done);
        lock (_gate)
        {
            if (!_byScan.TryGetValue(scanId, out var entry)) return;
            entry.Hosts = Math.Max(0, entry.Hosts - 1);
            if (entry.Hosts > 0) return;
            long generation = entry.Generation;
            _system.Scheduler.Advanced.ScheduleOnce(IdleRelease, () => ReleaseIfIdle(scanId, generation));
        }
    }

    private void ReleaseIfIdle(string scanId, long generation)
    {
        lock (_gate)
        {
            // Not if a host of the scan came here since.
            if (!_byScan.TryGetValue(scanId, out var entry) || entry.Hosts > 0 || entry.Generation != generation) return;
            _byScan.Remove(scanId);
            foreach (var actor in entry.Owned) _system.Stop(actor);
        }
    }

    /// <summary>Hosts being scanned here, per scan, and hosts finished since start.</summary>
    public ClusterProtocol.NodeStatus Status()
    {
        lock (_gate)
            return new(Node, _byScan.Where(h => h.Value.Hosts > 0).ToDictionary(h => h.Key, h => h.Value.Hosts), Interlocked.Read(ref _done));
    }

    private sealed class Entry(ScanServices services, List<IActorRef> owned)
    {
        public ScanServices Services { get; } = services;
        public List<IActorRef> Owned { get; } = owned;
        public int Hosts { get; set; }
        public long Generation { get; set; }
    }
}
