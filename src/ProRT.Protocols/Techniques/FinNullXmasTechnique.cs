using ProRT.Protocols.Packets;
using ProRT.Protocols.Results;

namespace ProRT.Protocols.Techniques;

/// <summary>
/// -sF, -sN, -sX and -sM: a probe without SYN makes an RFC 793 stack answer a closed port with RST and say nothing
/// for an open one. So RST means closed, silence open|filtered, an ICMP unreachable filtered (nmap's rules).
/// Maimon's FIN/ACK follows the same rules.
/// </summary>
/// <param name="name">nmap's name for the variant.</param>
/// <param name="flags">The flags every probe carries.</param>
public sealed class FinNullXmasTechnique(string name, TcpFlags flags) : ITcpScanTechnique
{
    /// <summary>-sF: FIN alone.</summary>
    public static readonly FinNullXmasTechnique Fin = new("fin", TcpFlags.Fin);
    /// <summary>-sN: no flag at all.</summary>
    public static readonly FinNullXmasTechnique Null = new("null", 0);
    /// <summary>-sX: FIN, PSH and URG.</summary>
    public static readonly FinNullXmasTechnique Xmas = new("xmas", TcpFlags.Fin | TcpFlags.Psh | TcpFlags.Urg);
    /// <summary>-sM (Maimon): FIN and ACK.</summary>
    public static readonly FinNullXmasTechnique Maimon = new("maimon", TcpFlags.Fin | TcpFlags.Ack);

    /// <summary>nmap's name: "fin", "null", "xmas" or "maimon".</summary>
    public string Name => name;

    /// <summary>The flags this variant probes with.</summary>
    public TcpFlags ProbeFlags => flags;

    /// <summary>Unanswered probes mean open|filtered (no-response).</summary>
    public (PortState State, string Reason) Silence => (PortState.OpenFiltered, "no-response");

    /// <summary>RST means closed; a filtering ICMP unreachable means filtered; anything else says nothing.</summary>
    public (PortState State, string Reason)? Classify(in ProbeReply reply) => reply.Kind switch
    {
        ReplyKind.Rst => (PortState.Closed, "reset"),
        ReplyKind.IcmpUnreachable when ITcpScanTechnique.IsFilteringCode(reply.IcmpCode) =>
            (PortState.Filtered, ITcpScanTechnique.UnreachableReason(reply.IcmpCode)),
        _ => null,
    };
}
