namespace ProRT.Protocols.Results;

/// <summary>What runs on a port: the name always, product and version when detection found them.</summary>
/// <param name="Name">Service name, as in nmap-services ("http", "ssh"...).</param>
/// <param name="Product">Product, such as "nginx".</param>
/// <param name="Version">Product version.</param>
/// <param name="Cpe">CPE name of the product.</param>
/// <param name="OsHint">Operating system the service suggests.</param>
/// <param name="ExtraInfo">Anything else detection reported.</param>
/// <param name="Hostname">Host name the service gave away (h/ in nmap-service-probes).</param>
/// <param name="Tunnel">"ssl" when the service was found inside TLS; nmap then names it "ssl/http" and so on.</param>
public sealed record ServiceInfo(
    string Name,
    string? Product = null,
    string? Version = null,
    string? Cpe = null,
    string? OsHint = null,
    string? ExtraInfo = null,
    string? Hostname = null,
    string? Tunnel = null)
{
    /// <summary>The name as nmap prints it in normal and grepable output: "ssl/http" for HTTP inside TLS.</summary>
    public string DisplayName => Tunnel is null ? Name : $"{Tunnel}/{Name}";
}
