using System.Globalization;
using ProRT.Protocols.Ports;
using ProRT.Protocols.Results;

namespace ProRT.Protocols.Output;

/// <summary>
/// nmap's grepable output (-oG): one "Status" and one "Ports" line per host, tab-separated fields, written as each
/// host finishes, so scripts written for nmap's format read it unchanged.
/// </summary>
/// <param name="writer">Where the lines go.</param>
/// <param name="services">Names ports whose result carries no detected service.</param>
/// <param name="verbose">The -v level: hosts found down get a Status line only when it is above zero, as in nmap.</param>
public sealed class GrepableOutputWriter(TextWriter writer, ServiceTable services, int verbose = 0)
{
    /// <summary>The "# ... scan initiated" comment line.</summary>
    /// <param name="info">Version and start time.</param>
    /// <param name="args">The command line.</param>
    public void WriteStart(ScanInfo info, string args)
    {
        writer.WriteLine($"# prtip {info.Version} scan initiated {XmlOutputWriter.Ctime(info.StartTime)} as: {args}");
        writer.Flush();
    }

    /// <summary>The host's Status line, then its Ports line when it was scanned.</summary>
    /// <param name="host">The finished host.</param>
    public void WriteHost(HostResult host)
    {
        if (host.State == HostState.Down && verbose == 0) return;
        string id = $"Host: {host.Address} ({host.Hostname ?? ""})";
        writer.WriteLine($"{id}\tStatus: {(host.State == HostState.Up ? "Up" : "Down")}");
        if (host.State == HostState.Up && !host.TimedOut && host.Ports.Count > 0)
        {
            var summary = PortSummary.Of(host.Ports);
            var ports = string.Join(", ", summary.Listed.Select(Entry));
            var line = $"{id}\tPorts: {ports}";
            // nmap names the most common hidden state.
            if (summary.Hidden.GroupBy(h => h.State).MaxBy(g => g.Sum(h => h.Count)) is { } ignored)
                line += $"\tIgnored State: {ignored.Key.ToNmap()} ({ignored.Sum(h => h.Count)})";
            writer.WriteLine(line);
        }
        writer.Flush();
    }

    /// <summary>The "# ... done" comment line.</summary>
    /// <param name="report">The finished scan.</param>
    public void WriteEnd(ScanReport report)
    {
        var s = report.Statistics;
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"# prtip done at {XmlOutputWriter.Ctime(report.Info.EndTime ?? DateTimeOffset.UtcNow)} -- {s.TotalHosts} IP address{(s.TotalHosts == 1 ? "" : "es")} ({s.HostsUp} host{(s.HostsUp == 1 ? "" : "s")} up) scanned in {s.Duration.TotalSeconds:0.00} seconds"));
        writer.Flush();
    }

    // port/state/protocol/owner/service/rpc info/version/
    private string Entry(ScanResult p)
    {
        var name = p.Service?.TableName(p.State == PortState.Open) ?? services.NameOf(p.Port, p.Protocol) ?? "";
        var version = p.Service is { } s ? string.Join(" ", new[] { s.Product, s.Version, s.ExtraInfo is null ? null : $"({s.ExtraInfo})" }.Where(x => x is not null)) : "";
        return $"{p.Port}/{p.State.ToNmap()}/{p.Protocol.ToWire()}//{Clean(name)}//{Clean(version)}/";
    }

    // The field separators of the format cannot appear inside a field.
    private static string Clean(string value) => value.Replace('/', '|').Replace(',', ' ').Replace('\t', ' ');
}
