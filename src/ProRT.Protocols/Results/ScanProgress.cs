namespace ProRT.Protocols.Results;

/// <summary>
/// How far a scan is. <see cref="Percent"/> never decreases and reaches 100 exactly once, in the last value,
/// when the scan completes.
/// </summary>
public sealed record ScanProgress(
    double Percent,
    long HostsDone,
    long HostsTotal,
    long PortsDone,
    long PortsPlanned,
    long OpenPorts,
    TimeSpan Elapsed,
    double PortsPerSecond,
    TimeSpan? Remaining)
{
    public bool Completed => Percent >= 100;
}
