using System.Collections.Concurrent;
using System.Net.NetworkInformation;
using Akka.Actor;
using Akka.Event;
using ProRT.Protocols.Crypto;
using ProRT.Protocols.Packets;
using ProRT.Protocols.Targets;
using ProRT.Protocols.Techniques;

namespace ProRT.Actors.PacketIo;

/// <summary>
/// The only code that touches the wire for raw scans, one actor per interface. Sending: host actors hand it bursts
/// of ports; it patches a prebuilt frame per probe straight into the sender's batch (no allocation) and flushes with
/// one system call per batch. Receiving: a dedicated pcap thread matches each reply to our probes by its SYN cookie,
/// decodes it in place and hands it to the owning host actor in batches.
/// </summary>
public sealed class PacketIo : ReceiveActor
{
    private readonly string _interface;
    private readonly PacketIoSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly ConcurrentDictionary<uint, IActorRef> _owners = new();
    private readonly Dictionary<(uint NextHop, TcpFlags Flags), TcpProbeTemplate> _templates = new();
    private readonly Dictionary<uint, uint> _nextHopOf = new();
    private readonly ConcurrentDictionary<uint, TaskCompletionSource<byte[]>> _arpWaits = new();
    private readonly Dictionary<uint, byte[]> _macs = new();
    private FrameSender? _sender;
    private FrameReceiver? _receiver;
    private NetworkInterface _nic = null!;
    private uint _sourceIp;
    private byte[] _sourceMac = [];
    private bool _loopback;
    private ushort _ipId;

    // Replies gathered per host until the next flush: by the receive thread when 512 are waiting, else by a 1 ms
    // timer (pcap's reads may block for long after the last frame, so the receive loop cannot be relied on to flush).
    private readonly Dictionary<uint, List<TcpProbeReply>> _gathered = new();
    private readonly Lock _gatherLock = new();
    private Timer? _flushTimer;
    private int _gatheredCount;
    private long _captured, _matched;

    public PacketIo(string interfaceName, PacketIoSettings settings)
    {
        _interface = interfaceName;
        _settings = settings;
        Receive<PacketIoProtocol.Register>(Register);
        Receive<PacketIoProtocol.Unregister>(m => _owners.TryRemove(m.Host, out _));
        Receive<PacketIoProtocol.SendTcpProbes>(Send);
        Receive<PacketIoProtocol.GetStatistics>(_ => Sender.Tell(Statistics()));
    }

    public static Props Props(string interfaceName, PacketIoSettings settings) =>
        Akka.Actor.Props.Create(() => new PacketIo(interfaceName, settings));

    protected override void PreStart()
    {
        _nic = NetworkInterface.GetAllNetworkInterfaces().FirstOrDefault(n => n.Name == _interface)
               ?? throw new IOException($"no interface named {_interface}");
        _loopback = _nic.NetworkInterfaceType == NetworkInterfaceType.Loopback;
        _sourceIp = RouteTable.AddressOf(_nic) ?? throw new IOException($"interface {_interface} has no IPv4 address");
        _sourceMac = _loopback ? new byte[6] : _nic.GetPhysicalAddress().GetAddressBytes();
        int index = _nic.GetIPProperties().GetIPv4Properties().Index;
        _sender = new FrameSender(index, _loopback);
        // Replies to our source port, ICMP errors (quoting our probes) and ARP replies; the cookie does the rest.
        var filter = $"(tcp and dst port {_settings.SourcePort}) or (icmp and icmp[0] == 3) or (arp and arp[6:2] == 2)";
        _receiver = new FrameReceiver(_interface, filter, OnFrame, FlushReplies);
        _receiver.Start();
        _flushTimer = new Timer(_ => FlushReplies(), null, 1, 1);
    }

    protected override void PostStop()
    {
        var s = Statistics();
        _flushTimer?.Dispose();
        _receiver?.Dispose();
        _sender?.Dispose();
        if (s.PcapDropped + s.InterfaceDropped > 0)
            _log.Warning("{0}: the capture dropped {1} frames: replies may have been missed", _interface, s.PcapDropped + s.InterfaceDropped);
    }

    private PacketIoProtocol.Statistics Statistics()
    {
        var (_, dropped, ifDropped) = _receiver?.Statistics() ?? (0, 0, 0);
        return new PacketIoProtocol.Statistics(_interface, _sender?.FramesSent ?? 0, Interlocked.Read(ref _captured),
            Interlocked.Read(ref _matched), dropped, ifDropped);
    }

    private void Register(PacketIoProtocol.Register m)
    {
        try
        {
            if (!_nextHopOf.ContainsKey(m.Host)) _nextHopOf[m.Host] = NextHopMac(m.Host);
            _owners[m.Host] = m.Owner;
            m.Owner.Tell(new PacketIoProtocol.Registered(m.Host, Self, null));
        }
        catch (IOException e)
        {
            m.Owner.Tell(new PacketIoProtocol.Registered(m.Host, Self, e.Message));
        }
    }

    /// <summary>The next hop toward a host, with its MAC known (from the kernel's table, else by asking with ARP).</summary>
    private uint NextHopMac(uint host)
    {
        if (_loopback) return 0;
        var route = RouteTable.Lookup(RouteTable.Read(), host) ?? throw new IOException($"no route to {Ipv4.Format(host)}");
        uint hop = route.Gateway != 0 ? route.Gateway : host;
        if (_macs.ContainsKey(hop)) return hop;
        var mac = RouteTable.Neighbour(hop, _interface) ?? Arp(hop)
                  ?? throw new IOException($"{Ipv4.Format(hop)} does not answer ARP on {_interface}");
        _macs[hop] = mac;
        return hop;
    }

    private byte[]? Arp(uint ip)
    {
        var wait = _arpWaits.GetOrAdd(ip, _ => new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously));
        for (int attempt = 0; attempt < 3; attempt++)
        {
            _sender!.Commit(ArpPacket.WriteRequest(_sender.Frame, _sourceMac, _sourceIp, ip));
            _sender.Flush();
            if (wait.Task.Wait(TimeSpan.FromMilliseconds(300))) return wait.Task.Result;
        }
        return null;
    }

    private void Send(PacketIoProtocol.SendTcpProbes m)
    {
        if (!_nextHopOf.TryGetValue(m.Host, out var hop)) return;
        var template = Template(hop, m.Flags);
        var sender = _sender!;
        for (int i = 0; i < m.Count; i++)
        {
            ushort port = m.Ports[i];
            uint seq = _settings.Cookie.Cookie(_sourceIp, m.Host, _settings.SourcePort, port);
            int length = template.Write(sender.Frame, m.Host, port, _settings.SourcePort, seq, 0, _ipId++);
            if (_settings.Trace is { } trace) trace.Sent(sender.Frame[..length], NetworkPath.LinkHeaderLength);
            sender.Commit(length);
        }
        sender.Flush();
    }

    private TcpProbeTemplate Template(uint hop, TcpFlags flags)
    {
        if (_templates.TryGetValue((hop, flags), out var t)) return t;
        var link = _loopback ? EthernetHeader.BuildLinuxLoopback() : EthernetHeader.Build(_macs[hop], _sourceMac);
        // A SYN carries MSS 1460 as the specification's probe does; other flags go bare, as nmap sends them.
        var options = new TcpOptionsWriter(stackalloc byte[TcpOptionsWriter.MaxLength]);
        if (flags.HasFlag(TcpFlags.Syn)) options.WriteMaximumSegmentSize(1460);
        t = new TcpProbeTemplate(link, _sourceIp, flags, options.Written);
        _templates[(hop, flags)] = t;
        return t;
    }

    // ---- receive thread ----

    private void OnFrame(ReadOnlySpan<byte> frame, long ticks)
    {
        Interlocked.Increment(ref _captured);
        if (frame.Length >= 14 && EthernetHeader.EtherType(frame) == ArpPacket.EtherType)
        {
            if (ArpPacket.TryReadReply(frame, out var ip, out var mac) && _arpWaits.TryRemove(ip, out var wait))
                wait.TrySetResult(mac);
            return;
        }
        if (!ReplyParser.TryParse(frame, NetworkPath.LinkHeaderLength, out var reply)) return;
        if (!_settings.Cookie.IsReplyToSyn(reply)) return;
        uint host = reply.IsTcp ? reply.SourceIp : reply.EmbeddedDestinationIp;
        if (!_owners.ContainsKey(host)) return;
        if (_settings.Trace is { } trace) trace.Received(frame, NetworkPath.LinkHeaderLength);
        var item = reply.IsTcp
            ? new TcpProbeReply(host, reply.SourcePort,
                reply.IsSynAck ? TcpReplyKind.SynAck : reply.IsRst ? TcpReplyKind.Rst : TcpReplyKind.OtherTcp,
                0, 0, reply.Ttl, reply.Window, ticks)
            : new TcpProbeReply(host, reply.EmbeddedDestinationPort, TcpReplyKind.IcmpUnreachable,
                reply.IcmpType, reply.IcmpCode, reply.Ttl, 0, ticks);
        Interlocked.Increment(ref _matched);
        bool full;
        lock (_gatherLock)
        {
            if (!_gathered.TryGetValue(host, out var list)) _gathered[host] = list = new List<TcpProbeReply>();
            list.Add(item);
            full = ++_gatheredCount >= 512;
        }
        if (full) FlushReplies();
    }

    private void FlushReplies()
    {
        lock (_gatherLock)
        {
            if (_gatheredCount == 0) return;
            foreach (var (host, list) in _gathered)
            {
                if (list.Count == 0) continue;
                if (_owners.TryGetValue(host, out var owner)) owner.Tell(new PacketIoProtocol.Replies(list.ToArray()));
                list.Clear();
            }
            _gatheredCount = 0;
        }
    }
}
