using Akka.Actor;
using ProRT.Actors.PacketIo;
using ProRT.Protocols.Results;
using ProRT.Protocols.Scanning;
using ProRT.Protocols.Targets;
using ProRT.Protocols.Techniques;

namespace ProRT.Actors.Discovery;

/// <summary>
/// Finds which hosts of a batch are up before their ports are scanned, as nmap does by default: ARP on a directly
/// connected Ethernet, else ICMP echo, TCP SYN to 443, TCP ACK to 80 and ICMP timestamp. Any answer means up;
/// silence after one retransmission means down. Our own addresses are up without asking.
/// </summary>
public sealed class HostDiscovery : ReceiveActor, IWithTimers
{
    /// <summary>Messages the discovery actor answers.</summary>
    public static class Protocol
    {
        /// <summary>Find which of <paramref name="Hosts"/> are up; answered with <see cref="HostsDiscovered"/>.</summary>
        /// <param name="Hosts">The hosts to probe.</param>
        public sealed record DiscoverHosts(IReadOnlyList<Target> Hosts);

        /// <summary>The verdict on one host.</summary>
        /// <param name="Target">The host.</param>
        /// <param name="State">Up when anything answered, else down.</param>
        /// <param name="Reason">nmap's reason: "arp-response", "echo-reply", "syn-ack", "reset", "localhost-response", "no-response"...</param>
        /// <param name="Latency">Round-trip time of the first answer; null when none was timed.</param>
        public sealed record Discovered(Target Target, HostState State, string Reason, TimeSpan? Latency);

        /// <summary>Answers <see cref="DiscoverHosts"/> once every host is decided.</summary>
        /// <param name="Hosts">One verdict per requested host, in request order.</param>
        public sealed record HostsDiscovered(IReadOnlyList<Discovered> Hosts);

        internal sealed record RoundOver(int Request, int Round);
    }

    private sealed class Request(int id, IActorRef requester, IReadOnlyList<Target> hosts)
    {
        public int Id { get; } = id;
        public IActorRef Requester { get; } = requester;
        public IReadOnlyList<Target> Hosts { get; } = hosts;
        public Dictionary<uint, Protocol.Discovered> Found { get; } = new();
        public long SentUnixTicks { get; set; }
        public int Round { get; set; }
        public TimeSpan SlowestReply { get; set; }
    }

    private const int Rounds = 2;
    private readonly ScanConfig _config;
    private readonly IActorRef _router;
    private readonly Dictionary<int, Request> _requests = new();
    private readonly Dictionary<uint, Request> _byHost = new();
    private readonly HashSet<uint> _localAddresses;
    private int _nextId;

    /// <summary>Set by Akka: schedules the end of each probe round.</summary>
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Discovery with the probes of <paramref name="config"/>, sent and received through <paramref name="router"/> (a <see cref="PacketIoRouter"/>).</summary>
    public HostDiscovery(ScanConfig config, IActorRef router)
    {
        _config = config;
        _router = router;
        _localAddresses = RouteTable.LocalAddresses();

        Receive<Protocol.DiscoverHosts>(m => Start(m.Hosts));
        Receive<PacketIoProtocol.DiscoverySent>(m =>
        {
            // Time the round from when its probes actually left (the first batch waits for the capture to open).
            if (!_requests.TryGetValue(m.Tag, out var request)) return;
            request.SentUnixTicks = m.SentUnixTicks;
            Timers.StartSingleTimer($"round-{request.Id}", new Protocol.RoundOver(request.Id, request.Round), RoundWait(request));
        });
        Receive<PacketIoProtocol.Replies>(m =>
        {
            foreach (var reply in m.Items)
            {
                if (!_byHost.TryGetValue(reply.Host, out var request) || request.Found.ContainsKey(reply.Host)) continue;
                var target = request.Hosts.First(h => h.Address == reply.Host);
                var rtt = TimeSpan.FromTicks(Math.Max(0, reply.ReceivedTicks - request.SentUnixTicks));
                request.Found[reply.Host] = new Protocol.Discovered(target, HostState.Up, Reason(reply), rtt);
                if (request.Found.Count == request.Hosts.Count) Complete(request);
                else if (rtt > request.SlowestReply)
                {
                    // Answers show how long this network takes: wait a few times that for the rest, not the
                    // template's worst case (nmap adapts its ping timeouts the same way).
                    request.SlowestReply = rtt;
                    Timers.StartSingleTimer($"round-{request.Id}", new Protocol.RoundOver(request.Id, request.Round),
                        AdaptedWait(rtt));
                }
            }
        });
        Receive<Protocol.RoundOver>(m =>
        {
            if (!_requests.TryGetValue(m.Request, out var request)) return;
            if (m.Round + 1 < Rounds) Send(request, m.Round + 1);
            else Complete(request);
        });
    }

    /// <summary>Props for a <see cref="HostDiscovery"/>.</summary>
    public static Props Props(ScanConfig config, IActorRef router) =>
        Akka.Actor.Props.Create(() => new HostDiscovery(config, router));

    private static string Reason(ProbeReply reply) => reply.Kind switch
    {
        ReplyKind.ArpReply => "arp-response",
        ReplyKind.EchoReply => "echo-reply",
        ReplyKind.TimestampReply => "timestamp-reply",
        ReplyKind.SynAck => "syn-ack",
        ReplyKind.Rst => "reset",
        ReplyKind.IcmpUnreachable => ProRT.Protocols.Techniques.ITcpScanTechnique.UnreachableReason(reply.IcmpCode),
        _ => "response",
    };

    private void Start(IReadOnlyList<Target> hosts)
    {
        var request = new Request(_nextId++, Sender, hosts);
        _requests[request.Id] = request;
        foreach (var host in hosts)
        {
            if (_localAddresses.Contains(host.Address) || host.Address >> 24 == 127)
                request.Found[host.Address] = new Protocol.Discovered(host, HostState.Up, "localhost-response", null);
            else
                _byHost[host.Address] = request;
        }
        if (request.Found.Count == hosts.Count) Complete(request);
        else Send(request, 0);
    }

    private void Send(Request request, int round)
    {
        var pending = request.Hosts.Where(h => !request.Found.ContainsKey(h.Address)).Select(h => h.Address).ToArray();
        request.Round = round;
        // Provisional until PacketIo says when the probes really left: replies can arrive before that word does.
        request.SentUnixTicks = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks;
        _router.Tell(new PacketIoProtocol.Discover(pending, _config.Discovery, Self, request.Id));
        // Armed again when PacketIo reports the probes sent; this one covers a PacketIo that never answers.
        Timers.StartSingleTimer($"round-{request.Id}", new Protocol.RoundOver(request.Id, round), RoundWait(request) * 3);
    }

    /// <summary>
    /// How long a round waits: a few times the slowest answer seen so far, else about nmap's initial RTT timeout
    /// (clamped for the slow templates).
    /// </summary>
    private TimeSpan RoundWait(Request request) => request.SlowestReply > TimeSpan.Zero
        ? AdaptedWait(request.SlowestReply)
        : TimeSpan.FromTicks(Math.Clamp(_config.Timing.InitialRttTimeout.Ticks, TimeSpan.TicksPerMillisecond * 250,
            TimeSpan.TicksPerSecond * 2));

    /// <summary>Four times the slowest answer, between 100 ms and 2 s: a clock step can never stall a round.</summary>
    private static TimeSpan AdaptedWait(TimeSpan slowest) =>
        TimeSpan.FromTicks(Math.Clamp(slowest.Ticks * 4, TimeSpan.TicksPerMillisecond * 100, TimeSpan.TicksPerSecond * 2));

    private void Complete(Request request)
    {
        Timers.Cancel($"round-{request.Id}");
        _requests.Remove(request.Id);
        var results = request.Hosts.Select(h =>
        {
            if (_byHost.Remove(h.Address)) _router.Tell(new PacketIoProtocol.Unregister(h.Address));
            return request.Found.TryGetValue(h.Address, out var found)
                ? found
                : new Protocol.Discovered(h, HostState.Down, "no-response", null);
        }).ToList();
        request.Requester.Tell(new Protocol.HostsDiscovered(results));
    }
}
