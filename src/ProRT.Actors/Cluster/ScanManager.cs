using Akka.Actor;
using Akka.Persistence;
using ProRT.Actors.Results;
using ProRT.Actors.Scanning;
using ProRT.Protocols.Results;

namespace ProRT.Actors.Cluster;

/// <summary>
/// The cluster singleton that runs submitted scans: one persistent <see cref="ScanCoordinator"/> per scan, whose
/// hosts go to the sharded <see cref="HostScanEntity"/> on every member. It journals which scans are open, so when
/// its node dies and the singleton starts on another member, it restarts their coordinators, which recover from the
/// shared journal and go on where it ends.
/// </summary>
public sealed class ScanManager : ReceivePersistentActor
{
    private readonly IActorRef _region;
    private readonly string _version;
    private readonly Dictionary<string, ClusterProtocol.ScanSubmitted> _open = new();
    private readonly Dictionary<IActorRef, string> _coordinators = new();
    private readonly HashSet<string> _closing = new();

    /// <summary>A manager handing hosts to <paramref name="region"/>.</summary>
    public ScanManager(IActorRef region, string version)
    {
        _region = region;
        _version = version;
        Recover<ClusterProtocol.ScanSubmitted>(e => _open[e.Definition.ScanId] = e);
        Recover<ClusterProtocol.ScanClosed>(e => _open.Remove(e.ScanId));
        Recover<RecoveryCompleted>(_ =>
        {
            // Scans left open by a manager that died: their coordinators resume from the journal.
            foreach (var scan in _open.Values) StartCoordinator(scan);
        });

        Command<ClusterProtocol.SubmitScan>(m =>
        {
            var id = m.Definition.ScanId;
            if (_open.ContainsKey(id))
            {
                Sender.Tell(new ClusterProtocol.ScanAccepted(id, $"scan '{id}' is already running"));
                return;
            }
            var submitted = new ClusterProtocol.ScanSubmitted(m.Definition, Akka.Serialization.Serialization.SerializedActorPath(m.Client));
            var replyTo = Sender;
            Persist(submitted, e =>
            {
                _open[id] = e;
                StartCoordinator(e);
                replyTo.Tell(new ClusterProtocol.ScanAccepted(id, null));
            });
        });
        Command<ClusterProtocol.GetScans>(_ => Sender.Tell(new ClusterProtocol.Scans(_open.Keys.Order().ToArray())));
        Command<Ended>(m => Close(m.ScanId, m.Client, m.Error));
        Command<Terminated>(t =>
        {
            if (!_coordinators.Remove(t.ActorRef, out var id) || !_open.TryGetValue(id, out var scan)) return;
            Close(id, Client(scan), "the scan's coordinator stopped");
        });
    }

    /// <summary>Props for the singleton manager.</summary>
    public static Props Props(IActorRef region, string version) => Akka.Actor.Props.Create(() => new ScanManager(region, version));

    /// <summary>One manager for the whole cluster.</summary>
    public override string PersistenceId => "prtip-cluster-scans";

    private IActorRef Client(ClusterProtocol.ScanSubmitted scan) => ((ExtendedActorSystem)Context.System).Provider.ResolveActorRef(scan.ClientPath);

    private void StartCoordinator(ClusterProtocol.ScanSubmitted scan)
    {
        var client = Client(scan);
        var definition = scan.Definition;
        var coordinator = Context.ActorOf(ScanCoordinator.Props(definition, [new ClientSink(definition.ScanId, client)], _version,
            hostScanner: RemoteHostScanner.Factory(_region, definition)), $"scan-{Uri.EscapeDataString(definition.ScanId)}-{Guid.NewGuid():N}");
        Context.Watch(coordinator);
        _coordinators[coordinator] = definition.ScanId;
        var self = Self;
        coordinator.Ask<ScanCoordinator.Protocol.ScanCompleted>(ScanCoordinator.Protocol.AwaitCompletion.Instance, Timeout.InfiniteTimeSpan)
            .ContinueWith(t => new Ended(definition.ScanId, client, t.IsCompletedSuccessfully ? null : t.Exception?.GetBaseException().Message ?? "the scan failed"),
                TaskScheduler.Default)
            .PipeTo(self);
    }

    private void Close(string scanId, IActorRef client, string? error)
    {
        // Once: the coordinator's answer and its termination both ask for it.
        if (!_open.ContainsKey(scanId) || !_closing.Add(scanId)) return;
        foreach (var (coordinator, id) in _coordinators.Where(c => c.Value == scanId).ToList())
        {
            Context.Unwatch(coordinator);
            _coordinators.Remove(coordinator);
            Context.Stop(coordinator);
        }
        Persist(new ClusterProtocol.ScanClosed(scanId), _ =>
        {
            _open.Remove(scanId);
            _closing.Remove(scanId);
            client.Tell(new ClusterProtocol.ScanEnded(scanId, error));
        });
    }

    private sealed record Ended(string ScanId, IActorRef Client, string? Error);

    /// <summary>Streams each finished (journaled) host to the client that submitted the scan.</summary>
    private sealed class ClientSink(string scanId, IActorRef client) : IResultSink
    {
        // The host with its open ports: the client reports progress from it and writes outputs from the journal.
        public void OnHost(HostResult host) =>
            client.Tell(new ClusterProtocol.HostReport(scanId, host with { Ports = host.Ports.Where(p => p.State == PortState.Open).ToArray() }));
    }
}
