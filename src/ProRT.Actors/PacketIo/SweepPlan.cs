using ProRT.Protocols.Packets;
using ProRT.Protocols.Targets;

namespace ProRT.Actors.PacketIo;

/// <summary>What a stateless sweep sends: every port of every target once, in an order keyed by (K0, K1).</summary>
public sealed record SweepPlan(TargetSet Targets, ushort[] Ports, TcpFlags Flags, double? MaxRate, ulong K0, ulong K1)
{
    public ulong ProbeCount => Targets.MaxCount * (ulong)Ports.Length;
}
