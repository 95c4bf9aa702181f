using ProRT.Protocols.Packets;
using ProRT.Protocols.Results;

namespace ProRT.Protocols.Techniques;

/// <summary>A raw TCP technique: the flags its probe carries.</summary>
public interface ITcpScanTechnique : IPortScanTechnique
{
    /// <summary>TCP flags set in every probe of this technique.</summary>
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
