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

    public (PortState State, string Reason)? Classify(in ProbeReply reply) => reply.Kind switch
    {
        ReplyKind.SynAck => (PortState.Open, "syn-ack"),
        ReplyKind.Rst => (PortState.Closed, "reset"),
        ReplyKind.IcmpUnreachable when ITcpScanTechnique.IsFilteringCode(reply.IcmpCode) =>
            (PortState.Filtered, ITcpScanTechnique.UnreachableReason(reply.IcmpCode)),
        _ => null,
    };
}
