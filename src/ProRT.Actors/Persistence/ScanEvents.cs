using ProRT.Protocols.Results;
using ProRT.Protocols.Targets;

namespace ProRT.Actors.Persistence;

/// <summary>What a scan's journal records. Small events: results travel in chunks, never one event per port.</summary>
public interface IScanEvent;

/// <summary>The scan began with this definition; always the first event.</summary>
public sealed record ScanStarted(ScanDefinition Definition) : IScanEvent;

/// <summary>The next hosts of the target order were handed out; <see cref="Exhausted"/> when none are left after them.</summary>
public sealed record HostsIssued(Target[] Hosts, bool Exhausted) : IScanEvent;

/// <summary>Host discovery's verdict on issued hosts.</summary>
public sealed record HostsDiscovered(DiscoveredHost[] Hosts) : IScanEvent;

public readonly record struct DiscoveredHost(Target Target, HostState State, string Reason, TimeSpan? Latency);

/// <summary>Ports whose state became final, for any hosts in flight.</summary>
public sealed record PortsResolved(ScanResult[] Results) : IScanEvent;

/// <summary>Hosts that are done; their ports exclude what <see cref="PortsResolved"/> already journaled.</summary>
public sealed record HostsFinished(HostResult[] Results) : IScanEvent;

/// <summary>The scan is done; the last event.</summary>
public sealed record ScanEnded(DateTimeOffset End, long? TotalHosts) : IScanEvent;
