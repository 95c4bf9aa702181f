namespace ProRT.Protocols.Scanning;

/// <summary>Port-scan techniques, named after nmap's -s flags.</summary>
public enum ScanType
{
    /// <summary>-sT: full TCP connect through the operating system.</summary>
    Connect,

    /// <summary>-sS: half-open SYN scan with raw packets.</summary>
    Syn,

    /// <summary>-sF: FIN probes.</summary>
    Fin,

    /// <summary>-sN: probes with no flags.</summary>
    Null,

    /// <summary>-sX: FIN, PSH and URG.</summary>
    Xmas,

    /// <summary>-sA: ACK probes, to map firewall rules.</summary>
    Ack,

    /// <summary>-sW: ACK probes, reading the RST's window.</summary>
    Window,

    /// <summary>-sM: FIN/ACK probes (Uriel Maimon's).</summary>
    Maimon,

    /// <summary>-sU: UDP probes with protocol payloads.</summary>
    Udp,
}

/// <summary>Names and properties of <see cref="ScanType"/> values.</summary>
public static class ScanTypeNames
{
    /// <summary>The name used in the JSON report's scan_type list.</summary>
    public static string ToReportName(this ScanType t) => t switch
    {
        ScanType.Connect => "CONNECT",
        ScanType.Syn => "SYN",
        _ => t.ToString().ToUpperInvariant(),
    };

    /// <summary>The -s letter nmap uses for it.</summary>
    public static string ToFlag(this ScanType t) => t switch
    {
        ScanType.Connect => "-sT",
        ScanType.Syn => "-sS",
        ScanType.Fin => "-sF",
        ScanType.Null => "-sN",
        ScanType.Xmas => "-sX",
        ScanType.Ack => "-sA",
        ScanType.Window => "-sW",
        ScanType.Maimon => "-sM",
        ScanType.Udp => "-sU",
        _ => throw new ArgumentOutOfRangeException(nameof(t)),
    };

    /// <summary>Whether the technique needs raw packets (root or CAP_NET_RAW).</summary>
    public static bool NeedsRawPackets(this ScanType t) => t != ScanType.Connect;

    /// <summary>nmap's word for it, as in "Connect Scan Timing" and the XML scaninfo type.</summary>
    public static string ToNmapName(this ScanType t) => t switch
    {
        ScanType.Connect => "connect",
        ScanType.Syn => "syn",
        _ => t.ToString().ToLowerInvariant(),
    };
}
