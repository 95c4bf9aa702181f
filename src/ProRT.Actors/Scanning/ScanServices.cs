using Akka.Actor;
using ProRT.Actors.Timing;

namespace ProRT.Actors.Scanning;

/// <summary>What a scan's coordinator shares with every host actor: send permits and the raw-packet path.</summary>
public sealed record ScanServices(IProbePermits Permits, IActorRef PacketIo);
