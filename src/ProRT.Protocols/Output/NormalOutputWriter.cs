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
        if (summary.Listed.Count > 0) WritePortTable(summary.Listed);
        writer.WriteLine();
    }

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
        // -sV adds nmap's VERSION column: product, version and extra information.
        bool versions = ports.Any(p => p.Service is { Product: not null } or { Version: not null } or { ExtraInfo: not null });
        var rows = ports.Select(p => new[]
        {
            $"{p.Port}/{p.Protocol.ToWire()}",
            p.State.ToNmap(),
            p.Service?.DisplayName ?? services.NameOf(p.Port, p.Protocol) ?? "unknown",
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
