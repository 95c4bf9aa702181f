using ProRT.Protocols.Packets;
using ProRT.Protocols.Results;

namespace ProRT.Protocols.Techniques;

/// <summary>
/// A raw port-scan technique, in the manner of zmap's probe modules: how a reply (or silence) maps to nmap's port
/// state and reason. The engine around it owns sending, matching and timing.
/// </summary>
public interface IPortScanTechnique
{
    /// <summary>nmap's name in "SYN Stealth Scan Timing" and the XML scaninfo.</summary>
    string Name { get; }

    /// <summary>The state of a port whose probes all went unanswered, and nmap's reason for it.</summary>
    (PortState State, string Reason) Silence { get; }

    /// <summary>The state a reply means, or null when this reply says nothing about the port.</summary>
    (PortState State, string Reason)? Classify(in ProbeReply reply);
}

/// <summary>A raw TCP technique: the flags its probe carries.</summary>
public interface ITcpScanTechnique : IPortScanTechnique
{
    TcpFlags ProbeFlags { get; }

    /// <summary>nmap's reason word for an ICMP destination-unreachable code.</summary>
    static string UnreachableReason(byte code) => code switch
    {
        0 => "net-unreach",
        1 => "host-unreach",
        2 => "proto-unreach",
        3 => "port-unreach",
        9 => "net-prohibited",
        10 => "host-prohibited",
        13 => "admin-prohibited",
        _ => "unreach",
    };

    /// <summary>The unreachable codes nmap treats as "filtered" for TCP scans.</summary>
    static bool IsFilteringCode(byte code) => code is 0 or 1 or 2 or 3 or 9 or 10 or 13;
}
