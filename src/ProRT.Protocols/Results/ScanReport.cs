namespace ProRT.Protocols.Results;

/// <summary>What was asked for: the header of every output format.</summary>
/// <param name="Version">Version of the scanner.</param>
/// <param name="StartTime">When the scan started.</param>
/// <param name="EndTime">When the scan ended; null while it runs.</param>
/// <param name="ScanTypes">Scan types run, by nmap's names ("syn", "connect", "udp"...).</param>
/// <param name="Targets">Target specifications as given.</param>
/// <param name="Ports">Port specification as given.</param>
public sealed record ScanInfo(
    string Version,
    DateTimeOffset StartTime,
    DateTimeOffset? EndTime,
    IReadOnlyList<string> ScanTypes,
    IReadOnlyList<string> Targets,
    string Ports);

/// <summary>Totals over the scan, named as in the JSON format.</summary>
/// <param name="TotalHosts">Hosts scanned.</param>
/// <param name="HostsUp">Hosts found up.</param>
/// <param name="TotalPortsScanned">Port results over all hosts.</param>
/// <param name="PortsOpen">Open ports over all hosts.</param>
/// <param name="Duration">Wall time of the scan.</param>
public sealed record ScanStatistics(
    long TotalHosts,
    long HostsUp,
    long TotalPortsScanned,
    long PortsOpen,
    TimeSpan Duration);

/// <summary>The finished scan.</summary>
/// <param name="Info">What was asked for.</param>
/// <param name="Hosts">Results per host.</param>
/// <param name="Statistics">Totals over the scan.</param>
public sealed record ScanReport(ScanInfo Info, IReadOnlyList<HostResult> Hosts, ScanStatistics Statistics)
{
    /// <param name="totalHosts">Hosts scanned, when more than the hosts reported (a sweep reports only hosts that answered).</param>
    public static ScanStatistics Summarize(IReadOnlyList<HostResult> hosts, DateTimeOffset start, DateTimeOffset end,
        long? totalHosts = null) => new(
        totalHosts ?? hosts.Count,
        hosts.Count(h => h.State == HostState.Up),
        hosts.Sum(h => (long)h.Ports.Count),
        hosts.Sum(h => (long)h.Ports.Count(p => p.State == PortState.Open)),
        end - start);
}
