using System.Collections.Concurrent;
using ProRT.Protocols.Packets;
using ProRT.Protocols.Targets;

namespace ProRT.Actors.PacketIo;

/// <summary>
/// For one interface: which next hop a host is reached through (the gateway of its route, or the host itself on a
/// directly connected network), that hop's MAC (from the kernel's neighbour table, else asked with ARP), and the
/// prebuilt probe template per hop and flag set. Safe to share between sending threads.
/// </summary>
internal sealed class NextHopTable
{
    public delegate byte[]? ArpResolver(uint ip, FrameSender sender);

    private readonly string _interface;
    private readonly bool _loopback;
    private readonly uint _sourceIp;
    private readonly byte[] _sourceMac;
    private readonly ArpResolver _arp;
    private readonly IReadOnlyList<RouteTable.Route> _routes;
    private readonly ConcurrentDictionary<uint, byte[]?> _macs = new();
    private readonly ConcurrentDictionary<(uint Hop, TcpFlags Flags), TcpProbeTemplate> _templates = new();

    public NextHopTable(string iface, bool loopback, uint sourceIp, byte[] sourceMac, ArpResolver arp)
    {
        _interface = iface;
        _loopback = loopback;
        _sourceIp = sourceIp;
        _sourceMac = sourceMac;
        _arp = arp;
        _routes = loopback ? [] : RouteTable.Read().Where(r => r.Interface == iface).ToList();
    }

    /// <summary>The next hop toward <paramref name="host"/>, or null when it has no route through this interface.</summary>
    public uint? HopOf(uint host)
    {
        if (_loopback) return 0;
        return RouteTable.Lookup(_routes, host) is { } r ? r.Gateway != 0 ? r.Gateway : host : null;
    }

    /// <summary>Whether <paramref name="host"/> is on a directly connected Ethernet (ARP finds it).</summary>
    public bool IsNeighbour(uint host) => !_loopback && HopOf(host) == host;

    /// <summary>Remembers a MAC that an ARP reply announced.</summary>
    public void Learn(uint ip, byte[] mac) => _macs[ip] = mac;

    /// <summary>The Ethernet header for frames to <paramref name="host"/>, or null when its next hop cannot be reached.</summary>
    public byte[]? LinkHeaderFor(uint host, FrameSender sender)
    {
        if (_loopback) return EthernetHeader.BuildLinuxLoopback();
        if (HopOf(host) is not { } hop) return null;
        var mac = _macs.GetOrAdd(hop, h => RouteTable.Neighbour(h, _interface) ?? _arp(h, sender));
        return mac is null ? null : EthernetHeader.Build(mac, _sourceMac);
    }

    /// <summary>The template for probes to <paramref name="host"/>, or null when its next hop cannot be reached.</summary>
    public TcpProbeTemplate? TemplateFor(uint host, TcpFlags flags, FrameSender sender)
    {
        if (HopOf(host) is not { } hop) return null;
        if (_templates.TryGetValue((hop, flags), out var template)) return template;
        var mac = _loopback ? new byte[6] : _macs.GetOrAdd(hop, h => RouteTable.Neighbour(h, _interface) ?? _arp(h, sender));
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
