using ProRT.Protocols.Packets;
using ProRT.Protocols.Results;

namespace ProRT.Protocols.Techniques;

/// <summary>
/// -sW: an ACK scan that reads the RST's window, which some stacks set non-zero for open ports. RST with a window
/// means open, with zero closed; silence or an ICMP unreachable filtered.
/// </summary>
public sealed class WindowScanTechnique : ITcpScanTechnique
{
    public static readonly WindowScanTechnique Instance = new();

    public string Name => "window";

    public TcpFlags ProbeFlags => TcpFlags.Ack;

    public (PortState State, string Reason) Silence => (PortState.Filtered, "no-response");

    public (PortState State, string Reason)? Classify(in ProbeReply reply) => reply.Kind switch
    {
        ReplyKind.Rst => reply.Window > 0 ? (PortState.Open, "reset") : (PortState.Closed, "reset"),
        ReplyKind.IcmpUnreachable when ITcpScanTechnique.IsFilteringCode(reply.IcmpCode) =>
            (PortState.Filtered, ITcpScanTechnique.UnreachableReason(reply.IcmpCode)),
        _ => null,
    };
}
