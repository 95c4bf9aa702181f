using ProRT.Actors.Results;
using ProRT.Actors.Scanning;
using ProRT.Protocols.Output;
using ProRT.Protocols.Ports;
using ProRT.Protocols.Results;

namespace ProRT.Host.Output;

/// <summary>-oG: nmap's grepable lines, host by host as the scan runs.</summary>
public sealed class GrepableOutputSink(TextWriter writer, ServiceTable services, string args, int verbose) : IResultSink
{
    private readonly GrepableOutputWriter _grep = new(writer, services, verbose);

    public bool Required => true;

    public string Name => "grepable output";

    public void OnScanStarted(ScanInfo info) => _grep.WriteStart(info, args);

    public void OnHost(HostResult host) => _grep.WriteHost(host);

    public void OnScanCompleted(ScanReport report) => _grep.WriteEnd(report);

    public void OnScanAborted(Exception reason)
    {
        writer.WriteLine($"# prtip stopped at {XmlOutputWriter.Ctime(DateTimeOffset.UtcNow)}: " +
                         (reason is ScanPausedException p ? $"paused; resume with: prtip resume {p.ScanId}" : reason.Message));
        writer.Flush();
    }
}
