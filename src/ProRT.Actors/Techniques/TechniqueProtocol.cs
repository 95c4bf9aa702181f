using ProRT.Protocols.Results;

namespace ProRT.Actors.Techniques;

/// <summary>What every port-scan technique actor reports to its HostScanner.</summary>
public static class TechniqueProtocol
{
    /// <summary>Ports whose state became final since the last batch (for live results).</summary>
    public sealed record PortsResolved(IReadOnlyList<ScanResult> Results);

    /// <summary>The technique is done with its host.</summary>
    public sealed record Completed(IReadOnlyList<ScanResult> Results, TimeSpan? Latency, bool TimedOut);
}
