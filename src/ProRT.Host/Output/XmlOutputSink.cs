using ProRT.Actors.Results;
using ProRT.Actors.Scanning;
using ProRT.Protocols.Output;
using ProRT.Protocols.Ports;
using ProRT.Protocols.Results;
using ProRT.Protocols.Scanning;

namespace ProRT.Host.Output;

/// <summary>-oX: nmap's XML, host by host as the scan runs, closed well-formed even when the scan stops early.</summary>
public sealed class XmlOutputSink(TextWriter writer, ScanConfig config, ServiceTable services, string args, string? stylesheet, int verbose)
    : IResultSink
{
    private readonly XmlOutputWriter _xml = new(writer, services, verbose);
    private long _up, _total;
    private bool _closed;

    public bool Required => true;

    public string Name => "XML output";

    public void OnScanStarted(ScanInfo info)
    {
        _up = _total = 0;
        _xml.WriteStart(config, info, args, stylesheet);
    }

    public void OnHost(HostResult host)
    {
        _total++;
        if (host.State == HostState.Up) _up++;
        _xml.WriteHost(host, DateTimeOffset.UtcNow);
    }

    public void OnScanCompleted(ScanReport report)
    {
        _closed = true;
        _xml.WriteEnd(report.Info.EndTime ?? DateTimeOffset.UtcNow, report.Statistics.HostsUp, report.Statistics.TotalHosts);
    }

    public void OnScanAborted(Exception reason)
    {
        if (_closed) return;
        _closed = true;
        _xml.WriteEnd(DateTimeOffset.UtcNow, _up, _total,
            reason is ScanPausedException p ? $"paused; resume with: prtip resume {p.ScanId}" : reason.Message);
    }
}
