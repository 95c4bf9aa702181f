using System.Globalization;
using ProRT.Protocols.Ports;
using ProRT.Protocols.Results;

namespace ProRT.Protocols.Output;

/// <summary>
/// nmap's "normal" output, host by host as each finishes, so people who read nmap read this without effort.
/// The terminal and -oN FILE share it.
/// </summary>
/// <param name="writer">Where the text goes.</param>
/// <param name="services">Names the SERVICE column when a result carries no service.</param>
/// <param name="showReason">Add the REASON column (--reason).</param>
/// <param name="openOnly">List only open ports (--open).</param>
public sealed class NormalOutputWriter(TextWriter writer, ServiceTable services, bool showReason = false, bool openOnly = false)
{
    /// <summary>Writes the "Starting prtip ..." line.</summary>
    public void WriteHeader(ScanInfo info) =>
        writer.WriteLine($"Starting prtip {info.Version} at {info.StartTime.ToUniversalTime():yyyy-MM-dd HH:mm} UTC");

    /// <summary>Writes one host's section: its up/down line, the "Not shown" summary and the port table.</summary>
    public void WriteHost(HostResult host)
    {
        if (host.TimedOut)
        {
            writer.WriteLine($"Skipping host {Name(host)} due to host timeout");
            return;
        }
        writer.WriteLine($"prtip scan report for {Name(host)}");
        if (host.State == HostState.Down)
        {
            writer.WriteLine("Host seems down.");
            writer.WriteLine();
            return;
        }
        writer.WriteLine(host.Latency is { } l
            ? $"Host is up ({TwoSignificant(l.TotalSeconds)}s latency)."
            : "Host is up.");
        if (host.Error is not null) writer.WriteLine($"Warning: {host.Error}");

        var summary = PortSummary.Of(host.Ports, openOnly);
        if (summary.Hidden.Count > 0)
        {
            var parts = summary.Hidden.Select(h =>
                $"{h.Count} {h.State.ToNmap()} {h.Protocol.ToWire()} port{(h.Count == 1 ? "" : "s")} ({h.Reason})");
            if (summary.Listed.Count == 0)
                writer.WriteLine($"All {host.Ports.Count} scanned ports on {Name(host)} are in ignored states.");
            writer.WriteLine($"Not shown: {string.Join(", ", parts)}");
        }
        if (summary.Listed.Count > 0)
        {
            WritePortTable(summary.Listed);
            WriteFingerprints(summary.Listed);
            WriteServiceInfo(host);
        }
        writer.WriteLine();
    }

    // nmap's printportoutput: the fingerprints of listed ports that -sV could not name, nine at most.
    private void WriteFingerprints(IReadOnlyList<ScanResult> ports)
    {
        var fingerprints = ports.Select(p => p.Service?.Fingerprint).OfType<string>().Take(9).ToList();
        if (fingerprints.Count == 0) return;
        string s = fingerprints.Count > 1 ? "s" : "";
        writer.WriteLine($"{fingerprints.Count} service{s} unrecognized despite returning data. If you know the service/version, please submit the following fingerprint{s} at https://nmap.org/cgi-bin/submit.cgi?new-service :");
        foreach (var fp in fingerprints)
        {
            if (fingerprints.Count > 1) writer.WriteLine("==============NEXT SERVICE FINGERPRINT (SUBMIT INDIVIDUALLY)==============");
            writer.WriteLine(fp);
        }
    }

    /// <summary>nmap's "Service Info:" line (output.cc, printserviceinfooutput): over the open ports, the distinct host
    /// names (but the host's own, compared without case), OS types, device types and hardware and OS CPEs (application
    /// CPEs belong to their port), five of each at most; nothing when there are none.</summary>
    private void WriteServiceInfo(HostResult host)
    {
        var open = host.Ports.Where(p => p.State == PortState.Open && p.Service is not null).Select(p => p.Service!).ToList();
        var hostnames = Distinct(open.Select(s => s.Hostname)
            .Where(h => h is not null && !string.Equals(h, host.Hostname ?? "", StringComparison.OrdinalIgnoreCase)), StringComparer.OrdinalIgnoreCase);
        var ostypes = Distinct(open.Select(s => s.OsHint), StringComparer.Ordinal);
        var devices = Distinct(open.Select(s => s.DeviceType), StringComparer.Ordinal);
        var cpes = Distinct(open.SelectMany(s => s.Cpes).Where(c => !c.StartsWith("cpe:/a", StringComparison.Ordinal)), StringComparer.Ordinal);
        var parts = new List<string>();
        if (hostnames.Count > 0) parts.Add($"Host{(hostnames.Count == 1 ? "" : "s")}: {string.Join(", ", hostnames)}");
        if (ostypes.Count > 0) parts.Add($"OS{(ostypes.Count == 1 ? "" : "s")}: {string.Join(", ", ostypes)}");
        if (devices.Count > 0) parts.Add($"Device{(devices.Count == 1 ? "" : "s")}: {string.Join(", ", devices)}");
        if (cpes.Count > 0) parts.Add($"CPE: {string.Join(", ", cpes)}");
        if (parts.Count > 0) writer.WriteLine($"Service Info: {string.Join("; ", parts)}");
    }

    private static List<string> Distinct(IEnumerable<string?> values, StringComparer comparer) =>
        values.OfType<string>().Distinct(comparer).Take(5).ToList();

    /// <summary>Writes the closing "prtip done: ..." line.</summary>
    public void WriteFooter(ScanReport report)
    {
        var s = report.Statistics;
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"prtip done: {s.TotalHosts} IP address{(s.TotalHosts == 1 ? "" : "es")} ({s.HostsUp} host{(s.HostsUp == 1 ? "" : "s")} up) scanned in {s.Duration.TotalSeconds:0.00} seconds"));
    }

    private static string VersionText(ServiceInfo? s) => s is null ? ""
        : string.Join(" ", new[] { s.Product, s.Version, s.ExtraInfo is null ? null : $"({s.ExtraInfo})" }.Where(x => x is not null));

    private void WritePortTable(IReadOnlyList<ScanResult> ports)
    {
        // -sV adds nmap's VERSION column (product, version and extra information), even when it found none: after -sV
        // every open port it probed carries a service, named from nmap-services at least.
        bool versions = ports.Any(p => p.Service is not null);
        var rows = ports.Select(p => new[]
        {
            $"{p.Port}/{p.Protocol.ToWire()}",
            p.State.ToNmap(),
            p.Service?.TableName(p.State == PortState.Open) ?? services.NameOf(p.Port, p.Protocol) ?? "unknown",
            p.Reason,
            VersionText(p.Service),
        }).Select(r => showReason ? r : [r[0], r[1], r[2], r[4]]).ToList();
        var header = showReason ? new[] { "PORT", "STATE", "SERVICE", "REASON", "VERSION" } : new[] { "PORT", "STATE", "SERVICE", "VERSION" };
        int columns = header.Length - (versions ? 0 : 1);
        var widths = Enumerable.Range(0, columns).Select(c => Math.Max(header[c].Length, rows.Max(r => r[c].Length))).ToArray();
        WriteRow(header, widths, columns);
        foreach (var r in rows) WriteRow(r, widths, columns);
    }

    private void WriteRow(string[] cells, int[] widths, int columns)
    {
        var line = string.Join(" ", Enumerable.Range(0, columns).Select(c => c == columns - 1 ? cells[c] : cells[c].PadRight(widths[c])));
        writer.WriteLine(line.TrimEnd());
    }

    // nmap prints latency with two significant digits in plain notation: 0.000081s, 0.012s, 1.2s.
    private static string TwoSignificant(double seconds)
    {
        if (seconds <= 0) return "0.0";
        int decimals = Math.Clamp(1 - (int)Math.Floor(Math.Log10(seconds)), 1, 9);
        return seconds.ToString("F" + decimals, CultureInfo.InvariantCulture);
    }

    private static string Name(HostResult h) => h.Hostname is null ? h.Address.ToString() : $"{h.Hostname} ({h.Address})";
}
