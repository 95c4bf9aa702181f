using System.Diagnostics;
using System.Collections.Concurrent;
using System.Net.NetworkInformation;
using Akka.Actor;
using Akka.Event;
using ProRT.Protocols.Packets;
using ProRT.Protocols.Techniques;

namespace ProRT.Actors.PacketIo;

/// <summary>
/// The only code that touches the wire for raw scans, one actor per interface. Sending: host actors hand it bursts
/// of ports; it patches a prebuilt frame per probe straight into the sender's batch (no allocation) and flushes with
/// one system call per batch. A stateless sweep instead runs on sending threads of its own, straight from a permuted
/// index stream. Receiving: a dedicated pcap thread matches each reply to our probes by its SYN cookie, decodes it in
/// place and hands it to the owning actor in batches.
/// </summary>
public sealed class PacketIo : ReceiveActor, IWithTimers
{
    /// <summary>ARP requests per neighbour before it counts as absent, and the wait after each: nmap's minimum RTT
    /// timeout, ample on a LAN (answers come within a millisecond) and short enough that a /24 of absent hosts
    /// costs no more than nmap takes for it.</summary>
    private const int ArpTries = 3;
    private static readonly TimeSpan ArpWait = TimeSpan.FromMilliseconds(100);

    /// <summary>The largest sweep whose targets are each looked at for their next hop before sending starts.</summary>
    private const ulong MaxSweepHostsResolved = 1 << 20;

    private sealed record ArpRetry(uint Hop);

    private sealed record ArpHeard(uint Hop);

    /// <summary>A next hop being asked for with ARP, and what waits on the answer (true: known; false: absent).</summary>
    private sealed class Resolution
    {
        public int Tries;
        public readonly List<Action<bool>> Waiting = [];
    }

    private readonly string _interface;
    private readonly PacketIoSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly ConcurrentDictionary<(uint Host, bool Udp), IActorRef> _owners = new();
    // Hops asked for with ARP: the actor's own bookkeeping, and the set the receive thread checks replies against.
    private readonly Dictionary<uint, Resolution> _resolving = new();
    private readonly ConcurrentDictionary<uint, bool> _asking = new();
    private IActorRef _self = ActorRefs.Nobody;
    // Registrations waiting on their host's next hop, per owner key; an unregistration cancels them.
    private readonly Dictionary<(uint Host, bool Udp), int> _registering = [];
    private FrameSender? _sender;
    private FrameReceiver? _receiver;
    private NextHopTable _hops = null!;
    private SweepSender? _sweep;
    private volatile IActorRef? _sweepOwner;
    private uint _sourceIp;
    private byte[] _sourceMac = [];
    private bool _loopback;
    private int _interfaceIndex;
    private int _maxFrame;
    private ushort _ipId;
    private readonly HashSet<ushort> _oversizeWarned = [];

    // Replies gathered per owner until the next flush: by the receive thread when 512 are waiting, else by a 1 ms
    // timer (pcap's reads may block for long after the last frame, so the receive loop cannot be relied on to flush).
    private readonly Dictionary<IActorRef, List<ProbeReply>> _gathered = new();
    private readonly Lock _gatherLock = new();
    private Timer? _flushTimer;
    private int _gatheredCount;
    private long _gatheredSince;
    private long _captured, _matched;

    /// <summary>The packet actor of interface <paramref name="interfaceName"/>; the interface is opened when the actor starts.</summary>
    public PacketIo(string interfaceName, PacketIoSettings settings)
    {
        _interface = interfaceName;
        _settings = settings;
        Receive<PacketIoProtocol.Register>(Register);
        Receive<PacketIoProtocol.Unregister>(Unregister);
        Receive<ArpRetry>(m => AskAgain(m.Hop));
        Receive<ArpHeard>(m => Resolved(m.Hop));
        Receive<PacketIoProtocol.SendTcpProbes>(m =>
        {
            Send(m);
            Sender.Tell(new PacketIoProtocol.ProbesSent(ProRT.Protocols.Timing.MonotonicClock.NowTicks()));
        });
        Receive<PacketIoProtocol.SendUdpProbes>(m =>
        {
            SendUdp(m);
            Sender.Tell(new PacketIoProtocol.ProbesSent(ProRT.Protocols.Timing.MonotonicClock.NowTicks()));
        });
        Receive<PacketIoProtocol.StartSweep>(StartSweep);
        Receive<PacketIoProtocol.Discover>(Discover);
        Receive<PacketIoProtocol.GetStatistics>(_ => Sender.Tell(Statistics()));
    }

    /// <summary>Props for a <see cref="PacketIo"/>.</summary>
    public static Props Props(string interfaceName, PacketIoSettings settings) =>
        Akka.Actor.Props.Create(() => new PacketIo(interfaceName, settings));

    /// <inheritdoc/>
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Opens the interface: the send socket, the pcap capture thread and the reply flush timer.</summary>
    protected override void PreStart()
    {
        _self = Self;
        Scanning.StartupTrace.Mark("packet io starting");
        var nic = NetworkInterface.GetAllNetworkInterfaces().FirstOrDefault(n => n.Name == _interface)
                  ?? throw new IOException($"no interface named {_interface}");
        _loopback = nic.NetworkInterfaceType == NetworkInterfaceType.Loopback;
        _sourceIp = RouteTable.AddressOf(nic) ?? throw new IOException($"interface {_interface} has no IPv4 address");
        _sourceMac = _loopback ? new byte[6] : nic.GetPhysicalAddress().GetAddressBytes();
        _interfaceIndex = nic.GetIPProperties().GetIPv4Properties().Index;
        _hops = new NextHopTable(_interface, _loopback, _sourceIp, _sourceMac);
        // Slots as long as the interface's largest frame, so that any UDP payload up to the MTU goes out whole.
        int mtu = Math.Clamp(nic.GetIPProperties().GetIPv4Properties().Mtu, 576, 65535);
        Scanning.StartupTrace.Mark("interface found");
        _sender = new FrameSender(_interfaceIndex, _loopback, slotSize: (EthernetHeader.Length + mtu + 63) & ~63);
        _maxFrame = EthernetHeader.Length + mtu;
        Scanning.StartupTrace.Mark("sender open");
        // Replies to our source port, ICMP errors (quoting our probes) and ARP replies; the cookie does the rest.
        var filter = $"((tcp or udp) and {_settings.DestinationPortFilter})" +
                     " or (icmp and (icmp[0] == 3 or icmp[0] == 0 or icmp[0] == 14)) or (arp and arp[6:2] == 2)";
        // Loopback's MTU is 64 KB: its ring gets the large size, so that it still has room for a burst of replies.
        _receiver = new FrameReceiver(_interface, filter, OnFrame, FlushReplies,
            _loopback ? PacketIoSettings.LargeCaptureBuffer : _settings.CaptureBufferBytes,
            snapshotLength: _settings.SnapshotLength ?? Math.Min(65535, _maxFrame + 4)); // 4: a VLAN tag
        _receiver.Start();
        Scanning.StartupTrace.Mark("capture started");
        _flushTimer = new Timer(_ => FlushReplies(), null, Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>Closes the interface, warning when the capture dropped frames.</summary>
    protected override void PostStop()
    {
        var s = Statistics();
        _sweep?.Dispose();
        _flushTimer?.Dispose();
        _receiver?.Dispose();
        _sender?.Dispose();
        if (s.PcapDropped + s.InterfaceDropped > 0)
            _log.Warning("{0}: the capture dropped {1} frames: replies may have been missed", _interface, s.PcapDropped + s.InterfaceDropped);
    }

    private PacketIoProtocol.Statistics Statistics()
    {
        var (_, dropped, ifDropped) = _receiver?.Statistics() ?? (0, 0, 0);
        return new PacketIoProtocol.Statistics(_interface, (_sender?.FramesSent ?? 0) + (_sweep?.FramesSent ?? 0),
            Interlocked.Read(ref _captured), Interlocked.Read(ref _matched), dropped, ifDropped);
    }

    private void Register(PacketIoProtocol.Register m)
    {
        var self = Self;
        _registering[(m.Host, m.Udp)] = _registering.GetValueOrDefault((m.Host, m.Udp)) + 1;
        WhenReachable(m.Host, known =>
        {
            // An owner that unregistered while its host was being resolved (it stopped) is not remembered.
            if (_registering.GetValueOrDefault((m.Host, m.Udp)) == 0) return;
            if (--_registering[(m.Host, m.Udp)] == 0) _registering.Remove((m.Host, m.Udp));
            if (!known || _hops.TemplateFor(m.Host, TcpFlags.Syn) is null)
            {
                m.Owner.Tell(new PacketIoProtocol.Registered(m.Host, self, _hops.Describe(m.Host)));
                return;
            }
            _owners[(m.Host, m.Udp)] = m.Owner;
            m.Owner.Tell(new PacketIoProtocol.Registered(m.Host, self, null));
        });
    }

    private void Unregister(PacketIoProtocol.Unregister m)
    {
        _registering.Remove((m.Host, m.Udp));
        _owners.TryRemove((m.Host, m.Udp), out _);
        // Once nobody scans a neighbour any more, what was learnt of it goes: nothing grows with the hosts ever seen.
        if (!_owners.ContainsKey((m.Host, true)) && !_owners.ContainsKey((m.Host, false))) _hops.Forget(m.Host);
    }

    // ---- neighbour resolution: ARP asked and retried on this actor's timers, answers seen by the receive thread ----

    /// <summary>Runs <paramref name="then"/> once frames to <paramref name="host"/> can be addressed (true) or its next
    /// hop did not answer ARP (false); at once when the hop is known. Never waits on the actor's thread.</summary>
    private void WhenReachable(uint host, Action<bool> then)
    {
        if (_hops.HopOf(host) is not { } hop) then(false);
        else WhenHopKnown(hop, then);
    }

    private void WhenHopKnown(uint hop, Action<bool> then)
    {
        if (_hops.Knows(hop))
        {
            then(true);
            return;
        }
        if (!_resolving.TryGetValue(hop, out var resolution))
        {
            _resolving[hop] = resolution = new Resolution();
            _asking[hop] = true;
            Ask(hop, resolution);
        }
        resolution.Waiting.Add(then);
    }

    /// <summary>Runs <paramref name="then"/> once every one of <paramref name="hops"/> is known or given up on.</summary>
    private void WhenHopsKnown(IEnumerable<uint> hops, Action then)
    {
        var unknown = hops.Distinct().Where(hop => !_hops.Knows(hop)).ToList();
        if (unknown.Count == 0)
        {
            then();
            return;
        }
        int left = unknown.Count;
        foreach (var hop in unknown) WhenHopKnown(hop, _ => { if (--left == 0) then(); });
    }

    private void Ask(uint hop, Resolution resolution)
    {
        resolution.Tries++;
        _sender!.Commit(ArpPacket.WriteRequest(_sender.Frame, _sourceMac, _sourceIp, hop));
        _sender.Flush();
        Timers.StartSingleTimer(("arp", hop), new ArpRetry(hop), ArpWait);
    }

    private void AskAgain(uint hop)
    {
        if (!_resolving.TryGetValue(hop, out var resolution)) return;
        if (_hops.Knows(hop) || resolution.Tries >= ArpTries) Resolved(hop);
        else Ask(hop, resolution);
    }

    private void Resolved(uint hop)
    {
        if (!_resolving.Remove(hop, out var resolution)) return;
        _asking.TryRemove(hop, out _);
        Timers.Cancel(("arp", hop));
        bool known = _hops.Knows(hop);
        foreach (var then in resolution.Waiting) then(known);
    }

    private void Send(PacketIoProtocol.SendTcpProbes m)
    {
        var sender = _sender!;
        if (_hops.TemplateFor(m.Host, m.Flags) is not { } template) return;
        bool withAck = m.Flags.HasFlag(TcpFlags.Ack);
        for (int i = 0; i < m.Count; i++)
        {
            ushort port = m.Ports[i];
            ushort sourcePort = _settings.SourcePortFor(m.Tries[i]);
            uint seq = _settings.Cookie.Cookie(_sourceIp, m.Host, sourcePort, port);
            uint ack = withAck ? seq : 0; // so the RST to an ACK probe carries the cookie back as its sequence number
            int length = template.Write(sender.Frame, m.Host, port, sourcePort, seq, ack, _ipId++);
            if (_settings.Trace is { } trace) trace.Sent(sender.Frame[..length], EthernetHeader.Length);
            sender.Commit(length);
        }
        sender.Flush();
    }

    private void Discover(PacketIoProtocol.Discover m)
    {
        // Routed hosts need their gateway's MAC first: ask for the hops not known yet, then send.
        bool arp = m.Probes.HasFlag(ProRT.Protocols.Scanning.DiscoveryProbes.Arp);
        WhenHopsKnown(m.Hosts.Where(h => !(arp && _hops.IsNeighbour(h))).Select(h => _hops.HopOf(h)).OfType<uint>(),
            () => DiscoverNow(m));
    }

    private void DiscoverNow(PacketIoProtocol.Discover m)
    {
        var sender = _sender!;
        var probes = m.Probes;
        // Taken before the first frame leaves: on a LAN the first answers come back before the batch is out.
        long sentUnixTicks = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks;
        foreach (var host in m.Hosts)
        {
            _owners[(host, false)] = m.Owner;
            if (_hops.IsNeighbour(host) && probes.HasFlag(ProRT.Protocols.Scanning.DiscoveryProbes.Arp))
            {
                sender.Commit(ArpPacket.WriteRequest(sender.Frame, _sourceMac, _sourceIp, host));
                continue;
            }
            if (_hops.LinkHeaderFor(host) is not { } link) continue;
            if (probes.HasFlag(ProRT.Protocols.Scanning.DiscoveryProbes.Echo)) SendIcmp(sender, link, host, IcmpProbeWriter.EchoRequest);
            if (probes.HasFlag(ProRT.Protocols.Scanning.DiscoveryProbes.Timestamp)) SendIcmp(sender, link, host, IcmpProbeWriter.TimestampRequest);
            if (probes.HasFlag(ProRT.Protocols.Scanning.DiscoveryProbes.Syn)) SendTcp(sender, host, 443, TcpFlags.Syn);
            if (probes.HasFlag(ProRT.Protocols.Scanning.DiscoveryProbes.Ack)) SendTcp(sender, host, 80, TcpFlags.Ack);
        }
        sender.Flush();
        m.Owner.Tell(new PacketIoProtocol.DiscoverySent(m.Tag, sentUnixTicks));
    }

    private void SendIcmp(FrameSender sender, byte[] link, uint host, byte type)
    {
        uint c = _settings.Cookie.Cookie(_sourceIp, host, 0, type);
        int length = IcmpProbeWriter.Write(sender.Frame, link, _sourceIp, host, type, (ushort)(c >> 16), (ushort)c, _ipId++);
        if (_settings.Trace is { } trace) trace.Sent(sender.Frame[..length], EthernetHeader.Length);
        sender.Commit(length);
    }

    private void SendTcp(FrameSender sender, uint host, ushort port, TcpFlags flags)
    {
        if (_hops.TemplateFor(host, flags) is not { } template) return;
        uint seq = _settings.Cookie.Cookie(_sourceIp, host, _settings.SourcePort, port);
        int length = template.Write(sender.Frame, host, port, _settings.SourcePort, seq, flags.HasFlag(TcpFlags.Ack) ? seq : 0, _ipId++);
        if (_settings.Trace is { } trace) trace.Sent(sender.Frame[..length], EthernetHeader.Length);
        sender.Commit(length);
    }

    private void SendUdp(PacketIoProtocol.SendUdpProbes m)
    {
        var sender = _sender!;
        if (_hops.LinkHeaderFor(m.Host) is not { } link) return;
        var payloads = _settings.UdpPayloads.Value;
        int room = _maxFrame - link.Length - Ipv4Header.MinLength - UdpProbeWriter.HeaderLength;
        for (int i = 0; i < m.Count; i++)
        {
            ushort port = m.Ports[i];
            ushort sourcePort = _settings.SourcePortFor(m.Tries[i]);
            var all = payloads.All(port);
            int sent = 0;
            // Every payload of the port, as nmap sends them: together, each in its own datagram.
            for (int j = 0; j < all.Count; j++) // by index: a foreach over the interface would allocate per port
            {
                var payload = all[j];
                if (payload.Length > room)
                {
                    WarnOversize(m.Host, port, payload.Length, room);
                    continue;
                }
                SendUdp(sender, link, m.Host, port, sourcePort, payload);
                sent++;
            }
            // A port whose payloads all failed still gets a datagram, so that it is scanned like any other.
            if (sent == 0) SendUdp(sender, link, m.Host, port, sourcePort, ReadOnlySpan<byte>.Empty);
        }
        sender.Flush();
    }

    private void SendUdp(FrameSender sender, byte[] link, uint host, ushort port, ushort sourcePort, ReadOnlySpan<byte> payload)
    {
        int length = UdpProbeWriter.Write(sender.Frame, link, _sourceIp, host, sourcePort, port, payload, _ipId++);
        if (_settings.Trace is { } trace) trace.Sent(sender.Frame[..length], EthernetHeader.Length);
        sender.Commit(length);
    }

    /// <summary>Says once per port that a payload cannot be sent; the scan goes on without it.</summary>
    private void WarnOversize(uint host, ushort port, int length, int room)
    {
        if (_oversizeWarned.Add(port))
            _log.Warning("{0} port {1}/udp: a {2}-byte payload does not fit the {3}-byte MTU of {4}; that payload is not sent",
                ProRT.Protocols.Targets.Ipv4.Format(host), port, length, room + Ipv4Header.MinLength + UdpProbeWriter.HeaderLength,
                _interface);
    }

    private void StartSweep(PacketIoProtocol.StartSweep m)
    {
        if (_sweep is not null) throw new InvalidOperationException("a sweep is already running on " + _interface);
        // The sending threads never ask ARP: every next hop of the target space is resolved first (gateways are few;
        // on a LAN each host is its own hop), and a hop that does not answer has its targets skipped.
        // A space too large to walk here (a /8 and more) has its gateways resolved, and on-link targets only as far as
        // the kernel already knows them, as masscan and zmap send everything to the router.
        var hops = new HashSet<uint>(_hops.Gateways);
        if (m.Plan.Targets.MaxCount <= MaxSweepHostsResolved)
            for (ulong i = 0; i < m.Plan.Targets.MaxCount; i++)
                if (_hops.HopOf(m.Plan.Targets.TargetAt(i).Address) is { } hop) hops.Add(hop);
        WhenHopsKnown(hops, () => StartSweepNow(m));
    }

    private void StartSweepNow(PacketIoProtocol.StartSweep m)
    {
        _sweepOwner = m.Owner;
        var owner = m.Owner;
        _sweep = new SweepSender(m.Plan, _settings, _hops, _sourceIp, _interfaceIndex, _loopback,
            (sent, skipped, error) => owner.Tell(new PacketIoProtocol.SweepSent(sent, skipped, error)));
        _sweep.Start();
    }

    // ---- receive thread ----

    private void OnFrame(ReadOnlySpan<byte> frame, long ticks)
    {
        Interlocked.Increment(ref _captured);
        if (frame.Length >= 14 && EthernetHeader.EtherType(frame) == ArpPacket.EtherType)
        {
            if (!ArpPacket.TryReadReply(frame, out var ip, out var mac)) return;
            // Only what we asked is learnt: a LAN's unsolicited ARP traffic must not fill the table.
            if (_asking.ContainsKey(ip))
            {
                _hops.Learn(ip, mac);
                _self.Tell(new ArpHeard(ip));
            }
            if (!_owners.TryGetValue((ip, false), out var asker)) return;
            _hops.Learn(ip, mac);
            Gather(asker, new ProbeReply(ip, 0, ReplyKind.ArpReply, 0, 0, 0, 0, ticks));
            return;
        }
        if (!ReplyParser.TryParse(frame, EthernetHeader.Length, out var reply))
        {
            // The filter let it through, so it claims to be ours; a bad one is dropped, never trusted, and counted.
            if (frame.Length < EthernetHeader.Length || EthernetHeader.EtherType(frame) == 0x0800) _settings.Counters.CountMalformed();
            return;
        }
        ProbeReply item;
        if (reply.Protocol == IpProtocol.Udp)
        {
            // UDP carries no cookie: an answer is ours if it comes to our source port and address.
            byte tryNumber = _settings.TryOf(reply.DestinationPort);
            if (tryNumber == 0 || reply.DestinationIp != _sourceIp) return;
            item = new ProbeReply(reply.SourceIp, reply.SourcePort, ReplyKind.UdpData, 0, 0, reply.Ttl, 0, ticks, tryNumber);
        }
        else if (reply.HasEmbedded && reply.EmbeddedProtocol == IpProtocol.Udp)
        {
            // An ICMP error quoting one of our UDP probes.
            byte tryNumber = _settings.TryOf(reply.EmbeddedSourcePort);
            if (tryNumber == 0 || reply.EmbeddedSourceIp != _sourceIp) return;
            item = new ProbeReply(reply.EmbeddedDestinationIp, reply.EmbeddedDestinationPort, ReplyKind.IcmpUnreachable,
                reply.IcmpType, reply.IcmpCode, reply.Ttl, 0, ticks, tryNumber);
        }
        else if (reply.Protocol == IpProtocol.Icmp && !reply.HasEmbedded)
        {
            // An echo or timestamp reply: its identifier and sequence must carry the cookie we sent.
            uint c = _settings.Cookie.Cookie(_sourceIp, reply.SourceIp, 0,
                reply.IcmpType == IcmpProbeWriter.EchoReply ? IcmpProbeWriter.EchoRequest : IcmpProbeWriter.TimestampRequest);
            if (reply.IcmpIdentifier != (ushort)(c >> 16) || reply.IcmpSequence != (ushort)c) return;
            item = new ProbeReply(reply.SourceIp, 0,
                reply.IcmpType == IcmpProbeWriter.EchoReply ? ReplyKind.EchoReply : ReplyKind.TimestampReply,
                reply.IcmpType, reply.IcmpCode, reply.Ttl, 0, ticks);
        }
        else
        {
            if (!_settings.Cookie.IsReplyToTcpProbe(reply)) return;
            uint host = reply.IsTcp ? reply.SourceIp : reply.EmbeddedDestinationIp;
            item = reply.IsTcp
                ? new ProbeReply(host, reply.SourcePort,
                    reply.IsSynAck ? ReplyKind.SynAck : reply.IsRst ? ReplyKind.Rst : ReplyKind.OtherTcp,
                    0, 0, reply.Ttl, reply.Window, ticks, _settings.TryOf(reply.DestinationPort))
                : new ProbeReply(host, reply.EmbeddedDestinationPort, ReplyKind.IcmpUnreachable,
                    reply.IcmpType, reply.IcmpCode, reply.Ttl, 0, ticks, _settings.TryOf(reply.EmbeddedSourcePort));
        }
        bool udp = reply.Protocol == IpProtocol.Udp || reply is { HasEmbedded: true, EmbeddedProtocol: IpProtocol.Udp };
        var owner = _owners.TryGetValue((item.Host, udp), out var registered) ? registered : _sweepOwner;
        if (owner is null) return;
        if (_settings.Trace is { } trace) trace.Received(frame, EthernetHeader.Length);
        Gather(owner, item);
    }

    private void Gather(IActorRef owner, ProbeReply item)
    {
        Interlocked.Increment(ref _matched);
        bool full;
        lock (_gatherLock)
        {
            if (!_gathered.TryGetValue(owner, out var list)) _gathered[owner] = list = new List<ProbeReply>();
            list.Add(item);
            // The timer runs only while replies wait: an idle interface costs no wake-ups.
            if (_gatheredCount++ == 0)
            {
                _gatheredSince = Stopwatch.GetTimestamp();
                _flushTimer?.Change(1, Timeout.Infinite);
            }
            // The capture thread also hands replies over itself once they have waited 2 ms: the timer runs on the thread
            // pool, which a busy scan of many hosts can starve for longer than a probe's timeout, and a reply that
            // waits that long arrives after its port was given up (a host's last burst ended filtered).
            full = _gatheredCount >= 512 || Stopwatch.GetElapsedTime(_gatheredSince).Ticks >= 2 * TimeSpan.TicksPerMillisecond;
        }
        if (full) FlushReplies();
    }

    private void FlushReplies()
    {
        lock (_gatherLock)
        {
            if (_gatheredCount == 0) return;
            foreach (var (owner, list) in _gathered)
            {
                if (list.Count == 0)
                {
                    // Nothing for this owner since the last flush: let its entry go, so the table holds only owners
                    // that are getting replies, never every host a long scan has seen.
                    _gathered.Remove(owner);
                    continue;
                }
                owner.Tell(new PacketIoProtocol.Replies(list.ToArray()));
                list.Clear();
            }
            _gatheredCount = 0;
        }
    }
}
