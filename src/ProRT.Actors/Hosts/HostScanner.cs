using System.Net;
using Akka.Actor;
using ProRT.Actors.Results;
using ProRT.Actors.Techniques;
using ProRT.Actors.Scanning;
using ProRT.Actors.Techniques.Connect;
using ProRT.Actors.Techniques.Raw;
using ProRT.Actors.Services;
using ProRT.Protocols.Techniques;
using ProRT.Protocols.Results;
using ProRT.Protocols.Scanning;
using ProRT.Protocols.Targets;

namespace ProRT.Actors.Hosts;

/// <summary>
/// Scans one host: starts the technique actor for the scan type, forwards its port batches to the publisher as
/// they come, looks up the host's name meanwhile, and reports the finished <see cref="HostResult"/> to its parent.
/// A failure of its technique escalates to the coordinator, which reports it on this host and carries on.
/// </summary>
public sealed class HostScanner : ReceiveActor
{
    /// <summary>Messages a host scanner sends its parent.</summary>
    public static class Protocol
    {
        /// <summary>Ports whose state is final, sent to the parent as they come (it journals and publishes them).</summary>
        /// <param name="Results">The newly final results.</param>
        public sealed record PortsFound(IReadOnlyList<ScanResult> Results) : Cluster.IClusterMessage;

        /// <summary>Sent to the parent when the host is done.</summary>
        /// <param name="Result">The host with every port, its name and its latency.</param>
        public sealed record HostScanCompleted(HostResult Result) : Cluster.IClusterMessage;

        internal sealed record NameResolved(string? Name);

        internal sealed record ServicesDetected(IReadOnlyDictionary<(ProRT.Protocols.Ports.Protocol, ushort), DetectedService> Services);

        internal sealed record ServicesTimedOut;
    }

    private readonly Target _target;
    private readonly ScanConfig _config;
    private readonly ScanServices _services;
    private readonly IReadOnlyList<ScanResult> _done;
    private TechniqueProtocol.Completed? _scan;
    private int _techniquesLeft;
    private bool _nameKnown, _detecting;
    private IReadOnlyDictionary<(ProRT.Protocols.Ports.Protocol, ushort), DetectedService>? _detected;
    private readonly CancellationTokenSource _stop = new();
    private string? _name;
    private readonly long _started = System.Diagnostics.Stopwatch.GetTimestamp();

    /// <param name="done">Ports a journal already holds for this host (a resumed scan): not probed again, kept in the result.</param>
    public HostScanner(Target target, ScanConfig config, ScanServices services, IReadOnlyList<ScanResult> done)
    {
        _done = done;
        _target = target;
        _config = config;
        _services = services;
        _name = target.Hostname;

        Receive<TechniqueProtocol.PortsResolved>(m => Context.Parent.Tell(new Protocol.PortsFound(m.Results)));
        Receive<TechniqueProtocol.Completed>(m =>
        {
            // With -sS -sU two techniques report; their results join into one host.
            _scan = _scan is null ? m : new TechniqueProtocol.Completed(Joined(_scan.Results, m.Results),
                _scan.Latency ?? m.Latency, _scan.TimedOut || m.TimedOut);
            _techniquesLeft--;
            TryComplete();
        });
        Receive<Protocol.ServicesDetected>(m =>
        {
            _detected = m.Services;
            TryComplete();
        });
        Receive<Protocol.ServicesTimedOut>(_ =>
        {
            // --host-timeout covers -sV too: the host is given up as a whole, as nmap skips it.
            _scan = _scan! with { TimedOut = true };
            _detected = new Dictionary<(ProRT.Protocols.Ports.Protocol, ushort), DetectedService>();
            TryComplete();
        });
        Receive<Protocol.NameResolved>(m =>
        {
            _name ??= m.Name;
            _nameKnown = true;
            TryComplete();
        });
    }

    /// <summary>Props for a <see cref="HostScanner"/>; the default <see cref="ScanCoordinator.HostScannerFactory"/>.</summary>
    public static Props Props(Target target, ScanConfig config, ScanServices services, IReadOnlyList<ScanResult> done) =>
        Akka.Actor.Props.Create(() => new HostScanner(target, config, services, done));

    /// <summary>
    /// Two techniques' results in protocol then port order. Each comes sorted by port (a tracker's compact
    /// <see cref="PortTable"/>, usually), so they are joined as they are, not copied into result objects.
    /// </summary>
    private static IReadOnlyList<ScanResult> Joined(IReadOnlyList<ScanResult> a, IReadOnlyList<ScanResult> b)
    {
        if (a.Count == 0) return b;
        if (b.Count == 0) return a;
        var (first, second) = a[0].Protocol <= b[0].Protocol ? (a, b) : (b, a);
        return first[^1].Protocol < second[0].Protocol
            ? new JoinedList(first, second)
            : a.Concat(b).OrderBy(r => r.Protocol).ThenBy(r => r.Port).ToArray();
    }

    private sealed class JoinedList(IReadOnlyList<ScanResult> first, IReadOnlyList<ScanResult> second) : IReadOnlyList<ScanResult>
    {
        public int Count => first.Count + second.Count;

        public ScanResult this[int index] => index < first.Count ? first[index] : second[index - first.Count];

        public IEnumerator<ScanResult> GetEnumerator() => first.Concat(second).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>Technique failures escalate to the coordinator, which reports them on this host.</summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Escalate);

    /// <summary>Starts one technique actor per scan type with ports left to probe, and the reverse DNS lookup.</summary>
    protected override void PreStart()
    {
        var settings = ProbeSettings.From(_config);
        var done = _done.Select(r => (r.Protocol, r.Port)).ToHashSet();
        foreach (var type in _config.ScanTypes)
        {
            var protocol = type == ScanType.Udp ? ProRT.Protocols.Ports.Protocol.Udp : ProRT.Protocols.Ports.Protocol.Tcp;
            var ports = _config.PortsFor(type).Where(p => !done.Contains((protocol, p))).ToArray();
            if (ports.Length == 0) continue;
            var technique = type switch
            {
                ScanType.Connect => ConnectScan.Props(_target, ports, settings, _services.Permits),
                _ => RawScan.Props(_target, ports, settings, _services.Permits, _services.PacketIo,
                    ScanTechniques.For(type, _config.ScanFlags)),
            };
            Context.ActorOf(technique, type.ToString().ToLowerInvariant());
            _techniquesLeft++;
        }

        if (_techniquesLeft == 0) _scan = new TechniqueProtocol.Completed([], null, false);
        if (_name is not null || !_config.ResolveNames)
        {
            _nameKnown = true;
            return;
        }
        ReverseLookupAsync(Ipv4.ToAddress(_target.Address)).PipeTo(Self, success: n => new Protocol.NameResolved(n),
            failure: _ => new Protocol.NameResolved(null));
    }

    private static async Task<string?> ReverseLookupAsync(IPAddress address)
    {
        // A resolver that does not answer must not hold the host back for long.
        var lookup = Dns.GetHostEntryAsync(address);
        var done = await Task.WhenAny(lookup, Task.Delay(TimeSpan.FromSeconds(2))).ConfigureAwait(false);
        return done == lookup && lookup.IsCompletedSuccessfully && lookup.Result.HostName != address.ToString()
            ? lookup.Result.HostName
            : null;
    }

    private void TryComplete()
    {
        if (_scan is null || _techniquesLeft > 0 || !_nameKnown) return;
        var ports = _done.Count == 0 ? _scan.Results
            : _done.Concat(_scan.Results).OrderBy(r => r.Protocol).ThenBy(r => r.Port).ToArray();
        // Until host discovery exists, a host that answered on no port is reported down unless -Pn says otherwise.
        var answer = ports.FirstOrDefault(p => p.Reason is not ("no-response" or "host-unreach" or "net-unreach"));
        var (state, reason) = _config.SkipDiscovery ? (HostState.Up, "user-set")
            : answer is not null ? (HostState.Up, answer.Reason)
            : (HostState.Down, "no-response");
        // -sV: open ports (and UDP ports that may be) are probed for their service once the port scan is done.
        if (_detected is null && NeedsDetection(state, ports))
        {
            if (!_detecting) StartDetection(ports);
            return;
        }
        if (_detected is { Count: > 0 } found)
            ports = ports.Select(p => found.TryGetValue((p.Protocol, p.Port), out var d) ? WithService(p, d, _services.Services!) : p).ToArray();
        var result = new HostResult(Ipv4.ToAddress(_target.Address), _name, state, reason,
            _scan.TimedOut ? [] : ports, _scan.Latency, TimedOut: _scan.TimedOut);
        Context.Parent.Tell(new Protocol.HostScanCompleted(result));
    }

    /// <summary>The port with what detection found (the nmap-services name when nothing matched, as nmap); a UDP port
    /// that answered a probe is open, as in nmap.</summary>
    private static ScanResult WithService(ScanResult port, DetectedService found, ServiceProber prober)
    {
        var service = found.Service is { } s ? s with { Fingerprint = found.Fingerprint }
            : port.Service ?? prober.Unrecognised(port.Port, port.Protocol, found.Fingerprint);
        var result = port with { Service = service, Banner = found.Banner ?? port.Banner };
        return found.Answered && port.State == PortState.OpenFiltered ? result with { State = PortState.Open, Reason = "udp-response" } : result;
    }

    private static bool Detectable(ScanResult p) => p.Service is null
        && (p.State == PortState.Open || p.Protocol == ProRT.Protocols.Ports.Protocol.Udp && p.State == PortState.OpenFiltered);

    private bool NeedsDetection(HostState state, IReadOnlyList<ScanResult> ports) =>
        _services.Services is not null && state == HostState.Up && !_scan!.TimedOut && ports.Any(Detectable);

    private void StartDetection(IReadOnlyList<ScanResult> ports)
    {
        _detecting = true;
        var prober = _services.Services!;
        var address = Ipv4.ToAddress(_target.Address);
        var wanted = ports.Where(Detectable).Select(p => (p.Protocol, p.Port)).ToArray();
        var stop = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        if (_config.HostTimeout is { } limit)
            stop.CancelAfter(TimeSpan.FromTicks(Math.Max(1, (limit - System.Diagnostics.Stopwatch.GetElapsedTime(_started)).Ticks)));
        DetectAsync(prober, address, wanted, stop.Token).ContinueWith(t =>
        {
            stop.Dispose();
            return t.IsCompletedSuccessfully ? new Protocol.ServicesDetected(t.Result)
                : t.IsCanceled || t.Exception?.GetBaseException() is OperationCanceledException ? new Protocol.ServicesTimedOut()
                : (object)new Protocol.ServicesDetected(new Dictionary<(ProRT.Protocols.Ports.Protocol, ushort), DetectedService>());
        }, TaskScheduler.Default).PipeTo(Self);
    }

    private static async Task<IReadOnlyDictionary<(ProRT.Protocols.Ports.Protocol, ushort), DetectedService>> DetectAsync(
        ServiceProber prober, IPAddress address, (ProRT.Protocols.Ports.Protocol Protocol, ushort Port)[] ports, CancellationToken ct)
    {
        using var gate = new SemaphoreSlim(ServiceProber.PortsInParallel);
        var found = await Task.WhenAll(ports.Select(async key =>
        {
            await gate.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                return (key, await prober.DetectAsync(address, key.Port, key.Protocol, ct).ConfigureAwait(false));
            }
            finally
            {
                gate.Release();
            }
        })).ConfigureAwait(false);
        return found.ToDictionary(f => f.key, f => f.Item2);
    }

    /// <summary>Stops service detection still running for this host.</summary>
    protected override void PostStop()
    {
        _stop.Cancel();
        _stop.Dispose();
    }
}
