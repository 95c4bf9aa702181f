using ProRT.Protocols.Packets;
using ProRT.Protocols.Results;

namespace ProRT.Protocols.Techniques;

/// <summary>
/// -sW: an ACK scan that reads the RST's window, which some stacks set non-zero for open ports. RST with a window
/// means open, with zero closed; silence or an ICMP unreachable filtered.
/// </summary>
public sealed class WindowScanTechnique : ITcpScanTechnique
{
    /// <summary>The shared instance; the technique holds no state.</summary>
    public static readonly WindowScanTechnique Instance = new();

    /// <summary>"window", nmap's name for the window scan.</summary>
    public string Name => "window";

    /// <summary>ACK alone, as in the ACK scan.</summary>
    public TcpFlags ProbeFlags => TcpFlags.Ack;

    /// <summary>Unanswered probes mean filtered (no-response).</summary>
    public (PortState State, string Reason) Silence => (PortState.Filtered, "no-response");

    /// <summary>RST with a non-zero window means open, with zero closed; a filtering ICMP unreachable means filtered.</summary>
    public (PortState State, string Reason)? Classify(in ProbeReply reply) => reply.Kind switch
    {
        ReplyKind.Rst => reply.Window > 0 ? (PortState.Open, "reset") : (PortState.Closed, "reset"),
        ReplyKind.IcmpUnreachable when ITcpScanTechnique.IsFilteringCode(reply.IcmpCode) =>
            (PortState.Filtered, ITcpScanTechnique.UnreachableReason(reply.IcmpCode)),
        _ => null,
    };
}
