using System.Net;
using ProRT.Protocols.Ports;

namespace ProRT.Protocols.Results;

/// <summary>The finding for one port of one host. <see cref="Reason"/> uses nmap's words (syn-ack, conn-refused, no-response...).</summary>
public sealed record ScanResult(
    IPAddress Target,
    ushort Port,
    Protocol Protocol,
    PortState State,
    string Reason,
    TimeSpan ResponseTime,
    DateTimeOffset Timestamp,
    ServiceInfo? Service = null,
    string? Banner = null);
