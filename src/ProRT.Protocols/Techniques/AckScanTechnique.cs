using ProRT.Protocols.Packets;
using ProRT.Protocols.Results;

namespace ProRT.Protocols.Techniques;

/// <summary>-sA: maps firewalls, not services. Any RST means unfiltered; silence or an ICMP unreachable, filtered.</summary>
public sealed class AckScanTechnique : ITcpScanTechnique
{
    /// <summary>The shared instance; the technique holds no state.</summary>
    public static readonly AckScanTechnique Instance = new();

    /// <summary>"ack", nmap's name for the ACK scan.</summary>
    public string Name => "ack";

    /// <summary>ACK alone.</summary>
    public TcpFlags ProbeFlags => TcpFlags.Ack;

    /// <summary>Unanswered probes mean filtered (no-response).</summary>
    public (PortState State, string Reason) Silence => (PortState.Filtered, "no-response");

    /// <summary>RST means unfiltered; a filtering ICMP unreachable means filtered; anything else says nothing.</summary>
    public (PortState State, string Reason)? Classify(in ProbeReply reply) => reply.Kind switch
    {
        ReplyKind.Rst => (PortState.Unfiltered, "reset"),
        ReplyKind.IcmpUnreachable when ITcpScanTechnique.IsFilteringCode(reply.IcmpCode) =>
            (PortState.Filtered, ITcpScanTechnique.UnreachableReason(reply.IcmpCode)),
        _ => null,
    };
}
