using Akka.Actor;
using ProRT.Actors.Timing;

namespace ProRT.Actors.Scanning;

/// <summary>What a scan's coordinator shares with every host actor: send permits and the raw-packet path.</summary>
/// <param name="Permits">Where probes ask leave to be sent (the scan's rate limit).</param>
/// <param name="PacketIo">The <see cref="ProRT.Actors.PacketIo.PacketIoRouter"/> for raw probes; Nobody for a connect scan.</param>
public sealed record ScanServices(IProbePermits Permits, IActorRef PacketIo, Services.ServiceProber? Services = null);
