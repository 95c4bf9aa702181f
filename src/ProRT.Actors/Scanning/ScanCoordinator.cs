using Akka.Actor;
using Akka.Actor.Internal;
using ProRT.Actors.Discovery;
using ProRT.Actors.Hosts;
using ProRT.Actors.PacketIo;
using ProRT.Actors.Results;
using ProRT.Actors.Techniques.Stateless;
using ProRT.Protocols.Techniques;
using ProRT.Actors.Targets;
using ProRT.Actors.Timing;
using ProRT.Protocols.Ports;
using ProRT.Protocols.Results;
using ProRT.Protocols.Scanning;
using ProRT.Protocols.Targets;

namespace ProRT.Actors.Scanning;

/// <summary>
/// Runs one scan: pulls hosts from the <see cref="TargetEnumerator"/> as host slots free up (--max-hostgroup),
/// gives each to a <see cref="HostScanner"/>, sends finished hosts to the <see cref="ResultPublisher"/>, and
/// answers with the <see cref="ScanReport"/> once every host is done. A host whose actor fails is reported with
/// its error; the rest of the scan goes on.
/// </summary>
public sealed class ScanCoordinator : ReceiveActor
{
    public static class Protocol
    {
        /// <summary>Ask for the report; answered with <see cref="ScanCompleted"/> when the scan ends.</summary>
        public sealed record AwaitCompletion
        {
            public static readonly AwaitCompletion Instance = new();
        }

        public sealed record ScanCompleted(ScanReport Report);

        /// <summary>How far the scan is.</summary>
        public sealed record GetProgress
        {
            public static readonly GetProgress Instance = new();
        }

        public sealed record Progress(long HostsDone, long HostsInFlight, long PortsDone, bool TargetsExhausted);

        internal sealed record HostFailed(IActorRef Host, Exception Cause);

        internal sealed record ScanBroken(Exception Cause);
    }

    /// <summary>Makes the actor that scans one host; tests substitute their own.</summary>
    public delegate Props HostScannerFactory(Target target, ScanConfig config, ScanServices services);

    private readonly ScanConfig _config;
    private readonly HostScannerFactory _hostScanner;
    private readonly string _version;
    private readonly DateTimeOffset _start = DateTimeOffset.UtcNow;
    private readonly Dictionary<IActorRef, Target> _inFlight = new();
    private readonly List<HostResult> _done = new();
    private readonly List<IActorRef> _waiting = new();
    private IActorRef _enumerator = ActorRefs.Nobody;
    private IActorRef _publisher = ActorRefs.Nobody;
    private IProbePermits _permits = UnlimitedPermits.Instance;
    private ScanReport? _report;
    private readonly Dictionary<uint, HostDiscovery.Protocol.Discovered> _discovered = new();
    private IActorRef _discovery = ActorRefs.Nobody;
    private readonly Queue<Target> _ready = new();
    private int _discovering;

    /// <summary>Hosts probed for life at once (nmap pings in far larger groups than it scans).</summary>
    private const int DiscoveryGroup = 1024;
    private bool _exhausted, _requested, _finishing;
    private long _portsDone;

    private readonly PacketIoSettings? _packetIo;
    private IActorRef _router = ActorRefs.Nobody;

    public ScanCoordinator(ScanConfig config, IReadOnlyList<IResultSink> sinks, string version,
        HostScannerFactory? hostScanner = null, PacketIoSettings? packetIo = null)
    {
        _config = config;
        _packetIo = packetIo;
        _hostScanner = hostScanner ?? HostScanner.Props;
        _version = version;
        _publisher = Context.ActorOf(ResultPublisher.Props(sinks), "results");

        Receive<Protocol.AwaitCompletion>(_ =>
        {
            if (_report is not null) Sender.Tell(new Protocol.ScanCompleted(_report));
            else _waiting.Add(Sender);
        });
        Receive<Protocol.GetProgress>(_ =>
            Sender.Tell(new Protocol.Progress(_done.Count, _inFlight.Count, _portsDone, _exhausted)));
        Receive<TargetEnumerator.Protocol.HostsBatch>(OnHosts);
        Receive<ResultPublisher.Protocol.PortsFound>(m => _portsDone += m.Results.Count);
        Receive<HostScanner.Protocol.HostScanCompleted>(m => HostDone(Sender, m.Result));
        Receive<HostDiscovery.Protocol.HostsDiscovered>(OnDiscovered);
        Receive<StatelessSweep.Protocol.SweepCompleted>(m =>
        {
            foreach (var host in m.Hosts) Record(host);
            _exhausted = true;
            TryFinish();
        });
        Receive<Protocol.HostFailed>(m =>
        {
            if (_inFlight.TryGetValue(m.Host, out var target))
                HostDone(m.Host, new HostResult(Ipv4.ToAddress(target.Address), target.Hostname, HostState.Down,
                    "error", [], Error: Describe(m.Cause)));
        });
        Receive<Protocol.ScanBroken>(m =>
        {
            // The scan's own machinery failed (not one host): fail every waiter and stop.
            foreach (var w in _waiting) w.Tell(new Status.Failure(m.Cause));
            _waiting.Clear();
            Context.Stop(Self);
        });
        Receive<Terminated>(t =>
        {
            if (_inFlight.TryGetValue(t.ActorRef, out var target))
                HostDone(t.ActorRef, new HostResult(Ipv4.ToAddress(target.Address), target.Hostname, HostState.Down,
                    "error", [], Error: "host scanner stopped unexpectedly"));
        });
        Receive<ResultPublisher.Protocol.ScanFinished>(m =>
        {
            _report = m.Report;
            foreach (var w in _waiting) w.Tell(new Protocol.ScanCompleted(m.Report));
            _waiting.Clear();
        });
    }

    public static Props Props(ScanConfig config, IReadOnlyList<IResultSink> sinks, string version,
        HostScannerFactory? hostScanner = null, PacketIoSettings? packetIo = null) =>
        Akka.Actor.Props.Create(() => new ScanCoordinator(config, sinks, version, hostScanner, packetIo));

    private ScanInfo Info(DateTimeOffset? end) => new(_version, _start, end,
        _config.ScanTypes.Select(t => t.ToReportName()).ToList(), _config.TargetTexts, DescribePorts());

    private string DescribePorts() => _config.AlsoUdp
        ? $"T:{PortList.Describe(_config.Ports.Tcp)},U:{PortList.Describe(_config.Ports.Udp)}"
        : PortList.Describe(_config.ScannedPorts);

    protected override void PreStart()
    {
        if (_config.UsesRawPackets)
            _router = Context.ActorOf(PacketIoRouter.Props(_packetIo ?? PacketIoSettings.Create(_config.SourcePort, null, _config.Interface)), "packet-io");
        _publisher.Tell(new ResultPublisher.Protocol.ScanStarted(Info(null)));
        if (_config.Stateless)
        {
            Context.ActorOf(StatelessSweep.Props(_config, _router, _publisher, ScanTechniques.ForTcp(_config.ScanType, _config.ScanFlags)), "sweep");
            return;
        }
        _enumerator = Context.ActorOf(TargetEnumerator.Props(_config.Targets), "targets");
        if (_config.Discovers) _discovery = Context.ActorOf(HostDiscovery.Props(_config, _router), "discovery");
        if (RateLimiter.EffectiveRate(_config.MaxRate, _config.Timing) is { } rate)
            _permits = new RateLimiterPermits(Context.ActorOf(RateLimiter.Props(rate), "rate"));
        RequestHosts();
    }

    /// <summary>Host actors are stopped and reported; a failure anywhere else ends the scan.</summary>
    protected override SupervisorStrategy SupervisorStrategy() => new HostFailureStrategy();

    private void OnHosts(TargetEnumerator.Protocol.HostsBatch batch)
    {
        _requested = false;
        _exhausted = batch.Exhausted;
        if (_config.Discovers && batch.Hosts.Count > 0)
        {
            _discovering += batch.Hosts.Count;
            _discovery.Tell(new HostDiscovery.Protocol.DiscoverHosts(batch.Hosts));
        }
        else if (_config.PingOnly)
        {
            // -sn -Pn: every host counts as up and nothing is probed.
            foreach (var t in batch.Hosts)
                Record(new HostResult(Ipv4.ToAddress(t.Address), t.Hostname, HostState.Up, "user-set", []));
        }
        else
        {
            foreach (var target in batch.Hosts) StartHost(target);
        }
        RequestHosts();
        TryFinish();
    }

    private void OnDiscovered(HostDiscovery.Protocol.HostsDiscovered m)
    {
        _discovering -= m.Hosts.Count;
        foreach (var d in m.Hosts)
        {
            var address = Ipv4.ToAddress(d.Target.Address);
            if (d.State == HostState.Down)
                Record(new HostResult(address, d.Target.Hostname, HostState.Down, d.Reason, []));
            else if (_config.PingOnly)
                Record(new HostResult(address, d.Target.Hostname, HostState.Up, d.Reason, [], d.Latency));
            else
            {
                _discovered[d.Target.Address] = d;
                _ready.Enqueue(d.Target);
            }
        }
        FillSlots();
        RequestHosts();
        TryFinish();
    }

    private void Record(HostResult result)
    {
        _done.Add(result);
        _publisher.Tell(new ResultPublisher.Protocol.HostFinished(result));
    }

    /// <summary>Starts scanners for discovered hosts as --max-hostgroup allows.</summary>
    private void FillSlots()
    {
        while (_inFlight.Count < _config.MaxHostgroup && _ready.TryDequeue(out var target)) StartHost(target);
    }

    private void StartHost(Target target)
    {
        var host = Context.ActorOf(_hostScanner(target, _config, new ScanServices(_permits, _publisher, _router)),
            $"host-{Ipv4.Format(target.Address)}");
        Context.Watch(host);
        _inFlight[host] = target;
    }

    private void HostDone(IActorRef host, HostResult result)
    {
        if (!_inFlight.Remove(host)) return;
        Context.Unwatch(host);
        Context.Stop(host);
        // A host that discovery found up is up, whatever its ports said, with discovery's reason.
        if (_discovered.Remove(Ipv4.ToUInt32(result.Address), out var d) && result.Error is null)
            result = result with { State = HostState.Up, Reason = d.Reason, Latency = result.Latency ?? d.Latency };
        Record(result);
        FillSlots();
        RequestHosts();
        TryFinish();
    }

    private void RequestHosts()
    {
        int free = _config.Discovers
            ? DiscoveryGroup - _discovering - _ready.Count - _inFlight.Count
            : _config.MaxHostgroup - _inFlight.Count;
        if (_exhausted || _requested || free <= 0) return;
        _requested = true;
        _enumerator.Tell(new TargetEnumerator.Protocol.RequestHosts(free));
    }

    private void TryFinish()
    {
        if (!_exhausted || _inFlight.Count > 0 || _discovering > 0 || _ready.Count > 0 || _finishing) return;
        _finishing = true;
        var end = DateTimeOffset.UtcNow;
        var hosts = _done.OrderBy(h => Ipv4.ToUInt32(h.Address)).ToList();
        long? total = _config.Stateless
            ? _config.Targets.Exclude.Count == 0 ? (long)_config.Targets.MaxCount : _config.Targets.Enumerate().LongCount()
            : null;
        var report = new ScanReport(Info(end), hosts, ScanReport.Summarize(hosts, _start, end, total));
        _publisher.Tell(new ResultPublisher.Protocol.ScanFinished(report));
    }

    private static string Describe(Exception e) =>
        e is ActorInitializationException ? e.GetBaseException().Message : e.Message;

    private sealed class HostFailureStrategy() : OneForOneStrategy(_ => Directive.Stop)
    {
        public override void ProcessFailure(IActorContext context, bool restart, IActorRef child, Exception cause,
            ChildRestartStats stats, IReadOnlyCollection<ChildRestartStats> children)
        {
            context.Self.Tell(child.Path.Name.StartsWith("host-", StringComparison.Ordinal)
                ? new Protocol.HostFailed(child, cause)
                : new Protocol.ScanBroken(cause));
            base.ProcessFailure(context, restart, child, cause, stats, children);
        }
    }
}
