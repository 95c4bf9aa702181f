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
/// per probe, and this actor keeps only what answers, two bytes per scanned port of a host that answered (its verdict
/// and TTL), never a result object. Answers go to the publisher as they come. When the last probe is out it waits one
/// probe timeout for late replies, then hands the hosts that answered to its parent one at a time, in address order
/// (<see cref="Protocol.HostSwept"/>, each answered by <see cref="Protocol.NextHost"/> once journaled), so only one
/// host's results are ever whole in memory; silent ports are the technique's no-response state, and hosts that answered
/// nothing are not reported. <see cref="Protocol.SweepCompleted"/> comes last.
/// </summary>
public sealed class StatelessSweep : ReceiveActor, IWithTimers
{
    /// <summary>Messages the sweep sends its parent.</summary>
    public static class Protocol
    {
        /// <summary>Sent to the parent (the coordinator) once the sweep is over and every host is handed over.</summary>
        /// <param name="ProbesSent">Probes the sweep sent.</param>
        public sealed record SweepCompleted(long ProbesSent);

        /// <summary>A host that answered, with every scanned port; the parent answers <see cref="NextHost"/> once it is journaled.</summary>
        /// <param name="Host">The host.</param>
        public sealed record HostSwept(HostResult Host);

        /// <summary>The last host is journaled: send the next.</summary>
        public sealed record NextHost
        {
            /// <summary>The shared instance; the message carries no data.</summary>
            public static readonly NextHost Instance = new();
        }

        internal sealed record GraceOver(long Sent);
    }

    private readonly ScanConfig _config;
    private readonly IActorRef _router;
    private readonly IActorRef _publisher;
    private readonly ITcpScanTechnique _technique;
    // Per host that answered: a verdict code per scanned port (0 for silence, else 1 + an index into _verdicts), and
    // the reply's TTL.
    private readonly Dictionary<uint, (byte[] Codes, byte[] Ttls)> _answers = new();
    private readonly List<(PortState State, string Reason)> _verdicts = new();
    private readonly DateTimeOffset _started = DateTimeOffset.UtcNow;
    private uint[] _toHandOver = [];
    private int _handedOver;
    private long _sent;

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
                int index = Array.BinarySearch(_config.ScannedPorts, reply.Port);
                if (index < 0) continue;
                if (!_answers.TryGetValue(reply.Host, out var host))
                    _answers[reply.Host] = host = (new byte[_config.ScannedPorts.Length], new byte[_config.ScannedPorts.Length]);
                if (host.Codes[index] != 0) continue;
                host.Codes[index] = CodeOf(verdict);
                host.Ttls[index] = reply.Ttl;
                fresh.Add(new ScanResult(Ipv4.ToAddress(reply.Host), reply.Port, ProRT.Protocols.Ports.Protocol.Tcp, verdict.State,
                    verdict.Reason, TimeSpan.Zero, DateTimeOffset.UtcNow, ReasonTtl: reply.Ttl));
            }
            if (fresh.Count > 0) _publisher.Tell(new ResultPublisher.Protocol.PortsFound(fresh));
        });
        Receive<PacketIoProtocol.SweepSent>(m =>
        {
            if (m.Error is not null) throw new ProbeFailedException($"the sweep stopped: {m.Error}");
            Timers.StartSingleTimer("grace", new Protocol.GraceOver(m.Sent), _config.Timing.InitialRttTimeout);
        });
        Receive<Protocol.GraceOver>(m =>
        {
            _sent = m.Sent;
            _toHandOver = _answers.Keys.Order().ToArray();
            HandOverNext();
        });
        Receive<Protocol.NextHost>(_ => HandOverNext());
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

    private byte CodeOf((PortState State, string Reason) verdict)
    {
        int i = _verdicts.IndexOf(verdict);
        if (i < 0)
        {
            if (_verdicts.Count == byte.MaxValue) throw new InvalidOperationException("too many kinds of answers for a sweep");
            _verdicts.Add(verdict);
            i = _verdicts.Count - 1;
        }
        return (byte)(i + 1);
    }

    /// <summary>The next host that answered, whole, to the parent; its compact form is let go. Then the end.</summary>
    private void HandOverNext()
    {
        if (_handedOver == _toHandOver.Length)
        {
            Context.Parent.Tell(new Protocol.SweepCompleted(_sent));
            return;
        }
        uint host = _toHandOver[_handedOver++];
        var (codes, ttls) = _answers[host];
        _answers.Remove(host);
        var (silentState, silentReason) = _technique.Silence;
        var address = Ipv4.ToAddress(host);
        var ports = new ScanResult[codes.Length];
        string? reason = null;
        for (int i = 0; i < codes.Length; i++)
        {
            if (codes[i] == 0)
            {
                ports[i] = new ScanResult(address, _config.ScannedPorts[i], ProRT.Protocols.Ports.Protocol.Tcp, silentState, silentReason,
                    TimeSpan.Zero, _started);
                continue;
            }
            var (state, why) = _verdicts[codes[i] - 1];
            reason ??= why;
            ports[i] = new ScanResult(address, _config.ScannedPorts[i], ProRT.Protocols.Ports.Protocol.Tcp, state, why, TimeSpan.Zero,
                _started, ReasonTtl: ttls[i]);
        }
        Context.Parent.Tell(new Protocol.HostSwept(new HostResult(address, null, HostState.Up, reason!, ports)));
    }
}
