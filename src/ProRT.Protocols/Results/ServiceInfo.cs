namespace ProRT.Protocols.Results;

/// <summary>What runs on a port: the name always, product and version when detection found them.</summary>
/// <param name="Name">Service name, as in nmap-services ("http", "ssh"...).</param>
/// <param name="Product">Product, such as "nginx".</param>
/// <param name="Version">Product version.</param>
/// <param name="Cpe">CPE name of the product.</param>
/// <param name="OsHint">Operating system the service suggests.</param>
/// <param name="ExtraInfo">Anything else detection reported.</param>
public sealed record ServiceInfo(
    string Name,
    string? Product = null,
    string? Version = null,
    string? Cpe = null,
    string? OsHint = null,
    string? ExtraInfo = null);
