using Akka.Actor;
using ProRT.Actors.Hosts;
using ProRT.Actors.Persistence;
using ProRT.Actors.Scanning;
using ProRT.Protocols.Results;
using ProRT.Protocols.Targets;

namespace ProRT.Actors.Cluster;

/// <summary>
/// The coordinator's stand-in for a host scanned elsewhere in the cluster: it hands the host to the shard region,
/// relays what the sharded scanner reports as if it were a local <see cref="HostScanner"/>, and watches that scanner.
/// When its node dies (downed by the split-brain resolver) the host is handed out again, less the ports already
/// reported, and its shard's new node scans the rest; nothing already journaled is probed twice.
/// </summary>
public sealed class RemoteHostScanner : ReceiveActor, IWithTimers
{
    /// <summary>A host not started anywhere within this time is handed out again (its message may have died with a node).</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);

    private readonly ClusterProtocol.ScanHost _request;
    private readonly IActorRef _region;
    private readonly List<ScanResult> _done;
    private IActorRef _scanner = ActorRefs.Nobody;

    /// <summary>A stand-in that asks <paramref name="region"/> to scan <paramref name="target"/>.</summary>
    public RemoteHostScanner(IActorRef region, ScanDefinition definition, Target target, IReadOnlyList<ScanResult> done)
    {
        _region = region;
        _done = done.ToList();
        _request = new ClusterProtocol.ScanHost(definition.ScanId, definition, target, [], Self);
        Receive<ClusterProtocol.HostScanStarted>(_ =>
        {
            Timers.Cancel("start");
            if (!_scanner.IsNobody()) Context.Unwatch(_scanner);
            _scanner = Sender;
            Context.Watch(_scanner);
        });
        Receive<HostScanner.Protocol.PortsFound>(m =>
        {
            _done.AddRange(m.Results);
            Context.Parent.Tell(m);
        });
        Receive<HostScanner.Protocol.HostScanCompleted>(m =>
        {
            if (!Sender.Equals(_scanner)) return;
            Context.Unwatch(_scanner);
            Context.Parent.Tell(m);
        });
        Receive<Terminated>(t =>
        {
            if (!t.ActorRef.Equals(_scanner)) return;
            // Its node is gone: the shard moves, and the host goes to whichever node now holds it.
            _scanner = ActorRefs.Nobody;
            Send();
        });
        Receive<Resend>(_ => Send());
    }

    /// <summary>The <see cref="ScanCoordinator.HostScannerFactory"/> of a coordinator whose hosts are scanned by the cluster.</summary>
    public static ScanCoordinator.HostScannerFactory Factory(IActorRef region, ScanDefinition definition) =>
        (target, _, _, done) => Props.Create(() => new RemoteHostScanner(region, definition, target, done));

    /// <summary>Set by Akka.</summary>
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Hands the host out.</summary>
    protected override void PreStart() => Send();

    private void Send()
    {
        _region.Tell(_request with { Done = _done.ToArray() });
        Timers.StartSingleTimer("start", Resend.Instance, StartTimeout);
    }

    private sealed record Resend
    {
        public static readonly Resend Instance = new();
    }
}
