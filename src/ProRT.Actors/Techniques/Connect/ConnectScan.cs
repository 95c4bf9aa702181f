using Akka.Actor;
using ProRT.Actors.Timing;
using ProRT.Protocols.Targets;

namespace ProRT.Actors.Techniques.Connect;

/// <summary>
/// The -sT technique for one host: a thin actor around <see cref="ConnectProber"/>, which does the socket work
/// off the actor's thread and reports ports in batches. Stopping the actor cancels the probing.
/// </summary>
public sealed class ConnectScan : ReceiveActor
{
    private readonly CancellationTokenSource _cancel = new();
    private readonly Target _target;
    private readonly ushort[] _ports;
    private readonly ProbeSettings _settings;
    private readonly IProbePermits _permits;

    /// <summary>A connect scan of <paramref name="ports"/> on <paramref name="target"/>; it reports to its parent with <see cref="TechniqueProtocol"/> messages.</summary>
    /// <param name="target">The host.</param>
    /// <param name="ports">The ports to probe, ascending.</param>
    /// <param name="settings">Timing, retries and parallelism.</param>
    /// <param name="permits">Where to ask leave to connect (the scan's rate limit).</param>
    public ConnectScan(Target target, ushort[] ports, ProbeSettings settings, IProbePermits permits)
    {
        _target = target;
        _ports = ports;
        _settings = settings;
        _permits = permits;
        Receive<TechniqueProtocol.PortsResolved>(m => Context.Parent.Tell(m));
        Receive<TechniqueProtocol.Completed>(m => Context.Parent.Tell(m));
        Receive<Status.Failure>(f => throw new ProbeFailedException($"connect scan of {_target} failed: {f.Cause.Message}", f.Cause));
    }

    /// <summary>Props for a <see cref="ConnectScan"/>.</summary>
    public static Props Props(Target target, ushort[] ports, ProbeSettings settings, IProbePermits permits) =>
        Akka.Actor.Props.Create(() => new ConnectScan(target, ports, settings, permits));

    /// <summary>Starts the probers: one, or up to two per core for large port lists.</summary>
    protected override void PreStart()
    {
        var self = Self;
        // Each connect costs kernel time on the sending core (the reply is processed there too), so large port
        // lists are split over two probers per core (one can run while another waits); each takes every k-th port
        // and a k-th of the parallelism.
        int shards = Math.Clamp(_ports.Length / MinPortsPerShard, 1, 2 * Environment.ProcessorCount);
        var address = Ipv4.ToAddress(_target.Address);
        var runs = Enumerable.Range(0, shards).Select(shard =>
        {
            var ports = _ports.Where((_, i) => i % shards == shard).ToArray();
            var prober = new ConnectProber(address, ports, _settings, _permits,
                batch => self.Tell(new TechniqueProtocol.PortsResolved(batch)),
                Math.Max(1, _settings.MaxParallelism / shards));
            return prober.RunAsync(_cancel.Token);
        }).ToArray();
        Merge(runs).PipeTo(self);
    }

    private const int MinPortsPerShard = 4096;

    private static async Task<TechniqueProtocol.Completed> Merge(Task<TechniqueProtocol.Completed>[] runs)
    {
        var parts = await Task.WhenAll(runs).ConfigureAwait(false);
        var latencies = parts.Where(p => p.Latency is not null).Select(p => p.Latency!.Value.Ticks).ToList();
        return new TechniqueProtocol.Completed(
            parts.SelectMany(p => p.Results).OrderBy(r => r.Port).ToArray(),
            latencies.Count == 0 ? null : TimeSpan.FromTicks((long)latencies.Average()),
            parts.Any(p => p.TimedOut));
    }

    /// <summary>Cancels the probing.</summary>
    protected override void PostStop()
    {
        _cancel.Cancel();
        _cancel.Dispose();
    }
}
