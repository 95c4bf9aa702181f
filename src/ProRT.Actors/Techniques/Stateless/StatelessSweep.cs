using System.Security.Cryptography;
using Akka.Actor;
using ProRT.Actors.PacketIo;
using ProRT.Actors.Results;
using ProRT.Protocols.Results;
using ProRT.Protocols.Scanning;
using ProRT.Protocols.Targets;
using ProRT.Protocols.Techniques;

namespace ProRT.Actors.Techniques.Stateless;

/// <summary>
/// A whole scan as one masscan-style sweep: PacketIo sends every (host, port) once in permuted order with no state
/// per probe, and this actor keeps only what answers. When the last probe is out it waits one probe timeout for late
/// replies, then reports the hosts that answered; silent ports of those hosts are the technique's no-response state,
/// and hosts that answered nothing are not reported.
/// </summary>
public sealed class StatelessSweep : ReceiveActor, IWithTimers
{
    /// <summary>Messages the sweep sends its parent.</summary>
    public static class Protocol
    {
        /// <summary>Sent to the parent (the coordinator) once the sweep is over.</summary>
        /// <param name="Hosts">Hosts that answered, with every scanned port.</param>
        /// <param name="ProbesSent">Probes the sweep sent.</param>
        public sealed record SweepCompleted(IReadOnlyList<HostResult> Hosts, long ProbesSent);

        internal sealed record GraceOver(long Sent);
    }

    private readonly ScanConfig _config;
    private readonly IActorRef _router;
    private readonly IActorRef _publisher;
    private readonly ITcpScanTechnique _technique;
    private readonly Dictionary<uint, Dictionary<ushort, ScanResult>> _answers = new();
    private readonly DateTimeOffset _started = DateTimeOffset.UtcNow;

    /// <summary>Set by Akka: schedules the wait for late replies.</summary>
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>A sweep over the targets and ports of <paramref name="config"/>.</summary>
    /// <param name="config">The scan's configuration, one whose <see cref="ScanConfig.Stateless"/> is true.</param>
    /// <param name="router">The <see cref="PacketIoRouter"/> that sends the sweep.</param>
    /// <param name="publisher">The <see cref="ResultPublisher"/>, told of answers as they come.</param>
    /// <param name="technique">Reads the replies and gives the state of silent ports.</param>
    public StatelessSweep(ScanConfig config, IActorRef router, IActorRef publisher, ITcpScanTechnique technique)
    {
        _config = config;
        _router = router;
        _publisher = publisher;
        _technique = technique;

        Receive<PacketIoProtocol.Replies>(m =>
        {
            var fresh = new List<ScanResult>();
            foreach (var reply in m.Items)
            {
                if (_technique.Classify(reply) is not { } verdict) continue;
                if (Array.BinarySearch(_config.ScannedPorts, reply.Port) < 0) continue;
                if (!_answers.TryGetValue(reply.Host, out var ports)) _answers[reply.Host] = ports = new();
                if (ports.ContainsKey(reply.Port)) continue;
                var result = new ScanResult(Ipv4.ToAddress(reply.Host), reply.Port, ProRT.Protocols.Ports.Protocol.Tcp, verdict.State,
                    verdict.Reason, TimeSpan.Zero, DateTimeOffset.UtcNow, ReasonTtl: reply.Ttl);
                ports[reply.Port] = result;
                fresh.Add(result);
            }
            if (fresh.Count > 0) _publisher.Tell(new ResultPublisher.Protocol.PortsFound(fresh));
        });
        Receive<PacketIoProtocol.SweepSent>(m =>
        {
            if (m.Error is not null) throw new ProbeFailedException($"the sweep stopped: {m.Error}");
            Timers.StartSingleTimer("grace", new Protocol.GraceOver(m.Sent), _config.Timing.InitialRttTimeout);
        });
        Receive<Protocol.GraceOver>(m => Context.Parent.Tell(new Protocol.SweepCompleted(Hosts(), m.Sent)));
    }

    /// <summary>Props for a <see cref="StatelessSweep"/>.</summary>
    public static Props Props(ScanConfig config, IActorRef router, IActorRef publisher, ITcpScanTechnique technique) =>
        Akka.Actor.Props.Create(() => new StatelessSweep(config, router, publisher, technique));

    /// <summary>Starts the sweep with a fresh random permutation key.</summary>
    protected override void PreStart()
    {
        Span<byte> key = stackalloc byte[16];
        RandomNumberGenerator.Fill(key);
        var plan = new SweepPlan(_config.Targets, _config.ScannedPorts, _technique.ProbeFlags, _config.MaxRate,
            BitConverter.ToUInt64(key), BitConverter.ToUInt64(key[8..]));
        _router.Tell(new PacketIoProtocol.StartSweep(plan, Self));
    }

    private List<HostResult> Hosts()
    {
        var (silentState, silentReason) = _technique.Silence;
        var hosts = new List<HostResult>();
        foreach (var (host, answered) in _answers.OrderBy(a => a.Key))
        {
            var address = Ipv4.ToAddress(host);
            var ports = _config.ScannedPorts.Select(p => answered.TryGetValue(p, out var r)
                ? r
                : new ScanResult(address, p, ProRT.Protocols.Ports.Protocol.Tcp, silentState, silentReason, TimeSpan.Zero, _started)).ToList();
            var reason = answered.Values.First().Reason;
            hosts.Add(new HostResult(address, null, HostState.Up, reason, ports));
        }
        return hosts;
    }
}
