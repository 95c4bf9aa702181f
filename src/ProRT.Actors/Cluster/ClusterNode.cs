using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Cluster.Tools.Client;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Cluster.Tools.Singleton;
using Akka.Configuration;
using ProRT.Actors.Persistence;

namespace ProRT.Actors.Cluster;

/// <summary>
/// A scanning member of a prtip cluster (<c>prtip node</c>): it hosts sharded <see cref="HostScanEntity"/>s, takes
/// part in electing the <see cref="ScanManager"/> singleton, and offers the manager and its status to clients
/// (<see cref="ClusterClientSession"/>) through the cluster-client receptionist. Every member journals to the same
/// store (PostgreSQL), so a scan survives the member that ran its coordinator.
/// </summary>
public sealed class ClusterNode : IAsyncDisposable
{
    /// <summary>Name of the host-scanner shard region.</summary>
    public const string HostShards = "host";

    /// <summary>Shards of the host-scanner region: more than members, so that they spread evenly.</summary>
    public const int ShardCount = 60;

    /// <summary>Where clients send scans (the singleton manager's proxy).</summary>
    public const string ManagerPath = "/user/scans-proxy";

    /// <summary>Where clients ask for status.</summary>
    public const string StatusPath = "/user/node";

    private readonly ActorSystem _system;

    private ClusterNode(ActorSystem system) => _system = system;

    /// <summary>This member's address.</summary>
    public string Address => Akka.Cluster.Cluster.Get(_system).SelfAddress.ToString();

    /// <summary>Completes when the member's actor system has stopped (left, downed, or shut down).</summary>
    public Task WhenTerminated => _system.WhenTerminated;

    /// <summary>Starts a scanning member and waits until it is up in the cluster.</summary>
    /// <param name="settings">Address and seeds.</param>
    /// <param name="journal">The shared journal (PostgreSQL).</param>
    /// <param name="file">config/akka.conf and config/cluster.conf, or null.</param>
    /// <param name="version">prtip's version, for reports.</param>
    /// <param name="joinTimeout">How long to wait for the seeds.</param>
    /// <exception cref="ArgumentException">The settings would open the cluster, or name a bad seed.</exception>
    /// <exception cref="TimeoutException">The cluster could not be joined in time.</exception>
    public static async Task<ClusterNode> StartAsync(ClusterSettings settings, JournalSettings journal, Config? file, string version, TimeSpan joinTimeout)
    {
        settings.Validate();
        if (settings.Port == 0) throw new ArgumentException("a member needs a fixed port, for others to join it");
        // The extensions' own settings and serializers from the start: members talk before the extensions are up.
        var config = settings.ToAkkaConfig(file).WithFallback(journal.ToAkkaConfig())
            .WithFallback(ClusterSharding.DefaultConfig())
            .WithFallback(ClusterSingleton.DefaultConfig())
            .WithFallback(DistributedPubSub.DefaultConfig())
            .WithFallback(ClusterClientReceptionist.DefaultConfig());
        var system = ActorSystem.Create(ClusterSettings.SystemName, config);
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Akka.Cluster.Cluster.Get(system).RegisterOnMemberUp(() => up.TrySetResult());
        if (await Task.WhenAny(up.Task, Task.Delay(joinTimeout)).ConfigureAwait(false) != up.Task)
        {
            await system.Terminate().ConfigureAwait(false);
            throw new TimeoutException($"could not join the cluster at {string.Join(", ", settings.Seeds)} within {joinTimeout.TotalSeconds:0} s");
        }

        var services = new NodeServices(system);
        var region = await ClusterSharding.Get(system).StartAsync(HostShards, HostScanEntity.Props(services),
            ClusterShardingSettings.Create(system), new HostMessageExtractor()).ConfigureAwait(false);
        system.ActorOf(ClusterSingletonManager.Props(ScanManager.Props(region, version), PoisonPill.Instance,
            ClusterSingletonManagerSettings.Create(system)), "scans");
        var manager = system.ActorOf(ClusterSingletonProxy.Props("/user/scans", ClusterSingletonProxySettings.Create(system)), "scans-proxy");
        var status = system.ActorOf(Props.Create(() => new NodeStatusActor(services, manager)), "node");
        var receptionist = ClusterClientReceptionist.Get(system);
        receptionist.RegisterService(manager);
        receptionist.RegisterService(status);
        return new ClusterNode(system);
    }

    /// <summary>Leaves the cluster gracefully (its shards and the singleton move first) and stops the actor system.</summary>
    public async ValueTask DisposeAsync() =>
        await CoordinatedShutdown.Get(_system).Run(CoordinatedShutdown.ClusterLeavingReason.Instance).ConfigureAwait(false);

    /// <summary>Hosts go to shards by their scan and address.</summary>
    private sealed class HostMessageExtractor() : HashCodeMessageExtractor(ShardCount)
    {
        public override string EntityId(object message) => message is ClusterProtocol.ScanHost m ? m.EntityId : null!;
    }

    /// <summary>Answers for this node (<see cref="ClusterProtocol.GetNodeStatus"/>) and, asked by a client, for the
    /// whole cluster (<see cref="ClusterProtocol.GetClusterStatus"/>), gathering every scanner's answer.</summary>
    private sealed class NodeStatusActor : ReceiveActor
    {
        public NodeStatusActor(NodeServices services, IActorRef manager)
        {
            Receive<ClusterProtocol.GetNodeStatus>(_ => Sender.Tell(services.Status()));
            Receive<ClusterProtocol.GetClusterStatus>(_ => GatherAsync(Context.System, manager).PipeTo(Sender));
        }

        private static async Task<ClusterStatus> GatherAsync(ActorSystem system, IActorRef manager)
        {
            var state = Akka.Cluster.Cluster.Get(system).State;
            var members = await Task.WhenAll(state.Members.OrderBy(m => m.Address.ToString()).Select(async m =>
            {
                ClusterProtocol.NodeStatus? node = null;
                if (m.Status == Akka.Cluster.MemberStatus.Up && !state.Unreachable.Contains(m))
                {
                    try
                    {
                        node = await system.ActorSelection($"{m.Address}{StatusPath}")
                            .Ask<ClusterProtocol.NodeStatus>(ClusterProtocol.GetNodeStatus.Instance, TimeSpan.FromSeconds(5)).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
                    {
                        // Shown as not answering.
                    }
                }
                var status = state.Unreachable.Contains(m) ? "unreachable" : m.Status.ToString().ToLowerInvariant();
                return new MemberStatus(m.Address.ToString(), string.Join(",", m.Roles), status, node);
            })).ConfigureAwait(false);
            string[] scans = [];
            try
            {
                scans = (await manager.Ask<ClusterProtocol.Scans>(ClusterProtocol.GetScans.Instance, TimeSpan.FromSeconds(10)).ConfigureAwait(false)).Running;
            }
            catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
            {
                // The manager is moving.
            }
            return new ClusterStatus(members, scans);
        }
    }
}

/// <summary>One member as <c>prtip cluster status</c> shows it.</summary>
/// <param name="Address">Akka address.</param>
/// <param name="Roles">Its roles.</param>
/// <param name="Status">up, joining, leaving, unreachable...</param>
/// <param name="Node">What it scans (members that answered), or null.</param>
public sealed record MemberStatus(string Address, string Roles, string Status, ClusterProtocol.NodeStatus? Node);

/// <summary>The cluster as <c>prtip cluster status</c> shows it.</summary>
/// <param name="Members">Every member.</param>
/// <param name="Scans">Ids of the scans running.</param>
public sealed record ClusterStatus(IReadOnlyList<MemberStatus> Members, IReadOnlyList<string> Scans) : IClusterMessage;
