using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ProRT.Protocols.Results;
using ProRT.Protocols.Services;

namespace ProRT.Protocols.Output;

/// <summary>
/// The specification's JSON report: scan_info, results (one per host, with ports) and statistics.
/// Ports that nmap would summarize are left out of "ports" and counted in "extraports", so a full-range scan
/// stays small; "extraports" (state, count, reason and the ports as a range list, like nmap's extrareasons) is our
/// addition to the specified structure.
/// </summary>
public static class JsonReportWriter
{
    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes the report as indented UTF-8 JSON to <paramref name="stream"/>.</summary>
    public static void Write(Stream stream, ScanReport report) =>
        Write(stream, report.Info, report.Hosts.Select(h => (ReadOnlyMemory<byte>)HostFragment(h)), report.Statistics);

    /// <summary>
    /// Writes a report whose hosts are already written by <see cref="HostFragment"/>: an output can keep finished hosts
    /// in a file of fragments, not in memory, until the report's header and totals are known.
    /// </summary>
    public static void Write(Stream stream, ScanInfo info, IEnumerable<ReadOnlyMemory<byte>> hosts, ScanStatistics s)
    {
        using var w = new Utf8JsonWriter(stream, Options);
        w.WriteStartObject();

        w.WriteStartObject("scan_info");
        w.WriteString("version", info.Version);
        w.WriteString("start_time", Iso(info.StartTime));
        if (info.EndTime is { } end) w.WriteString("end_time", Iso(end)); else w.WriteNull("end_time");
        WriteStrings(w, "scan_type", info.ScanTypes);
        WriteStrings(w, "targets", info.Targets);
        w.WriteString("ports", info.Ports);
        w.WriteEndObject();

        w.WriteStartArray("results");
        foreach (var host in hosts) w.WriteRawValue(host.Span, skipInputValidation: true);
        w.WriteEndArray();

        w.WriteStartObject("statistics");
        w.WriteNumber("total_hosts", s.TotalHosts);
        w.WriteNumber("hosts_up", s.HostsUp);
        w.WriteNumber("total_ports_scanned", s.TotalPortsScanned);
        w.WriteNumber("ports_open", s.PortsOpen);
        w.WriteNumber("scan_duration_sec", Math.Round(s.Duration.TotalSeconds, 3));
        w.WriteEndObject();

        w.WriteEndObject();
    }

    /// <summary>One host of the "results" array, as UTF-8 JSON laid out for its place in the report.</summary>
    public static byte[] HostFragment(HostResult host)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, Options)) WriteHost(w, host);
        // A raw value is copied as it is: its own line and indentation (two levels) are written here. JSON strings
        // hold no raw line breaks, so every line break is the layout's.
        const string Indent = "    ";
        var lines = Encoding.UTF8.GetString(buffer.WrittenSpan).Split('\n');
        return Encoding.UTF8.GetBytes("\n" + Indent + string.Join("\n" + Indent, lines));
    }

    /// <summary>The report as JSON text.</summary>
    public static string ToString(ScanReport report)
    {
        using var ms = new MemoryStream();
        Write(ms, report);
        return System.Text.Encoding.UTF8.GetString(ms.ToArray());
    }

    private static void WriteHost(Utf8JsonWriter w, HostResult host)
    {
        w.WriteStartObject();
        w.WriteString("ip", host.Address.ToString());
        if (host.Hostname is null) w.WriteNull("hostname"); else w.WriteString("hostname", host.Hostname);
        w.WriteString("state", host.State == HostState.Up ? "up" : "down");
        if (host.Error is not null) w.WriteString("error", host.Error);

        var summary = PortSummary.Of(host.Ports);
        w.WriteStartArray("ports");
        foreach (var p in summary.Listed)
        {
            w.WriteStartObject();
            w.WriteNumber("port", p.Port);
            w.WriteString("protocol", p.Protocol == Ports.Protocol.Tcp ? "tcp" : "udp");
            w.WriteString("state", p.State.ToNmap());
            w.WriteString("reason", p.Reason);
            if (p.Service is { } svc)
            {
                w.WriteStartObject("service");
                w.WriteString("name", svc.Name);
                w.WriteString("method", svc.Method);
                w.WriteNumber("conf", svc.Confidence);
                if (svc.Product is not null) w.WriteString("product", svc.Product);
                if (svc.Version is not null) w.WriteString("version", svc.Version);
                if (svc.Cpes.Count > 0)
                {
                    w.WriteString("cpe", svc.Cpes[0]);
                    WriteStrings(w, "cpes", svc.Cpes);
                }
                if (svc.ExtraInfo is not null) w.WriteString("extra_info", svc.ExtraInfo);
                if (svc.Hostname is not null) w.WriteString("hostname", svc.Hostname);
                if (svc.OsHint is not null) w.WriteString("os_hint", svc.OsHint);
                if (svc.DeviceType is not null) w.WriteString("device_type", svc.DeviceType);
                if (svc.Tunnel is not null) w.WriteString("tunnel", svc.Tunnel);
                if (svc.Fingerprint is not null) w.WriteString("servicefp", ServiceFingerprint.Unwrapped(svc.Fingerprint));
                w.WriteEndObject();
            }
            if (p.Banner is not null) w.WriteString("banner", p.Banner);
            w.WriteNumber("response_time_ms", (long)Math.Round(p.ResponseTime.TotalMilliseconds));
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteStartArray("extraports");
        foreach (var c in summary.Hidden)
        {
            w.WriteStartObject();
            w.WriteString("state", c.State.ToNmap());
            w.WriteString("protocol", c.Protocol == Ports.Protocol.Tcp ? "tcp" : "udp");
            w.WriteNumber("count", c.Count);
            w.WriteString("reason", c.Reason);
            w.WriteString("ports", Ports.PortList.Describe(c.Ports));
            w.WriteEndObject();
        }
        w.WriteEndArray();

        if (host.Os is { } os)
        {
            w.WriteStartObject("os");
            w.WriteString("name", os.Name);
            w.WriteNumber("accuracy", os.Accuracy);
            if (os.Cpe is not null) w.WriteString("cpe", os.Cpe);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }

    private static string Iso(DateTimeOffset t) =>
        t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
