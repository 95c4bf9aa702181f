using ProRT.Actors.Results;
using ProRT.Protocols.Output;
using ProRT.Protocols.Ports;
using ProRT.Protocols.Results;

namespace ProRT.Host.Output;

/// <summary>nmap-style normal output to the terminal or a -oN file, host by host as hosts finish.</summary>
/// <param name="required">An -oN file: failing to write it stops the scan (it can be resumed).</param>
public sealed class NormalOutputSink(TextWriter writer, ServiceTable services, bool verbose, bool showReason, bool openOnly, bool required = false)
    : IResultSink
{
    public bool Required => required;

    public string Name => "normal output";

    private readonly NormalOutputWriter _format = new(writer, services, showReason, openOnly);

    public void OnScanStarted(ScanInfo info)
    {
        _format.WriteHeader(info);
        writer.Flush();
    }

    public void OnPorts(IReadOnlyList<ScanResult> results)
    {
        if (!verbose) return;
        foreach (var r in results)
            if (r.State == PortState.Open)
                writer.WriteLine($"Discovered open port {r.Port}/{r.Protocol.ToWire()} on {r.Target}");
        writer.Flush();
    }

    public void OnHost(HostResult host)
    {
        // As nmap's: hosts found down are only mentioned when asked to be verbose.
        if (host.State == HostState.Down && host.Error is null && !verbose) return;
        _format.WriteHost(host);
        writer.Flush();
    }

    public void OnScanCompleted(ScanReport report)
    {
        _format.WriteFooter(report);
        writer.Flush();
    }
}
