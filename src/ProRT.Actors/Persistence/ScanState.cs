using System.Collections.Immutable;
using ProRT.Protocols.Ports;
using ProRT.Protocols.Results;
using ProRT.Protocols.Targets;

namespace ProRT.Actors.Persistence;

/// <summary>Something the coordinator wants recorded; <see cref="ScanState.Process"/> turns it into events.</summary>
public abstract record ScanCommand
{
    /// <summary>Begin the scan with this definition; yields <see cref="ScanStarted"/> unless already started.</summary>
    /// <param name="Definition">What the scan was asked to do.</param>
    public sealed record Start(ScanDefinition Definition) : ScanCommand;

    /// <summary>Record hosts handed out to scanners; yields <see cref="HostsIssued"/>.</summary>
    /// <param name="Hosts">The hosts, next in the target order.</param>
    /// <param name="Exhausted">True when no hosts are left after these.</param>
    public sealed record Issue(IReadOnlyList<Target> Hosts, bool Exhausted) : ScanCommand;

    /// <summary>Record discovery's verdicts; yields <see cref="HostsDiscovered"/> for hosts in flight not yet discovered.</summary>
    /// <param name="Hosts">The verdicts.</param>
    public sealed record Discover(IReadOnlyList<DiscoveredHost> Hosts) : ScanCommand;

    /// <summary>Record port results; yields <see cref="PortsResolved"/> for those of hosts in flight not yet journaled.</summary>
    /// <param name="Results">The results, for any hosts.</param>
    public sealed record RecordPorts(IReadOnlyList<ScanResult> Results) : ScanCommand;

    /// <summary>Record finished hosts; yields <see cref="HostsFinished"/> with the ports not journaled already.</summary>
    /// <param name="Results">The hosts' results.</param>
    public sealed record FinishHosts(IReadOnlyList<HostResult> Results) : ScanCommand;

    /// <summary>End the scan; yields <see cref="ScanEnded"/> once every host is issued and finished.</summary>
    /// <param name="At">When the scan ended.</param>
    /// <param name="TotalHosts">Hosts covered, when more than those reported (a sweep).</param>
    public sealed record End(DateTimeOffset At, long? TotalHosts) : ScanCommand;
}

/// <summary>
/// A host handed out and not finished: what discovery said of it and which ports are journaled already. The results
/// themselves are not kept: the host's scanner reports them all again when it finishes, and a resume reads them
/// from the journal (<see cref="JournalReplay"/>).
/// </summary>
/// <param name="Target">The host.</param>
/// <param name="Discovery">Discovery's verdict, once journaled.</param>
/// <param name="Journaled">Keys (<see cref="Key"/>) of the ports journaled for the host so far, to drop duplicates.</param>
/// <param name="Open">Keys of those that were open, for the totals.</param>
public sealed record HostInFlight(Target Target, DiscoveredHost? Discovery, PortKeys Journaled, PortKeys Open)
{
    /// <summary>A host just handed out, with nothing known of it yet.</summary>
    public static HostInFlight Issued(Target target) => new(target, null, PortKeys.Empty, PortKeys.Empty);

    /// <summary>The key of a result's port and protocol, unique within a host.</summary>
    public static int Key(ScanResult r) => Results.SeenPorts.Key(r);
}

/// <summary>
/// A scan as its journal tells it, and the rules for changing it: <see cref="Process"/> decides which events a
/// command yields (never changing anything), <see cref="Apply"/> folds one event into a new state. Recovery is
/// Apply over the journal; the coordinator is Process, persist, Apply. No actor system is needed to test it.
/// </summary>
public sealed record ScanState
{
    /// <summary>The state before any event.</summary>
    public static readonly ScanState Empty = new();

    /// <summary>What the scan was asked to do; null until <see cref="ScanStarted"/>.</summary>
    public ScanDefinition? Definition { get; init; }

    /// <summary>How many hosts of the target order have been handed out: a resume goes on from here.</summary>
    public long Issued { get; init; }

    /// <summary>True once the target order has no hosts left to hand out.</summary>
    public bool Exhausted { get; init; }

    /// <summary>Hosts handed out and not finished, by host-order address.</summary>
    public ImmutableDictionary<uint, HostInFlight> InFlight { get; init; } = ImmutableDictionary<uint, HostInFlight>.Empty;

    /// <summary>Hosts finished. Finished hosts are not kept: their results went to the sinks, and the journal's events hold them.</summary>
    public long HostsDone { get; init; }

    /// <summary>Finished hosts that were up.</summary>
    public long HostsUp { get; init; }

    /// <summary>Open ports among <see cref="PortsDone"/>.</summary>
    public long PortsOpen { get; init; }

    /// <summary>
    /// A sweep's last host journaled: a sweep hands its hosts over in address order at its end, so a resumed sweep
    /// (which sweeps again) journals only hosts above this one.
    /// </summary>
    public uint? SweptThrough { get; init; }

    /// <summary>Ports whose state is final, in finished hosts and hosts in flight.</summary>
    public long PortsDone { get; init; }

    /// <summary>When the scan ended; null while it is not complete.</summary>
    public DateTimeOffset? End { get; init; }

    /// <summary>Hosts covered when more than those reported (a sweep reports only hosts that answered).</summary>
    public long? TotalHosts { get; init; }

    /// <summary>True once the scan has a definition.</summary>
    public bool Started => Definition is not null;

    /// <summary>True once the scan has ended.</summary>
    public bool Completed => End is not null;

    /// <summary>The events <paramref name="command"/> yields in this state: none when it changes nothing (duplicates, a scan not started or already ended).</summary>
    public IReadOnlyList<IScanEvent> Process(ScanCommand command) => command switch
    {
        ScanCommand.Start s => Started ? [] : [new ScanStarted(s.Definition)],
        _ when !Started || Completed => [],
        ScanCommand.Issue i => i.Hosts.Count == 0 && i.Exhausted == Exhausted ? [] : [new HostsIssued(i.Hosts.ToArray(), i.Exhausted)],
        ScanCommand.Discover d => d.Hosts.Where(h => InFlight.TryGetValue(h.Target.Address, out var f) && f.Discovery is null).ToArray()
            is { Length: > 0 } found ? [new HostsDiscovered(found)] : [],
        ScanCommand.RecordPorts r => NewPorts(r.Results) is { Length: > 0 } ports ? [new PortsResolved(ports)] : [],
        ScanCommand.FinishHosts f => NewHosts(f.Results) is { Length: > 0 } hosts ? [new HostsFinished(hosts)] : [],
        ScanCommand.End e => Exhausted && InFlight.IsEmpty ? [new ScanEnded(e.At, e.TotalHosts)] : [],
        _ => throw new ArgumentOutOfRangeException(nameof(command)),
    };

    private ScanResult[] NewPorts(IReadOnlyList<ScanResult> results)
    {
        var seen = new HashSet<(uint, int)>();
        var fresh = new List<ScanResult>(results.Count);
        foreach (var r in results)
        {
            uint host = Ipv4.ToUInt32(r.Target);
            if (InFlight.TryGetValue(host, out var f) && !f.Journaled.Contains(HostInFlight.Key(r)) && seen.Add((host, HostInFlight.Key(r))))
                fresh.Add(r);
        }
        return fresh.ToArray();
    }

    private HostResult[] NewHosts(IReadOnlyList<HostResult> results)
    {
        var seen = new HashSet<uint>();
        var fresh = new List<HostResult>(results.Count);
        foreach (var r in results)
        {
            uint host = Ipv4.ToUInt32(r.Address);
            // A host finishes once, from in flight. A sweep's hosts were never handed out: they come in address order.
            if (!seen.Add(host)) continue;
            if (Definition!.Config.Stateless ? host <= SweptThrough : !InFlight.ContainsKey(host)) continue;
            // Only the ports not journaled already, and those that may have changed since (-sV adds a service or banner,
            // and makes a UDP port that answered open): replayed in order, the latest form of each wins.
            if (InFlight.TryGetValue(host, out var f) && !f.Journaled.IsEmpty)
                fresh.Add(r with { Ports = r.Ports.Where(p => !f.Journaled.Contains(HostInFlight.Key(p)) || MayHaveChanged(p, f)).ToArray() });
            else
            {
                fresh.Add(r);
            }
        }
        return fresh.ToArray();
    }

    private static bool MayHaveChanged(ScanResult p, HostInFlight f) =>
        p.Service is not null || p.Banner is not null || (p.State == PortState.Open) != f.Open.Contains(HostInFlight.Key(p));

    /// <summary>A host that keeps only the ports its final result carries: given up on (as nmap), or failed.</summary>
    internal static bool KeepsNoJournaledPorts(HostResult h) => h.TimedOut || h.Error is not null;

    /// <summary>The state after event <paramref name="e"/>; how recovery replays the journal.</summary>
    public ScanState Apply(IScanEvent e) => e switch
    {
        ScanStarted s => this with { Definition = s.Definition },
        HostsIssued i => this with
        {
            Issued = Issued + i.Hosts.Length,
            Exhausted = i.Exhausted,
            InFlight = InFlight.SetItems(i.Hosts.Select(h => KeyValuePair.Create(h.Address, HostInFlight.Issued(h)))),
        },
        HostsDiscovered d => this with
        {
            InFlight = InFlight.SetItems(d.Hosts.Where(h => InFlight.ContainsKey(h.Target.Address))
                .Select(h => KeyValuePair.Create(h.Target.Address, InFlight[h.Target.Address] with { Discovery = h }))),
        },
        PortsResolved p => ApplyPorts(p.Results),
        HostsFinished f => ApplyHosts(f.Results),
        ScanEnded end => this with { End = end.End, TotalHosts = end.TotalHosts },
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name),
    };

    private ScanState ApplyPorts(ScanResult[] results)
    {
        var inFlight = InFlight.ToBuilder();
        long ports = 0, open = 0;
        foreach (var group in results.GroupBy(r => Ipv4.ToUInt32(r.Target)))
        {
            if (!inFlight.TryGetValue(group.Key, out var host)) continue;
            var journaled = host.Journaled.Union(group.Select(HostInFlight.Key));
            var opened = host.Open.Union(group.Where(r => r.State == PortState.Open).Select(HostInFlight.Key));
            ports += journaled.Count - host.Journaled.Count;
            open += opened.Count - host.Open.Count;
            inFlight[group.Key] = host with { Journaled = journaled, Open = opened };
        }
        return this with { InFlight = inFlight.ToImmutable(), PortsDone = PortsDone + ports, PortsOpen = PortsOpen + open };
    }

    private ScanState ApplyHosts(HostResult[] results)
    {
        var inFlight = InFlight.ToBuilder();
        long ports = 0, up = 0, open = 0;
        uint? swept = SweptThrough;
        foreach (var r in results)
        {
            uint address = Ipv4.ToUInt32(r.Address);
            if (Definition?.Config.Stateless == true && !(address <= swept)) swept = address;
            if (r.State == HostState.Up) up++;
            var f = inFlight.TryGetValue(address, out var found) ? found : null;
            inFlight.Remove(address);
            if (f is not null && KeepsNoJournaledPorts(r))
            {
                ports -= f.Journaled.Count;
                open -= f.Open.Count;
                f = null;
            }
            // The host's ports are those journaled while in flight and those of this event, the latest form winning.
            var seen = new HashSet<int>();
            foreach (var p in r.Ports)
            {
                int key = HostInFlight.Key(p);
                if (!seen.Add(key)) continue;
                bool was = f?.Journaled.Contains(key) == true;
                if (!was) ports++;
                if (was && f!.Open.Contains(key)) open--;
                if (p.State == PortState.Open) open++;
            }
        }
        return this with
        {
            InFlight = inFlight.ToImmutable(),
            HostsDone = HostsDone + results.Length,
            HostsUp = HostsUp + up,
            PortsOpen = PortsOpen + open,
            PortsDone = PortsDone + ports,
            SweptThrough = swept,
        };
    }

    /// <summary>The totals of the finished hosts, for a report from <paramref name="start"/> to <paramref name="end"/>.</summary>
    public ScanStatistics Statistics(DateTimeOffset start, DateTimeOffset end) =>
        new(TotalHosts ?? HostsDone, HostsUp, PortsDone, PortsOpen, end - start);

    /// <summary>Ports the whole scan probes, as far as the definition tells (hosts excluded by --exclude still count).</summary>
    public long PortsPlanned => Definition is null ? 0
        : (long)Definition.Config.Targets.MaxCount * (Definition.Config.PingOnly ? 0 : Definition.Config.ScanTypes.Sum(t => Definition.Config.PortsFor(t).Length));
}
