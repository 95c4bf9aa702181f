using ProRT.Protocols.Results;

namespace ProRT.Actors.Results;

/// <summary>
/// A consumer of one scan's results: output writers, the embedding API, plugins. Called from the
/// ResultPublisher, one call at a time, in order.
/// </summary>
public interface IResultSink
{
    /// <summary>Called once before any result.</summary>
    void OnScanStarted(ScanInfo info) { }

    /// <summary>Ports whose state is final, as they are found (batched).</summary>
    void OnPorts(IReadOnlyList<ScanResult> results) { }

    /// <summary>A host is finished.</summary>
    void OnHost(HostResult host) { }

    /// <summary>The scan is finished; the last call.</summary>
    void OnScanCompleted(ScanReport report) { }
}
