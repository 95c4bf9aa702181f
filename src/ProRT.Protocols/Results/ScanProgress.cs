namespace ProRT.Protocols.Results;

/// <summary>
/// How far a scan is. <see cref="Percent"/> never decreases and reaches 100 exactly once, in the last value,
/// when the scan completes.
/// </summary>
/// <param name="Percent">Share of the planned work done, 0 to 100.</param>
/// <param name="HostsDone">Hosts finished.</param>
/// <param name="HostsTotal">Hosts in the scan.</param>
/// <param name="PortsDone">Port results so far.</param>
/// <param name="PortsPlanned">Port probes planned over all hosts.</param>
/// <param name="OpenPorts">Open ports found so far.</param>
/// <param name="Elapsed">Time since the scan started.</param>
/// <param name="PortsPerSecond">Average rate of port results since the scan started.</param>
/// <param name="Remaining">Estimated time left, when it can be estimated.</param>
/// <param name="MalformedPackets">Frames that passed the capture filter but were malformed, dropped and counted.</param>
public sealed record ScanProgress(
    double Percent,
    long HostsDone,
    long HostsTotal,
    long PortsDone,
    long PortsPlanned,
    long OpenPorts,
    TimeSpan Elapsed,
    double PortsPerSecond,
    TimeSpan? Remaining,
    long MalformedPackets = 0)
{
    /// <summary>True in the last value, once the scan has completed.</summary>
    public bool Completed => Percent >= 100;
}
