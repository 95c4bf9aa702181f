namespace ProRT.Protocols.Results;

/// <summary>What runs on a port: the name always, product and version when detection found them.</summary>
public sealed record ServiceInfo(
    string Name,
    string? Product = null,
    string? Version = null,
    string? Cpe = null,
    string? OsHint = null,
    string? ExtraInfo = null);
