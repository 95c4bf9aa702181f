using System.Collections.Concurrent;
using ProRT.Protocols.Packets;
using ProRT.Protocols.Targets;

namespace ProRT.Actors.PacketIo;

/// <summary>
/// For one interface: which next hop a host is reached through (the gateway of its route, or the host itself on a
/// directly connected network), that hop's MAC (from the kernel's neighbour table, else learnt from an ARP reply),
/// and the prebuilt probe template per hop and flag set. It never waits: a hop whose MAC is not known yet has no
/// template, and <see cref="PacketIo"/> asks for it with ARP and retries on its own timers. Safe to share between
/// sending threads.
/// </summary>
internal sealed class NextHopTable
{
    private readonly string _interface;
    private readonly bool _loopback;
    private readonly uint _sourceIp;
    private readonly byte[] _sourceMac;
    private readonly IReadOnlyList<RouteTable.Route> _routes;
    private readonly ConcurrentDictionary<uint, byte[]> _macs = new();
    // Hops already looked for in the kernel's table: /proc/net/arp is read once per hop, not once per probe.
    private readonly ConcurrentDictionary<uint, bool> _looked = new();
    private readonly ConcurrentDictionary<(uint Hop, TcpFlags Flags), TcpProbeTemplate> _templates = new();

    public NextHopTable(string iface, bool loopback, uint sourceIp, byte[] sourceMac)
    {
        _interface = iface;
        _loopback = loopback;
        _sourceIp = sourceIp;
        _sourceMac = sourceMac;
        _routes = loopback ? [] : RouteTable.Read().Where(r => r.Interface == iface).ToList();
    }

    /// <summary>The next hop toward <paramref name="host"/>, or null when it has no route through this interface.</summary>
    public uint? HopOf(uint host)
    {
        if (_loopback) return 0;
        return RouteTable.Lookup(_routes, host) is { } r ? r.Gateway != 0 ? r.Gateway : host : null;
    }

    /// <summary>The routers this interface's routes go through.</summary>
    public IEnumerable<uint> Gateways => _routes.Where(r => r.Gateway != 0).Select(r => r.Gateway).Distinct();

    /// <summary>Whether <paramref name="host"/> is on a directly connected Ethernet (ARP finds it).</summary>
    public bool IsNeighbour(uint host) => !_loopback && HopOf(host) == host;

    /// <summary>Remembers a MAC that an ARP reply announced.</summary>
    public void Learn(uint ip, byte[] mac) => _macs[ip] = mac;

    /// <summary>Whether frames to <paramref name="hop"/> can be addressed now: loopback, a MAC learnt, or one in the
    /// kernel's neighbour table (remembered).</summary>
    public bool Knows(uint hop) => _loopback || Mac(hop) is not null;

    private byte[]? Mac(uint hop)
    {
        if (_macs.TryGetValue(hop, out var mac)) return mac;
        if (!_looked.TryAdd(hop, true) || RouteTable.Neighbour(hop, _interface) is not { } kernel) return null;
        return _macs[hop] = kernel;
    }

    /// <summary>Lets go of what was learnt about a neighbour (a host of the LAN whose scan is over), so that the table
    /// holds the hops in use rather than every host ever seen. Gateways are kept.</summary>
    public void Forget(uint host)
    {
        if (!IsNeighbour(host)) return;
        _macs.TryRemove(host, out _);
        _looked.TryRemove(host, out _);
        foreach (var key in _templates.Keys)
            if (key.Hop == host) _templates.TryRemove(key, out _);
    }

    /// <summary>The Ethernet header for frames to <paramref name="host"/>, or null when its next hop is not known.</summary>
    public byte[]? LinkHeaderFor(uint host)
    {
        if (_loopback) return EthernetHeader.BuildLinuxLoopback();
        return HopOf(host) is { } hop && Mac(hop) is { } mac ? EthernetHeader.Build(mac, _sourceMac) : null;
    }

    /// <summary>The template for probes to <paramref name="host"/>, or null when its next hop is not known.</summary>
    public TcpProbeTemplate? TemplateFor(uint host, TcpFlags flags)
    {
        if (HopOf(host) is not { } hop) return null;
        if (_templates.TryGetValue((hop, flags), out var template)) return template;
        var mac = _loopback ? new byte[6] : Mac(hop);
        if (mac is null) return null;
        var link = _loopback ? EthernetHeader.BuildLinuxLoopback() : EthernetHeader.Build(mac, _sourceMac);
        // A SYN carries MSS 1460 as the specification's probe does; other flags go bare, as nmap sends them.
        var options = new TcpOptionsWriter(stackalloc byte[TcpOptionsWriter.MaxLength]);
        if (flags.HasFlag(TcpFlags.Syn)) options.WriteMaximumSegmentSize(1460);
        return _templates.GetOrAdd((hop, flags), new TcpProbeTemplate(link, _sourceIp, flags, options.Written));
    }

    public string Describe(uint host) => HopOf(host) is { } hop
        ? $"{Ipv4.Format(hop)} does not answer ARP on {_interface}"
        : $"no route to {Ipv4.Format(host)} on {_interface}";
}
