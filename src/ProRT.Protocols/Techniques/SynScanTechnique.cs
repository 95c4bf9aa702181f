using ProRT.Protocols.Packets;
using ProRT.Protocols.Results;

namespace ProRT.Protocols.Techniques;

/// <summary>-sS: SYN/ACK means open, RST closed, an ICMP unreachable or silence filtered (nmap's rules).</summary>
public sealed class SynScanTechnique : ITcpScanTechnique
{
    /// <summary>The shared instance; the technique holds no state.</summary>
    public static readonly SynScanTechnique Instance = new();

    /// <summary>"syn", nmap's name for the SYN scan.</summary>
    public string Name => "syn";

    /// <summary>SYN alone.</summary>
    public TcpFlags ProbeFlags => TcpFlags.Syn;

    /// <summary>Unanswered probes mean filtered (no-response).</summary>
    public (PortState State, string Reason) Silence => (PortState.Filtered, "no-response");

    /// <summary>SYN/ACK means open, RST closed, a filtering ICMP unreachable filtered; anything else says nothing.</summary>
    public (PortState State, string Reason)? Classify(in ProbeReply reply) => reply.Kind switch
    {
        ReplyKind.SynAck => (PortState.Open, "syn-ack"),
        ReplyKind.Rst => (PortState.Closed, "reset"),
        ReplyKind.IcmpUnreachable when ITcpScanTechnique.IsFilteringCode(reply.IcmpCode) =>
            (PortState.Filtered, ITcpScanTechnique.UnreachableReason(reply.IcmpCode)),
        _ => null,
    };
}
