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

    public static Props Props(Target target, ushort[] ports, ProbeSettings settings, IProbePermits permits) =>
        Akka.Actor.Props.Create(() => new ConnectScan(target, ports, settings, permits));

    protected override void PreStart()
    {
        var self = Self;
        var prober = new ConnectProber(Ipv4.ToAddress(_target.Address), _ports, _settings, _permits,
            batch => self.Tell(new TechniqueProtocol.PortsResolved(batch)));
        prober.RunAsync(_cancel.Token).PipeTo(self);
    }

    protected override void PostStop()
    {
        _cancel.Cancel();
        _cancel.Dispose();
    }
}
