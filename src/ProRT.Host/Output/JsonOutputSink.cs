using ProRT.Actors.Results;
using ProRT.Protocols.Output;
using ProRT.Protocols.Results;

namespace ProRT.Host.Output;

/// <summary>-oJ: the specification's JSON report, written when the scan completes.</summary>
public sealed class JsonOutputSink(Func<Stream> open) : IResultSink
{
    public void OnScanCompleted(ScanReport report)
    {
        using var stream = open();
        JsonReportWriter.Write(stream, report);
        stream.WriteByte((byte)'\n');
    }
}
