using ProRT.Protocols.Results;

namespace ProRT.Actors.Results;

/// <summary>
/// A consumer of one scan's results: output writers, the embedding API, plugins. Called from the
/// ResultPublisher, one call at a time, in order, and only with results already in the scan's journal.
/// </summary>
public interface IResultSink
{
    /// <summary>
    /// Whether results would be lost without this sink (an output file, the results database): when it throws, the
    /// scan stops with its error and can be resumed. Other sinks that throw are dropped and the scan goes on.
    /// </summary>
    bool Required => false;

    /// <summary>How errors name this sink.</summary>
    string Name => GetType().Name;

    /// <summary>Called once before any result.</summary>
    void OnScanStarted(ScanInfo info) { }

    /// <summary>Ports whose state is final, as they are found (batched).</summary>
    void OnPorts(IReadOnlyList<ScanResult> results) { }

    /// <summary>A host is finished.</summary>
    void OnHost(HostResult host) { }

    /// <summary>The scan is finished; the last call.</summary>
    void OnScanCompleted(ScanReport report) { }

    /// <summary>
    /// The scan stopped before completing (paused by cancellation, or failed): the last call instead of
    /// <see cref="OnScanCompleted"/>, made after the scan's actors have stopped, so a file can be closed well-formed.
    /// </summary>
    void OnScanAborted(Exception reason) { }
}
