using ProRT.Protocols.Packets;
using ProRT.Protocols.Results;

namespace ProRT.Protocols.Techniques;

/// <summary>
/// -sF, -sN, -sX and -sM: a probe without SYN makes an RFC 793 stack answer a closed port with RST and say nothing
/// for an open one. So RST means closed, silence open|filtered, an ICMP unreachable filtered (nmap's rules).
/// Maimon's FIN/ACK follows the same rules.
/// </summary>
public sealed class FinNullXmasTechnique(string name, TcpFlags flags) : ITcpScanTechnique
{
    public static readonly FinNullXmasTechnique Fin = new("fin", TcpFlags.Fin);
    public static readonly FinNullXmasTechnique Null = new("null", 0);
    public static readonly FinNullXmasTechnique Xmas = new("xmas", TcpFlags.Fin | TcpFlags.Psh | TcpFlags.Urg);
    public static readonly FinNullXmasTechnique Maimon = new("maimon", TcpFlags.Fin | TcpFlags.Ack);

    public string Name => name;

    public TcpFlags ProbeFlags => flags;

    public (PortState State, string Reason) Silence => (PortState.OpenFiltered, "no-response");

    public (PortState State, string Reason)? Classify(in ProbeReply reply) => reply.Kind switch
    {
        ReplyKind.Rst => (PortState.Closed, "reset"),
        ReplyKind.IcmpUnreachable when ITcpScanTechnique.IsFilteringCode(reply.IcmpCode) =>
            (PortState.Filtered, ITcpScanTechnique.UnreachableReason(reply.IcmpCode)),
        _ => null,
    };
}
