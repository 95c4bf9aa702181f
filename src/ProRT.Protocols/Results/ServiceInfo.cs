namespace ProRT.Protocols.Results;

/// <summary>What runs on a port: the name always, product and version when detection found them.</summary>
/// <param name="Name">Service name, as in nmap-services ("http", "ssh"...).</param>
/// <param name="Product">Product, such as "nginx".</param>
/// <param name="Version">Product version.</param>
/// <param name="Cpe">The match's CPE names in nmap's order (application, hardware, operating system), separated by
/// spaces (a CPE name holds none: nmap writes spaces as '_'); see <see cref="Cpes"/>.</param>
/// <param name="OsHint">Operating system the service suggests.</param>
/// <param name="ExtraInfo">Anything else detection reported.</param>
/// <param name="Hostname">Host name the service gave away (h/ in nmap-service-probes).</param>
/// <param name="Tunnel">"ssl" when the service was found inside TLS; nmap then names it "ssl/http" and so on.</param>
/// <param name="DeviceType">Kind of device the service suggests (d/ in nmap-service-probes: "router", "printer"...).</param>
/// <param name="Confidence">nmap's conf: 10 when a probe's answer named the service, 8 for tcpwrapped, 3 when -sV
/// learnt nothing and the name comes from nmap-services (then <see cref="Method"/> is "table").</param>
/// <param name="Fingerprint">nmap's service fingerprint of an unrecognised service ("SF-Port...", lines joined by
/// "\nSF:", ending in ';'), for submission to nmap; null when a probe named the service.</param>
public sealed record ServiceInfo(
    string Name,
    string? Product = null,
    string? Version = null,
    string? Cpe = null,
    string? OsHint = null,
    string? ExtraInfo = null,
    string? Hostname = null,
    string? Tunnel = null,
    string? DeviceType = null,
    int Confidence = ServiceInfo.Probed,
    string? Fingerprint = null)
{
    /// <summary>Confidence of a name a probe's answer gave.</summary>
    public const int Probed = 10;

    /// <summary>Confidence of tcpwrapped: the service hung up before a word.</summary>
    public const int Wrapped = 8;

    /// <summary>Confidence of a name taken from nmap-services after probing learnt nothing.</summary>
    public const int Table = 3;

    /// <summary>The name as nmap prints it in normal and grepable output: "ssl/http" for HTTP inside TLS.</summary>
    public string DisplayName => Tunnel is null ? Name : $"{Tunnel}/{Name}";

    /// <summary>nmap's XML method: "table" when the name comes from nmap-services, "probed" otherwise.</summary>
    public string Method => Confidence <= Table ? "table" : "probed";

    /// <summary>The CPE names of <see cref="Cpe"/>, one per element; empty when there are none.</summary>
    public IReadOnlyList<string> Cpes => Cpe is null ? [] : Cpe.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The name the port table shows with -sV (nmap's Port::getNmapServiceName): a '?' after a name that
    /// nmap is not sure of (confidence 5 or less) on an open port, never after "unknown".</summary>
    /// <param name="open">True when the port is open (not open|filtered).</param>
    public string TableName(bool open) =>
        open && Confidence <= 5 && Name != "unknown" ? DisplayName + "?" : DisplayName;
}
