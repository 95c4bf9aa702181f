using ProRT.Protocols.Results;
using ProRT.Protocols.Targets;

namespace ProRT.Actors.Persistence;

/// <summary>What a scan's journal records. Small events: results travel in chunks, never one event per port.</summary>
public interface IScanEvent;

/// <summary>The scan began with this definition; always the first event.</summary>
/// <param name="Definition">What the scan was asked to do.</param>
public sealed record ScanStarted(ScanDefinition Definition) : IScanEvent;

/// <summary>The next hosts of the target order were handed out; <see cref="Exhausted"/> when none are left after them.</summary>
/// <param name="Hosts">The hosts, in target order.</param>
/// <param name="Exhausted">True when no hosts are left after these.</param>
public sealed record HostsIssued(Target[] Hosts, bool Exhausted) : IScanEvent;

/// <summary>Host discovery's verdict on issued hosts.</summary>
/// <param name="Hosts">One verdict per host.</param>
public sealed record HostsDiscovered(DiscoveredHost[] Hosts) : IScanEvent;

/// <summary>Discovery's verdict on one host.</summary>
/// <param name="Target">The host.</param>
/// <param name="State">Up or down.</param>
/// <param name="Reason">nmap's reason for the state ("echo-reply", "arp-response", "no-response"...).</param>
/// <param name="Latency">Round-trip time of the reply that found it up, if any.</param>
public readonly record struct DiscoveredHost(Target Target, HostState State, string Reason, TimeSpan? Latency);

/// <summary>Ports whose state became final, for any hosts in flight.</summary>
/// <param name="Results">The results.</param>
public sealed record PortsResolved(ScanResult[] Results) : IScanEvent;

/// <summary>Hosts that are done; their ports exclude what <see cref="PortsResolved"/> already journaled.</summary>
/// <param name="Results">The hosts' results.</param>
public sealed record HostsFinished(HostResult[] Results) : IScanEvent;

/// <summary>The scan is done; the last event.</summary>
/// <param name="End">When the scan ended.</param>
/// <param name="TotalHosts">Hosts covered, when more than those reported (a sweep reports only hosts that answered).</param>
public sealed record ScanEnded(DateTimeOffset End, long? TotalHosts) : IScanEvent;
