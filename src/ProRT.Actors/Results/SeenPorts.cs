using ProRT.Protocols.Results;
using ProRT.Protocols.Targets;

namespace ProRT.Actors.Results;

/// <summary>
/// Which (host, protocol, port) results a consumer has taken already: a finished host repeats ports its batches
/// carried, and consumers that act once per port (the result stream, plugins, the results database) skip those.
/// </summary>
public sealed class SeenPorts
{
    private readonly Dictionary<uint, HostKeys> _hosts = new();

    /// <summary>One number per (protocol, port) of a host.</summary>
    public static int Key(ScanResult r) => r.Port | (int)r.Protocol << 16;

    /// <summary>True the first time this host's port is seen.</summary>
    public bool Add(ScanResult r)
    {
        uint host = Ipv4.ToUInt32(r.Target);
        if (!_hosts.TryGetValue(host, out var keys)) _hosts[host] = keys = new HostKeys();
        return keys.Add(Key(r));
    }

    /// <summary>
    /// Forgets a finished host, whose results are all in: what is remembered is bounded by the hosts in flight, not
    /// by every host the scan has seen.
    /// </summary>
    public void Forget(System.Net.IPAddress host) => _hosts.Remove(Ipv4.ToUInt32(host));

    /// <summary>Forgets everything (a resumed scan replays its results).</summary>
    public void Clear() => _hosts.Clear();

    /// <summary>
    /// A host's keys: a set while few, then a bitmap of every (protocol, port) key, 8 KB a protocol, however many ports the host
    /// has (a full-range host would take about a megabyte as a set). Mutable, unlike <see cref="Persistence.PortKeys"/>,
    /// which a journal state shares between versions: this one takes a key per result.
    /// </summary>
    private sealed class HostKeys
    {
        private const int SetLimit = 1024;
        private HashSet<int>? _set = new();
        private ulong[]? _bits;

        public bool Add(int key)
        {
            if (_bits is null)
            {
                if (!_set!.Add(key)) return false;
                if (_set.Count <= SetLimit) return true;
                _bits = new ulong[Persistence.PortKeys.KeySpace / 64];
                foreach (var k in _set) _bits[k >> 6] |= 1UL << (k & 63);
                _set = null;
                return true;
            }
            ref ulong word = ref _bits[key >> 6];
            ulong bit = 1UL << (key & 63);
            if ((word & bit) != 0) return false;
            word |= bit;
            return true;
        }
    }
}
