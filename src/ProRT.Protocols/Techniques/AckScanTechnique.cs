using ProRT.Protocols.Packets;
using ProRT.Protocols.Results;

namespace ProRT.Protocols.Techniques;

/// <summary>-sA: maps firewalls, not services. Any RST means unfiltered; silence or an ICMP unreachable, filtered.</summary>
public sealed class AckScanTechnique : ITcpScanTechnique
{
    public static readonly AckScanTechnique Instance = new();

    public string Name => "ack";

    public TcpFlags ProbeFlags => TcpFlags.Ack;

    public (PortState State, string Reason) Silence => (PortState.Filtered, "no-response");

    public (PortState State, string Reason)? Classify(in ProbeReply reply) => reply.Kind switch
    {
        ReplyKind.Rst => (PortState.Unfiltered, "reset"),
        ReplyKind.IcmpUnreachable when ITcpScanTechnique.IsFilteringCode(reply.IcmpCode) =>
            (PortState.Filtered, ITcpScanTechnique.UnreachableReason(reply.IcmpCode)),
        _ => null,
    };
}
