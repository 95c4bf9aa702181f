using ProRT.Protocols.Ports;
using ProRT.Protocols.Results;
using ProRT.Protocols.Targets;

namespace ProRT.Actors.Persistence;

/// <summary>
/// Turns a journal read from its first event back into what the sinks got when it was written: a finished host with
/// every port journaled for it (the ports of <see cref="PortsResolved"/> while it was in flight, and those of its
/// <see cref="HostsFinished"/>, the latest form of a port winning). Only hosts in flight are held, in the compact form
/// the probe trackers use (<see cref="PortTable"/>, 15 bytes a port), so a resume takes no more memory than the scan
/// did; what is left at the end are the ports a resumed scan does not probe again.
/// </summary>
public sealed class JournalReplay
{
    private readonly Dictionary<uint, HostPorts> _inFlight = new();

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
                    if (!_inFlight.TryGetValue(host, out var ports)) _inFlight[host] = ports = new HostPorts(r.Target, before.Definition!.Config);
                    ports.Set(r);
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
        _inFlight.Remove(host, out var ports) ? ports.All() : [];

    private HostResult Whole(HostResult r)
    {
        if (!_inFlight.Remove(Ipv4.ToUInt32(r.Address), out var journaled) || ScanState.KeepsNoJournaledPorts(r)) return r;
        foreach (var p in r.Ports) journaled.Set(p);
        return r with { Ports = journaled.All() };
    }

    /// <summary>One host's journaled ports: a table per protocol over the scan's port lists, and the rare others aside.</summary>
    private sealed class HostPorts(System.Net.IPAddress address, Protocols.Scanning.ScanConfig config)
    {
        private readonly ushort[] _tcp = config.Ports.Tcp, _udp = config.Ports.Udp;
        private PortTable? _tcpTable, _udpTable;
        // Results a table cannot hold: with a service or banner (-sV), or of a port outside the lists.
        private readonly Dictionary<int, ScanResult> _others = new();

        public void Set(ScanResult r)
        {
            var ports = r.Protocol == Protocol.Tcp ? _tcp : _udp;
            int index = Array.BinarySearch(ports, r.Port);
            int key = HostInFlight.Key(r);
            if (index < 0 || r.Service is not null || r.Banner is not null)
            {
                _others[key] = r;
                return;
            }
            _others.Remove(key); // a later, plain form of the port replaces a richer one
            ref var table = ref r.Protocol == Protocol.Tcp ? ref _tcpTable : ref _udpTable;
            table ??= new PortTable(address, r.Protocol, ports);
            table.Set(index, r.State, r.Reason, r.ResponseTime, r.Timestamp, r.ReasonTtl);
        }

        public ScanResult[] All()
        {
            var all = new List<ScanResult>();
            foreach (var table in new[] { _tcpTable, _udpTable })
            {
                if (table is null) continue;
                for (int i = 0; i < table.Count; i++)
                {
                    if (!table.Has(i)) continue;
                    var r = table[i];
                    if (!_others.ContainsKey(HostInFlight.Key(r))) all.Add(r);
                }
            }
            all.AddRange(_others.Values);
            return all.OrderBy(p => p.Protocol).ThenBy(p => p.Port).ToArray();
        }
    }
}
