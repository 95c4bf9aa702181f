using System.Net.NetworkInformation;
using Akka.Actor;
using ProRT.Protocols.Targets;

namespace ProRT.Actors.PacketIo;

/// <summary>
/// Finds the interface each host is reached through and hands its registration to that interface's
/// <see cref="PacketIo"/>, creating it on first use. Loopback addresses and our own go through "lo".
/// </summary>
public sealed class PacketIoRouter : ReceiveActor
{
    private readonly PacketIoSettings _settings;
    private readonly IReadOnlyList<RouteTable.Route> _routes = RouteTable.Read();
    private readonly HashSet<uint> _localAddresses = RouteTable.LocalAddresses();
    private readonly string? _loopback = NetworkInterface.GetAllNetworkInterfaces()
        .FirstOrDefault(n => n.NetworkInterfaceType == NetworkInterfaceType.Loopback)?.Name;

    /// <summary>A router whose <see cref="PacketIo"/> children share <paramref name="settings"/>.</summary>
    public PacketIoRouter(PacketIoSettings settings)
    {
        _settings = settings;
        Receive<PacketIoProtocol.Register>(m =>
        {
            var name = _settings.Interface ?? InterfaceFor(m.Host);
            if (name is null)
            {
                m.Owner.Tell(new PacketIoProtocol.Registered(m.Host, ActorRefs.Nobody, $"no route to {Ipv4.Format(m.Host)}"));
                return;
            }
            Io(name).Forward(m);
        });
        Receive<PacketIoProtocol.StartSweep>(m =>
        {
            // A sweep goes out of one interface: the one -e names, else the one the first target is routed through.
            var first = m.Plan.Targets.TargetAt(0).Address;
            var name = _settings.Interface ?? InterfaceFor(first);
            if (name is null)
            {
                m.Owner.Tell(new PacketIoProtocol.SweepSent(0, 0, $"no route to {Ipv4.Format(first)}"));
                return;
            }
            Io(name).Forward(m);
        });
        Receive<PacketIoProtocol.Discover>(m =>
        {
            foreach (var group in m.Hosts.GroupBy(h => _settings.Interface ?? InterfaceFor(h)))
            {
                if (group.Key is null) continue; // unroutable: no answer will come, so discovery reports them down
                Io(group.Key).Tell(m with { Hosts = group.ToArray() });
            }
        });
        Receive<PacketIoProtocol.Unregister>(m =>
        {
            // Routes are fixed for the scan, so the host's PacketIo is found again the way it was first.
            if ((_settings.Interface ?? InterfaceFor(m.Host)) is { } name && Context.Child(name) is { } io && !io.IsNobody())
                io.Forward(m);
        });
    }

    private IActorRef Io(string name) =>
        Context.Child(name) is { } child && !child.IsNobody() ? child : Context.ActorOf(PacketIo.Props(name, _settings), name);

    /// <summary>Props for a <see cref="PacketIoRouter"/>.</summary>
    public static Props Props(PacketIoSettings settings) => Akka.Actor.Props.Create(() => new PacketIoRouter(settings));

    /// <summary>Failures of the raw path (no privilege, no interface) end the scan with their message.</summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Escalate);

    private string? InterfaceFor(uint host)
    {
        bool local = (host >> 24) == 127 || _localAddresses.Contains(host);
        return local ? _loopback : RouteTable.Lookup(_routes, host)?.Interface;
    }
}
