using ProRT.Protocols.Results;

namespace ProRT.Actors.Techniques;

/// <summary>What every port-scan technique actor reports to its HostScanner.</summary>
public static class TechniqueProtocol
{
    /// <summary>Ports whose state became final since the last batch (for live results).</summary>
    /// <param name="Results">The newly final results.</param>
    public sealed record PortsResolved(IReadOnlyList<ScanResult> Results);

    /// <summary>The technique is done with its host.</summary>
    /// <param name="Results">Every port's result; empty when the host timed out.</param>
    /// <param name="Latency">Smoothed round-trip time to the host, if measured.</param>
    /// <param name="TimedOut">True when --host-timeout ended the scan of the host.</param>
    public sealed record Completed(IReadOnlyList<ScanResult> Results, TimeSpan? Latency, bool TimedOut);
}
