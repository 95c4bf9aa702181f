using ProRT.Protocols.Results;
using ProRT.Protocols.Targets;

namespace ProRT.Actors.Results;

/// <summary>
/// Which (host, protocol, port) results a consumer has taken already: a finished host repeats ports its batches
/// carried, and consumers that act once per port (the result stream, plugins, the results database) skip those.
/// </summary>
public sealed class SeenPorts
{
    private readonly Dictionary<uint, HashSet<int>> _hosts = new();

    /// <summary>One number per (protocol, port) of a host.</summary>
    public static int Key(ScanResult r) => r.Port | (int)r.Protocol << 16;

    /// <summary>True the first time this host's port is seen.</summary>
    public bool Add(ScanResult r)
    {
        uint host = Ipv4.ToUInt32(r.Target);
        if (!_hosts.TryGetValue(host, out var keys)) _hosts[host] = keys = new HashSet<int>();
        return keys.Add(Key(r));
    }

    /// <summary>
    /// Forgets a finished host, whose results are all in: what is remembered is bounded by the hosts in flight, not
    /// by every host the scan has seen.
    /// </summary>
    public void Forget(System.Net.IPAddress host) => _hosts.Remove(Ipv4.ToUInt32(host));

    /// <summary>Forgets everything (a resumed scan replays its results).</summary>
    public void Clear() => _hosts.Clear();
}
