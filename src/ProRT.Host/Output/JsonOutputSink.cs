using ProRT.Actors.Results;
using ProRT.Protocols.Output;
using ProRT.Protocols.Results;

namespace ProRT.Host.Output;

/// <summary>-oJ: the specification's JSON report, written when the scan completes.</summary>
public sealed class JsonOutputSink(Func<Stream> open) : IResultSink
{
    /// <summary>A report the user asked for: failing to write it stops the scan (it can be resumed).</summary>
    public bool Required => true;

    public string Name => "JSON output";

    public void OnScanCompleted(ScanReport report)
    {
        using var stream = open();
        JsonReportWriter.Write(stream, report);
        stream.WriteByte((byte)'\n');
    }
}
