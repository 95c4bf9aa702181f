using Akka.Actor;
using ProRT.Actors.Persistence;
using ProRT.Protocols.Results;
using ProRT.Protocols.Targets;

namespace ProRT.Actors.Cluster;

/// <summary>Marks what crosses cluster members: bound to <see cref="ClusterMessageSerializer"/>.</summary>
public interface IClusterMessage;

/// <summary>Messages between cluster members: submitting scans, handing hosts to sharded scanners, results back.</summary>
public static class ClusterProtocol
{
    /// <summary>To the host-scanner shard region: scan one host of a scan on whichever node holds its shard.</summary>
    /// <param name="ScanId">The scan.</param>
    /// <param name="Definition">The whole scan, so any node can scan its hosts.</param>
    /// <param name="Target">The host.</param>
    /// <param name="Done">Its ports already journaled: not probed again.</param>
    /// <param name="ReplyTo">Where results go: the coordinator's stand-in for this host.</param>
    public sealed record ScanHost(string ScanId, ScanDefinition Definition, Target Target, ScanResult[] Done, IActorRef ReplyTo) : IClusterMessage
    {
        /// <summary>The sharded entity's id: scan and address.</summary>
        public string EntityId => $"{ScanId}/{Ipv4.Format(Target.Address)}";
    }

    /// <summary>From a sharded host scanner to the coordinator's stand-in: scanning has begun on this node (the sender,
    /// watched so that a node that dies has its hosts handed out again).</summary>
    /// <param name="Node">The member's address, for status.</param>
    public sealed record HostScanStarted(string Node) : IClusterMessage;

    /// <summary>To the scan manager singleton: run this scan on the cluster and stream its hosts to <paramref name="Client"/>.</summary>
    /// <param name="Definition">The scan.</param>
    /// <param name="Client">Receives <see cref="HostReport"/> and <see cref="ScanEnded"/>.</param>
    public sealed record SubmitScan(ScanDefinition Definition, IActorRef Client) : IClusterMessage;

    /// <summary>Answers <see cref="SubmitScan"/>: the scan runs (or ran) under this id.</summary>
    /// <param name="ScanId">The scan.</param>
    /// <param name="Error">Why it was refused, or null.</param>
    public sealed record ScanAccepted(string ScanId, string? Error) : IClusterMessage;

    /// <summary>To the client: one host finished and journaled.</summary>
    /// <param name="ScanId">The scan.</param>
    /// <param name="Host">The host with its ports.</param>
    public sealed record HostReport(string ScanId, HostResult Host) : IClusterMessage;

    /// <summary>To the client: the scan is over (its journal holds everything), or failed with <paramref name="Error"/>.</summary>
    /// <param name="ScanId">The scan.</param>
    /// <param name="Error">Why it stopped, or null when it completed.</param>
    public sealed record ScanEnded(string ScanId, string? Error) : IClusterMessage;

    /// <summary>To a node's status actor: which hosts it is scanning.</summary>
    public sealed record GetNodeStatus : IClusterMessage
    {
        /// <summary>The shared instance.</summary>
        public static readonly GetNodeStatus Instance = new();
    }

    /// <summary>Answers <see cref="GetNodeStatus"/>.</summary>
    /// <param name="Node">The member's address.</param>
    /// <param name="HostsByScan">Hosts being scanned on this node, per scan id.</param>
    /// <param name="HostsDone">Hosts this node has finished since it started.</param>
    public sealed record NodeStatus(string Node, IReadOnlyDictionary<string, int> HostsByScan, long HostsDone) : IClusterMessage;

    /// <summary>To any scanner member's node actor: the whole cluster as <c>prtip cluster status</c> shows it.</summary>
    public sealed record GetClusterStatus : IClusterMessage
    {
        /// <summary>The shared instance.</summary>
        public static readonly GetClusterStatus Instance = new();
    }

    /// <summary>To the scan manager: the scans it runs.</summary>
    public sealed record GetScans : IClusterMessage
    {
        /// <summary>The shared instance.</summary>
        public static readonly GetScans Instance = new();
    }

    /// <summary>Answers <see cref="GetScans"/>: ids of the scans running.</summary>
    /// <param name="Running">Scan ids.</param>
    public sealed record Scans(string[] Running) : IClusterMessage;

    /// <summary>Journaled by the scan manager: a scan was submitted.</summary>
    /// <param name="Definition">The scan.</param>
    /// <param name="ClientPath">Where its client listens (serialized actor path).</param>
    public sealed record ScanSubmitted(ScanDefinition Definition, string ClientPath) : IClusterMessage;

    /// <summary>Journaled by the scan manager: a scan is over.</summary>
    /// <param name="ScanId">The scan.</param>
    public sealed record ScanClosed(string ScanId) : IClusterMessage;
}
