using ProRT.Protocols.Results;
using ProRT.Protocols.Targets;

namespace ProRT.Actors.Persistence;

/// <summary>
/// Turns a journal read from its first event back into what the sinks got when it was written: a finished host with
/// every port journaled for it (the ports of <see cref="PortsResolved"/> while it was in flight, and those of its
/// <see cref="HostsFinished"/>, the latest form of a port winning). Only hosts in flight are held, so memory is that
/// of the scan when it ran; what is left at the end are the ports a resumed scan does not probe again.
/// </summary>
public sealed class JournalReplay
{
    private readonly Dictionary<uint, Dictionary<int, ScanResult>> _inFlight = new();

    /// <summary>
    /// Takes event <paramref name="e"/>, read after the events before it; <paramref name="before"/> is the scan's state
    /// before it. Returns the hosts it finishes, whole, in the event's order (none for other events).
    /// </summary>
    public IReadOnlyList<HostResult> Take(IScanEvent e, ScanState before)
    {
        switch (e)
        {
            case PortsResolved p:
                foreach (var r in p.Results)
                {
                    uint host = Ipv4.ToUInt32(r.Target);
                    if (!before.InFlight.ContainsKey(host)) continue;
                    if (!_inFlight.TryGetValue(host, out var ports)) _inFlight[host] = ports = new();
                    ports[HostInFlight.Key(r)] = r;
                }
                return [];
            case HostsFinished f:
                return Array.ConvertAll(f.Results, Whole);
            default:
                return [];
        }
    }

    /// <summary>The ports journaled for a host still in flight, in protocol then port order; they are let go here.</summary>
    public IReadOnlyList<ScanResult> TakeDone(uint host) =>
        _inFlight.Remove(host, out var ports) ? Sorted(ports.Values) : [];

    private HostResult Whole(HostResult r)
    {
        if (!_inFlight.Remove(Ipv4.ToUInt32(r.Address), out var journaled) || ScanState.KeepsNoJournaledPorts(r)) return r;
        foreach (var p in r.Ports) journaled[HostInFlight.Key(p)] = p;
        return r with { Ports = Sorted(journaled.Values) };
    }

    private static ScanResult[] Sorted(IEnumerable<ScanResult> ports) => ports.OrderBy(p => p.Protocol).ThenBy(p => p.Port).ToArray();
}
