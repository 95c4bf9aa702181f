using ProRT.Protocols.Packets;
using ProRT.Protocols.Results;

namespace ProRT.Protocols.Techniques;

/// <summary>-sS: SYN/ACK means open, RST closed, an ICMP unreachable or silence filtered (nmap's rules).</summary>
public sealed class SynScanTechnique : ITcpScanTechnique
{
    public static readonly SynScanTechnique Instance = new();

    public string Name => "syn";

    public TcpFlags ProbeFlags => TcpFlags.Syn;

    public (PortState State, string Reason) Silence => (PortState.Filtered, "no-response");

    public (PortState State, string Reason)? Classify(in TcpProbeReply reply) => reply.Kind switch
    {
        TcpReplyKind.SynAck => (PortState.Open, "syn-ack"),
        TcpReplyKind.Rst => (PortState.Closed, "reset"),
        TcpReplyKind.IcmpUnreachable when ITcpScanTechnique.IsFilteringCode(reply.IcmpCode) =>
            (PortState.Filtered, ITcpScanTechnique.UnreachableReason(reply.IcmpCode)),
        _ => null,
    };
}
