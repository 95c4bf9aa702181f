using System.Net;

namespace ProRT.Protocols.Results;

/// <summary>Whether a host answered; nmap's words.</summary>
public enum HostState
{
    Up,
    Down,
}

/// <summary>An operating-system guess for a host.</summary>
public sealed record OsMatch(string Name, int Accuracy, string? Cpe);

/// <summary>
/// Everything found for one host. <see cref="Ports"/> holds every scanned port; writers decide what to collapse
/// (see <see cref="PortSummary"/>). <see cref="Error"/> is set when the host could not be scanned to the end.
/// </summary>
public sealed record HostResult(
    IPAddress Address,
    string? Hostname,
    HostState State,
    string Reason,
    IReadOnlyList<ScanResult> Ports,
    TimeSpan? Latency = null,
    OsMatch? Os = null,
    string? Error = null,
    bool TimedOut = false);
