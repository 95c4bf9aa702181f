using System.Net;
using ProRT.Protocols.Ports;

namespace ProRT.Protocols.Results;

/// <summary>The finding for one port of one host. <see cref="Reason"/> uses nmap's words (syn-ack, conn-refused, no-response...).</summary>
/// <param name="Target">The scanned host.</param>
/// <param name="Port">The scanned port.</param>
/// <param name="Protocol">TCP or UDP.</param>
/// <param name="State">The port's state.</param>
/// <param name="Reason">nmap's reason for the state.</param>
/// <param name="ResponseTime">Time from probe to the reply that decided the state.</param>
/// <param name="Timestamp">When the state was decided.</param>
/// <param name="Service">The service on the port, when known.</param>
/// <param name="ReasonTtl">IPv4 time to live of the reply that decided the state (nmap's reason_ttl); null when no packet did.</param>
/// <param name="Banner">What the service said first, when grabbed.</param>
public sealed record ScanResult(
    IPAddress Target,
    ushort Port,
    Protocol Protocol,
    PortState State,
    string Reason,
    TimeSpan ResponseTime,
    DateTimeOffset Timestamp,
    ServiceInfo? Service = null,
    string? Banner = null,
    byte? ReasonTtl = null);
