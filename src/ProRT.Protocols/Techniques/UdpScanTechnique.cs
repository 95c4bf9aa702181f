using ProRT.Protocols.Results;

namespace ProRT.Protocols.Techniques;

/// <summary>
/// -sU: a UDP answer means open; ICMP port unreachable closed; another ICMP unreachable filtered; silence
/// open|filtered, since many UDP services answer nothing to a request they do not understand (nmap's rules).
/// </summary>
public sealed class UdpScanTechnique : IPortScanTechnique
{
    /// <summary>The shared instance; the technique holds no state.</summary>
    public static readonly UdpScanTechnique Instance = new();

    /// <summary>"udp", nmap's name for the UDP scan.</summary>
    public string Name => "udp";

    /// <summary>Unanswered probes mean open|filtered (no-response).</summary>
    public (PortState State, string Reason) Silence => (PortState.OpenFiltered, "no-response");

    /// <summary>UDP data means open, ICMP port unreachable closed, another filtering unreachable filtered; anything else says nothing.</summary>
    public (PortState State, string Reason)? Classify(in ProbeReply reply) => reply.Kind switch
    {
        ReplyKind.UdpData => (PortState.Open, "udp-response"),
        ReplyKind.IcmpUnreachable when reply.IcmpCode == 3 => (PortState.Closed, "port-unreach"),
        ReplyKind.IcmpUnreachable when ITcpScanTechnique.IsFilteringCode(reply.IcmpCode) =>
            (PortState.Filtered, ITcpScanTechnique.UnreachableReason(reply.IcmpCode)),
        _ => null,
    };
}
