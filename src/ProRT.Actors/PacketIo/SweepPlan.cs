using ProRT.Protocols.Packets;
using ProRT.Protocols.Targets;

namespace ProRT.Actors.PacketIo;

/// <summary>What a stateless sweep sends: every port of every target once, in an order keyed by (K0, K1).</summary>
/// <param name="Targets">The hosts to sweep.</param>
/// <param name="Ports">The ports to probe on each.</param>
/// <param name="Flags">TCP flags of the probes.</param>
/// <param name="MaxRate">--max-rate in probes per second; null for as fast as possible.</param>
/// <param name="K0">First half of the permutation key.</param>
/// <param name="K1">Second half of the permutation key.</param>
public sealed record SweepPlan(TargetSet Targets, ushort[] Ports, TcpFlags Flags, double? MaxRate, ulong K0, ulong K1)
{
    /// <summary>Probes in the plan: targets (before exclusions) times ports.</summary>
    public ulong ProbeCount => Targets.MaxCount * (ulong)Ports.Length;
}
