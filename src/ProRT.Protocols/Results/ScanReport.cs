namespace ProRT.Protocols.Results;

/// <summary>What was asked for: the header of every output format.</summary>
public sealed record ScanInfo(
    string Version,
    DateTimeOffset StartTime,
    DateTimeOffset? EndTime,
    IReadOnlyList<string> ScanTypes,
    IReadOnlyList<string> Targets,
    string Ports);

/// <summary>Totals over the scan, named as in the JSON format.</summary>
public sealed record ScanStatistics(
    long TotalHosts,
    long HostsUp,
    long TotalPortsScanned,
    long PortsOpen,
    TimeSpan Duration);

/// <summary>The finished scan.</summary>
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
