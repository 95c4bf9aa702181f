using Akka.Actor;
using Akka.Event;
using Akka.Actor.Internal;
using ProRT.Actors.Discovery;
using ProRT.Actors.Hosts;
using ProRT.Actors.PacketIo;
using ProRT.Actors.Persistence;
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
/// Runs one scan, event-sourced: every decision that matters after a crash (hosts handed out, discovery's verdicts,
/// port results in chunks, finished hosts, the end) is journaled before results reach any sink, and the journal is
/// replayed into a <see cref="ScanState"/> on start, so a scan killed at any point resumes where its journal ends,
/// re-probing only what was in flight. Hosts are pulled from the <see cref="TargetEnumerator"/> as slots free up
/// (--max-hostgroup); a host whose actor fails is reported with its error and the scan goes on.
/// </summary>
public sealed class ScanCoordinator : ReceiveActor, IWithTimers
{
    /// <summary>Messages the coordinator answers.</summary>
    public static class Protocol
    {
        /// <summary>Ask for the report; answered with <see cref="ScanCompleted"/> when the scan ends.</summary>
        public sealed record AwaitCompletion
        {
            /// <summary>The shared instance; the message carries no data.</summary>
            public static readonly AwaitCompletion Instance = new();
        }

        /// <summary>The finished scan's report, answering <see cref="AwaitCompletion"/>.</summary>
        /// <param name="Report">Every host with its ports, and the totals.</param>
        public sealed record ScanCompleted(ScanReport Report);

        /// <summary>How far the scan is.</summary>
        public sealed record GetProgress
        {
            /// <summary>The shared instance; the message carries no data.</summary>
            public static readonly GetProgress Instance = new();
        }

        /// <summary>Answers <see cref="GetProgress"/>.</summary>
        /// <param name="HostsDone">Hosts finished.</param>
        /// <param name="HostsInFlight">Hosts handed out and not finished.</param>
        /// <param name="PortsDone">Port results so far, journaled or waiting to be.</param>
        /// <param name="TargetsExhausted">True once every host has been handed out.</param>
        public sealed record Progress(long HostsDone, long HostsInFlight, long PortsDone, bool TargetsExhausted);

        /// <summary>Journal what is pending and stop; answered with <see cref="Paused"/>. The scan can be resumed.</summary>
        public sealed record Pause
        {
            /// <summary>The shared instance; the message carries no data.</summary>
            public static readonly Pause Instance = new();
        }

        /// <summary>Answers <see cref="Pause"/> once pending results are journaled; the coordinator then stops.</summary>
        /// <param name="ScanId">The scan to resume.</param>
        public sealed record Paused(string ScanId);

        internal sealed record HostFailed(IActorRef Host, Exception Cause);

        internal sealed record ScanBroken(Exception Cause);

        /// <summary>Recovery is over: start or go on.</summary>
        internal sealed record Begin
        {
            public static readonly Begin Instance = new();
        }

        internal sealed record Flush
        {
            public static readonly Flush Instance = new();
        }
    }

    /// <summary>Makes the actor that scans one host; <paramref name="done"/> are its ports a journal already holds.</summary>
    public delegate Props HostScannerFactory(Target target, ScanConfig config, ScanServices services, IReadOnlyList<ScanResult> done);

    /// <summary>Port results are journaled at least this often while a scan runs...</summary>
    private static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>...and as soon as this many are waiting.</summary>
    private const int FlushResults = 4096;

    /// <summary>Hosts probed for life at once (nmap pings in far larger groups than it scans).</summary>
    private const int DiscoveryGroup = 1024;

    private readonly ScanDefinition _definition;
    private ScanConfig _config;
    private readonly HostScannerFactory _hostScanner;
    private readonly string _version;
    private readonly PacketIoSettings? _packetIo;
    private readonly Services.ServiceProber? _prober;
    private readonly IActorRef _publisher;
    private readonly Dictionary<IActorRef, Target> _inFlight = new();
    private readonly List<IActorRef> _waiting = new();
    private readonly Queue<Target> _ready = new();
    private readonly List<ScanResult> _pendingPorts = new();
    // What to do once each batch sent to the journal is written, in the order they were sent.
    private readonly Queue<(long Batch, List<Action> Then)> _afterWrite = new();
    private readonly IActorRef _journal;
    private readonly bool _fresh;
    private long _batches;
    private IActorRef? _pausedBy;
    private bool _settled;
    private ScanState _state = ScanState.Empty;
    private ScanState _replayed = ScanState.Empty;
    private int _hostgroup;
    private readonly JournalReplay _replay = new();
    private IActorRef _enumerator = ActorRefs.Nobody;
    private IActorRef _discovery = ActorRefs.Nobody;
    private IActorRef _router = ActorRefs.Nobody;
    private IProbePermits _permits = UnlimitedPermits.Instance;
    private ScanReport? _report;
    private int _discovering;
    private bool _requested, _finishing;

    /// <summary>A coordinator for the scan <paramref name="definition"/>: a new scan, or a resume when the journal holds its id.</summary>
    /// <param name="definition">The scan; its id names the journal.</param>
    /// <param name="sinks">Receive the results once they are journaled.</param>
    /// <param name="version">Scanner version for the report header.</param>
    /// <param name="hostScanner">Makes the actor that scans one host; <see cref="HostScanner.Props"/> by default (tests swap it).</param>
    /// <param name="packetIo">Raw-packet settings; derived from the configuration when null.</param>
    /// <param name="prober">Service detection for -sV; null without it.</param>
    /// <param name="fresh">The scan id is new, so the journal cannot hold it: the scan starts at once, while the
    /// journal recovers (nothing) and starts, instead of after.</param>
    public ScanCoordinator(ScanDefinition definition, IReadOnlyList<IResultSink> sinks, string version,
        HostScannerFactory? hostScanner = null, PacketIoSettings? packetIo = null, Services.ServiceProber? prober = null,
        bool fresh = false)
    {
        _fresh = fresh;
        _prober = prober;
        _definition = definition;
        _config = definition.Config;
        _packetIo = packetIo;
        _hostScanner = hostScanner ?? HostScanner.Props;
        _version = version;
        _publisher = Context.ActorOf(ResultPublisher.Props(sinks), "results");
        _journal = Context.ActorOf(ScanJournalWriter.Props(definition.ScanId), "journal");
        Context.Watch(_journal);
        if (fresh) Self.Tell(Protocol.Begin.Instance);

        Receive<ScanJournalWriter.Recovered>(m =>
        {
            if (_fresh)
            {
                if (m.State.Started) Fail(new JournalException($"scan {_definition.ScanId} is already in the journal"));
                return;
            }
            _state = m.State;
            if (!_state.Started)
            {
                Begin();
                return;
            }
            // A resume: the sinks first get what the journal holds, a page at a time, then the scan goes on.
            _config = _state.Definition!.Config;
            Context.ActorOf(JournalReader.Props(ScanJournalWriter.JournalId(_definition.ScanId), m.LastSequenceNr), "journal-reader");
        });
        Receive<JournalReader.Page>(m =>
        {
            foreach (var e in m.Events)
            {
                if (!_replayed.Started && e is not ScanStarted) Compacted();
                Replay(e);
            }
            if (m.Last)
            {
                if (!_replayed.Started) Compacted();
                Begin();
                return;
            }
            // The next page once the sinks have taken this one.
            _publisher.Tell(new ResultPublisher.Protocol.Ack(JournalReader.Next.Instance));
        });
        Receive<JournalReader.Next>(_ => Context.Child("journal-reader").Tell(JournalReader.Next.Instance));
        Receive<JournalReader.Failed>(m => Fail(m.Cause));
        Receive<ScanJournalWriter.Written>(m =>
        {
            while (_afterWrite.TryPeek(out var next) && next.Batch <= m.Batch)
            {
                _afterWrite.Dequeue();
                foreach (var then in next.Then) then();
            }
        });
        Receive<ScanJournalWriter.Synced>(_ =>
        {
            if (_pausedBy is { } pausedBy)
            {
                pausedBy.Tell(new Protocol.Paused(_definition.ScanId));
                Context.Stop(Self);
                return;
            }
            _settled = true;
            AnswerWaiters();
        });
        Receive<ScanJournalWriter.Failed>(m => Fail(m.Cause));

        Receive<Protocol.AwaitCompletion>(_ =>
        {
            _waiting.Add(Sender);
            AnswerWaiters();
        });
        Receive<Protocol.GetProgress>(_ => Sender.Tell(new Protocol.Progress(
            _state.HostsDone, _state.InFlight.Count, _state.PortsDone + _pendingPorts.Count, _state.Exhausted)));
        Receive<Protocol.Begin>(_ => Begin());
        Receive<Protocol.Flush>(_ => FlushPorts());
        Receive<Protocol.Pause>(_ =>
        {
            FlushPorts();
            _pausedBy = Sender;
            _journal.Tell(ScanJournalWriter.Sync.Instance);
        });
        Receive<TargetEnumerator.Protocol.HostsBatch>(OnHosts);
        Receive<HostScanner.Protocol.PortsFound>(m =>
        {
            _pendingPorts.AddRange(m.Results);
            if (_pendingPorts.Count >= FlushResults) FlushPorts();
        });
        Receive<HostScanner.Protocol.HostScanCompleted>(m => HostDone(Sender, m.Result));
        Receive<HostDiscovery.Protocol.HostsDiscovered>(OnDiscovered);
        Receive<StatelessSweep.Protocol.HostSwept>(m =>
        {
            // The next host once this one is journaled (at once when the journal has it from a run before).
            var sweep = Sender;
            if (!Record(new ScanCommand.FinishHosts([m.Host]), () => sweep.Tell(StatelessSweep.Protocol.NextHost.Instance)))
                sweep.Tell(StatelessSweep.Protocol.NextHost.Instance);
        });
        Receive<StatelessSweep.Protocol.SweepCompleted>(_ =>
        {
            Record(new ScanCommand.Issue([], Exhausted: true));
            TryFinish();
        });
        Receive<Protocol.HostFailed>(m =>
        {
            if (_inFlight.TryGetValue(m.Host, out var target))
                HostDone(m.Host, new HostResult(Ipv4.ToAddress(target.Address), target.Hostname, HostState.Down,
                    "error", [], Error: Describe(m.Cause)));
        });
        Receive<Protocol.ScanBroken>(m => Fail(m.Cause));
        Receive<Terminated>(t =>
        {
            if (t.ActorRef.Equals(_journal))
                Fail(new JournalException("the scan journal stopped; the scan can be resumed from what was written"));
            else if (_inFlight.TryGetValue(t.ActorRef, out var target))
                HostDone(t.ActorRef, new HostResult(Ipv4.ToAddress(target.Address), target.Hostname, HostState.Down,
                    "error", [], Error: "host scanner stopped unexpectedly"));
        });
        Receive<ResultPublisher.Protocol.ScanFinished>(m =>
        {
            _report = m.Report;
            // Answered once the journal's last writes (often a snapshot, and the delete of the one before) are done.
            _journal.Tell(ScanJournalWriter.Sync.Instance);
        });
    }

    /// <summary>Props for a <see cref="ScanCoordinator"/>; parameters as for the constructor.</summary>
    public static Props Props(ScanDefinition definition, IReadOnlyList<IResultSink> sinks, string version,
        HostScannerFactory? hostScanner = null, PacketIoSettings? packetIo = null, Services.ServiceProber? prober = null,
        bool fresh = false) =>
        Akka.Actor.Props.Create(() => new ScanCoordinator(definition, sinks, version, hostScanner, packetIo, prober, fresh));

    /// <summary>The journal's name for a scan.</summary>
    public static string JournalId(string scanId) => ScanJournalWriter.JournalId(scanId);

    /// <summary>Set by Akka: schedules the periodic journaling of port results.</summary>
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Host actors are stopped and reported; a failure anywhere else ends the scan.</summary>
    protected override SupervisorStrategy SupervisorStrategy() => new HostFailureStrategy();

    private ScanInfo Info(DateTimeOffset? end) => InfoOf(_config, _version, _state.Definition!.Start, end);

    /// <summary>The report header of a scan of <paramref name="config"/>.</summary>
    internal static ScanInfo InfoOf(ScanConfig config, string version, DateTimeOffset start, DateTimeOffset? end) =>
        new(version, start, end, config.ScanTypes.Select(t => t.ToReportName()).ToList(), config.TargetTexts,
            config.AlsoUdp
                ? $"T:{PortList.Describe(config.Ports.Tcp)},U:{PortList.Describe(config.Ports.Udp)}"
                : PortList.Describe(config.ScannedPorts));

    /// <summary>After recovery: start a new scan, or go on with a journaled one from where its journal ends.</summary>
    private void Begin()
    {
        bool resumed = _state.Started;
        Record(new ScanCommand.Start(_definition));
        StartupTrace.Mark("scan begins");
        _config = _state.Definition!.Config;
        _hostgroup = _config.Hostgroup;
        if (!resumed) _publisher.Tell(new ResultPublisher.Protocol.ScanStarted(Info(null)));
        if (_state.Completed)
        {
            Publish(Report());
            return;
        }

        Timers.StartPeriodicTimer("flush", Protocol.Flush.Instance, FlushInterval);
        if (_config.UsesRawPackets)
            _router = Context.ActorOf(PacketIoRouter.Props(_packetIo ?? PacketIoSettings.For(_config)), "packet-io");
        if (_config.Stateless)
        {
            // A sweep keeps no state per probe, so it is journaled when it ends; a resumed sweep sweeps again.
            Context.ActorOf(StatelessSweep.Props(_config, _router, _publisher, ScanTechniques.ForTcp(_config.ScanType, _config.ScanFlags)), "sweep");
            return;
        }
        if (!_state.Exhausted)
            _enumerator = Context.ActorOf(TargetEnumerator.Props(_config.Targets, _state.Issued), "targets");
        if (_config.Discovers) _discovery = Context.ActorOf(HostDiscovery.Props(_config, _router), "discovery");
        if (RateLimiter.EffectiveRate(_config.MaxRate, _config.Timing) is { } rate)
            _permits = new RateLimiterPermits(Context.ActorOf(RateLimiter.Props(rate), "rate"));

        // Hosts the journal left in flight: scanned again, less the ports it already holds.
        var undiscovered = new List<Target>();
        var pingedOnly = new List<HostResult>();
        foreach (var host in _state.InFlight.Values.OrderBy(h => h.Target.Address))
        {
            if (_config.Discovers && host.Discovery is null) undiscovered.Add(host.Target);
            else if (_config.PingOnly)
                pingedOnly.Add(new HostResult(Ipv4.ToAddress(host.Target.Address), host.Target.Hostname, HostState.Up,
                    host.Discovery?.Reason ?? "user-set", [], host.Discovery?.Latency));
            else _ready.Enqueue(host.Target);
        }
        Record(new ScanCommand.FinishHosts(pingedOnly));
        if (undiscovered.Count > 0)
        {
            _discovering += undiscovered.Count;
            _discovery.Tell(new HostDiscovery.Protocol.DiscoverHosts(undiscovered));
        }
        FillSlots();
        RequestHosts();
        TryFinish();
    }

    /// <summary>
    /// The journal does not start with the scan: an earlier prtip deleted the events its snapshots covered. The outputs
    /// still open and close whole, with the hosts the journal still holds; the user is told so, not left to find out.
    /// </summary>
    private void Compacted()
    {
        Context.GetLogger().Warning("scan {0} was journaled by an earlier prtip that deleted old entries: the outputs written " +
            "again hold only the hosts finished after them (the totals count every host)", _definition.ScanId);
        _replayed = ScanState.Empty with { Definition = _state.Definition };
        _publisher.Tell(new ResultPublisher.Protocol.ScanStarted(Info(null)));
    }

    /// <summary>
    /// A resumed scan's sinks first get everything the journal holds, event by event as it is read, so outputs come
    /// out whole while nothing but the hosts in flight is kept. The report of an ended scan is published by Begin.
    /// </summary>
    private void Replay(IScanEvent e)
    {
        var before = _replayed;
        _replayed = _replayed.Apply(e);
        switch (e)
        {
            case ScanStarted:
                _publisher.Tell(new ResultPublisher.Protocol.ScanStarted(Info(null)));
                break;
            case PortsResolved p:
                _replay.Take(e, before);
                _publisher.Tell(new ResultPublisher.Protocol.PortsFound(p.Results));
                break;
            case HostsFinished:
                foreach (var host in _replay.Take(e, before)) _publisher.Tell(new ResultPublisher.Protocol.HostFinished(host));
                break;
        }
    }

    /// <summary>
    /// Turns a command into events, applies them at once (so the next decision sees them) and sends them to the
    /// journal; sinks hear of results only once their events are written. A failed write stops the scan
    /// (<see cref="ScanJournalWriter.Failed"/>).
    /// </summary>
    /// <returns>False when the command yields no event (nothing to journal, and <paramref name="afterWrite"/> is not called).</returns>
    private bool Record(ScanCommand command, Action? afterWrite = null)
    {
        var events = _state.Process(command);
        if (events.Count == 0) return false;
        var then = new List<Action>(events.Count + 1);
        foreach (var e in events)
        {
            _state = _state.Apply(e);
            if (SinkUpdate(e, command) is { } update) then.Add(update);
        }
        if (afterWrite is not null) then.Add(afterWrite);
        long batch = ++_batches;
        _afterWrite.Enqueue((batch, then));
        _journal.Tell(new ScanJournalWriter.Write(events, batch, _state));
        return true;
    }

    /// <summary>What the sinks are told once event <paramref name="e"/>, from <paramref name="command"/>, is journaled.</summary>
    private Action? SinkUpdate(IScanEvent e, ScanCommand command)
    {
        switch (e)
        {
            case PortsResolved p:
                return () => _publisher.Tell(new ResultPublisher.Protocol.PortsFound(p.Results));
            case HostsFinished f:
                // The hosts as their scanners reported them, with every port (the event leaves out those journaled
                // already); the state keeps none of them.
                var finished = f.Results.Select(h => h.Address).ToHashSet();
                var hosts = ((ScanCommand.FinishHosts)command).Results.Where(h => finished.Remove(h.Address)).ToList();
                return () =>
                {
                    foreach (var h in hosts) _publisher.Tell(new ResultPublisher.Protocol.HostFinished(h));
                };
            case ScanEnded:
                var report = Report();
                return () => Publish(report);
            default:
                return null;
        }
    }

    private void Publish(ScanReport report) => _publisher.Tell(new ResultPublisher.Protocol.ScanFinished(report));

    /// <summary>The report: header and totals. Hosts went to the sinks as they finished and are not kept.</summary>
    private ScanReport Report()
    {
        var end = _state.End ?? DateTimeOffset.UtcNow;
        return new ScanReport(Info(end), [], _state.Statistics(_state.Definition!.Start, end));
    }

    private void FlushPorts()
    {
        if (_pendingPorts.Count == 0) return;
        Record(new ScanCommand.RecordPorts(_pendingPorts.ToArray()));
        _pendingPorts.Clear();
    }

    private void OnHosts(TargetEnumerator.Protocol.HostsBatch batch)
    {
        _requested = false;
        Record(new ScanCommand.Issue(batch.Hosts, batch.Exhausted));
        if (_config.Discovers && batch.Hosts.Count > 0)
        {
            _discovering += batch.Hosts.Count;
            _discovery.Tell(new HostDiscovery.Protocol.DiscoverHosts(batch.Hosts));
        }
        else if (_config.PingOnly)
        {
            // -sn -Pn: every host counts as up and nothing is probed.
            Record(new ScanCommand.FinishHosts(batch.Hosts
                .Select(t => new HostResult(Ipv4.ToAddress(t.Address), t.Hostname, HostState.Up, "user-set", [])).ToList()));
        }
        else
        {
            foreach (var target in batch.Hosts) _ready.Enqueue(target);
            FillSlots();
        }
        RequestHosts();
        TryFinish();
    }

    private void OnDiscovered(HostDiscovery.Protocol.HostsDiscovered m)
    {
        _discovering -= m.Hosts.Count;
        var verdicts = m.Hosts.Select(d => new DiscoveredHost(d.Target, d.State, d.Reason, d.Latency)).ToList();
        var finished = verdicts.Where(d => d.State == HostState.Down || _config.PingOnly)
            .Select(d => new HostResult(Ipv4.ToAddress(d.Target.Address), d.Target.Hostname, d.State, d.Reason, [],
                d.State == HostState.Up ? d.Latency : null))
            .ToList();
        var up = verdicts.Where(d => d.State == HostState.Up && !_config.PingOnly).ToList();
        Record(new ScanCommand.Discover(up));
        Record(new ScanCommand.FinishHosts(finished));
        foreach (var d in up) _ready.Enqueue(d.Target);
        FillSlots();
        RequestHosts();
        TryFinish();
    }

    /// <summary>Starts scanners for hosts ready to scan as --max-hostgroup allows.</summary>
    private void FillSlots()
    {
        while (_inFlight.Count < _hostgroup && _ready.TryDequeue(out var target)) StartHost(target);
    }

    private void StartHost(Target target)
    {
        var done = _replay.TakeDone(target.Address);
        var host = Context.ActorOf(_hostScanner(target, _config, new ScanServices(_permits, _router, _prober), done),
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
        if (_state.InFlight.TryGetValue(Ipv4.ToUInt32(result.Address), out var f) && f.Discovery is { } d && result.Error is null)
            result = result with { State = HostState.Up, Reason = d.Reason, Latency = result.Latency ?? d.Latency };
        FlushPorts();
        Record(new ScanCommand.FinishHosts([result]));
        FillSlots();
        RequestHosts();
        TryFinish();
    }

    private void RequestHosts()
    {
        int free = _config.Discovers
            ? DiscoveryGroup - _discovering - _ready.Count - _inFlight.Count
            : _hostgroup - _inFlight.Count - _ready.Count;
        if (_state.Exhausted || _requested || free <= 0 || _enumerator.IsNobody()) return;
        _requested = true;
        _enumerator.Tell(new TargetEnumerator.Protocol.RequestHosts(free));
    }

    private void TryFinish()
    {
        if (!_state.Exhausted || !_state.InFlight.IsEmpty || _inFlight.Count > 0 || _discovering > 0 || _ready.Count > 0 || _finishing) return;
        _finishing = true;
        FlushPorts();
        long? total = _config.Stateless
            ? _config.Targets.Exclude.Count == 0 ? (long)_config.Targets.MaxCount : _config.Targets.Enumerate().LongCount()
            : null;
        Record(new ScanCommand.End(DateTimeOffset.UtcNow, total));
    }

    /// <summary>
    /// The report goes out once the scan has ended and the journal's last writes are answered: whoever waits for it
    /// stops the actor system next, which would drop them, and a big scan's last snapshot often lands at its end.
    /// </summary>
    private void AnswerWaiters()
    {
        if (_report is null || !_settled) return;
        foreach (var w in _waiting) w.Tell(new Protocol.ScanCompleted(_report));
        _waiting.Clear();
    }

    private void Fail(Exception cause)
    {
        // The scan's own machinery failed (not one host): fail every waiter and stop.
        foreach (var w in _waiting) w.Tell(new Status.Failure(cause));
        _waiting.Clear();
        Context.Stop(Self);
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
