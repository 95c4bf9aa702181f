using System.Net;

namespace ProRT.Protocols.Results;

/// <summary>Whether a host answered; nmap's words.</summary>
public enum HostState
{
    /// <summary>The host answered discovery, or discovery was skipped (-Pn).</summary>
    Up,
    /// <summary>The host did not answer discovery.</summary>
    Down,
}

/// <summary>An operating-system guess for a host.</summary>
/// <param name="Name">Name of the guessed operating system.</param>
/// <param name="Accuracy">Confidence of the guess, in percent.</param>
/// <param name="Cpe">CPE name of the system, when known.</param>
public sealed record OsMatch(string Name, int Accuracy, string? Cpe);

/// <summary>
/// Everything found for one host. <see cref="Ports"/> holds every scanned port; writers decide what to collapse
/// (see <see cref="PortSummary"/>). <see cref="Error"/> is set when the host could not be scanned to the end.
/// </summary>
/// <param name="Address">The host's address.</param>
/// <param name="Hostname">Name the host was given as, or found by reverse DNS; null if none.</param>
/// <param name="State">Whether the host is up.</param>
/// <param name="Reason">nmap's reason for the state: "syn-ack", "echo-reply", "arp-response", "user-set"...</param>
/// <param name="Ports">Every scanned port of the host.</param>
/// <param name="Latency">Round-trip time to the host, as in nmap's "Host is up (0.003s latency)"; null when not measured.</param>
/// <param name="Os">Operating-system guess, when one was made.</param>
/// <param name="Error">Why the host could not be scanned to the end; null when it was.</param>
/// <param name="TimedOut">True when the host was given up on after --host-timeout; it then keeps no ports.</param>
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
