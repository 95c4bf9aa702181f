using ProRT.Actors.Results;
using ProRT.Protocols.Output;
using ProRT.Protocols.Results;
using ProRT.Protocols.Targets;

namespace ProRT.Host.Output;

/// <summary>
/// -oJ: the specification's JSON report, written when the scan completes; when it stops early, the hosts finished
/// so far are written with a null end_time, so the file is always a whole JSON document.
/// </summary>
public sealed class JsonOutputSink(Func<Stream> open) : IResultSink
{
    private readonly List<HostResult> _hosts = new();
    private ScanInfo? _info;
    private bool _written;

    /// <summary>A report the user asked for: failing to write it stops the scan (it can be resumed).</summary>
    public bool Required => true;

    public string Name => "JSON output";

    public void OnScanStarted(ScanInfo info)
    {
        _info = info;
        _hosts.Clear();
    }

    public void OnHost(HostResult host) => _hosts.Add(host);

    public void OnScanCompleted(ScanReport report) => Write(report);

    public void OnScanAborted(Exception reason)
    {
        if (_written || _info is null) return;
        var hosts = _hosts.OrderBy(h => Ipv4.ToUInt32(h.Address)).ToList();
        Write(new ScanReport(_info with { EndTime = null }, hosts, ScanReport.Summarize(hosts, _info.StartTime, DateTimeOffset.UtcNow)));
    }

    private void Write(ScanReport report)
    {
        _written = true;
        using var stream = open();
        JsonReportWriter.Write(stream, report);
        stream.WriteByte((byte)'\n');
    }
}
