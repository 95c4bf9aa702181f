using System.Globalization;
using System.Text;
using ProRT.Protocols.Ports;
using ProRT.Protocols.Results;
using ProRT.Protocols.Scanning;

namespace ProRT.Protocols.Output;

/// <summary>
/// nmap's XML output (-oX), valid against nmap's DTD (/usr/share/nmap/nmap.dtd), written as the scan runs: the
/// header first, each host as it finishes, the run statistics last, so ndiff, Metasploit's db_import and other
/// nmap-XML readers take it. The DTD only admits scanner="nmap"; the version attribute is prtip's.
/// </summary>
/// <param name="writer">Where the XML goes.</param>
/// <param name="services">Names ports whose result carries no detected service (method="table").</param>
/// <param name="verbose">The -v level: hosts found down are written only when it is above zero, as nmap does.</param>
public sealed class XmlOutputWriter(TextWriter writer, ServiceTable services, int verbose = 0)
{
    /// <summary>nmap's default stylesheet, used when --stylesheet is not given.</summary>
    public const string DefaultStylesheet = "file:///usr/share/nmap/nmap.xsl";

    private DateTimeOffset _start;

    /// <summary>The prolog, nmaprun and one scaninfo per protocol scanned.</summary>
    /// <param name="config">The scan, for its types and ports.</param>
    /// <param name="info">Version and start time.</param>
    /// <param name="args">The command line, as nmap records it.</param>
    /// <param name="stylesheet">The xml-stylesheet href; null for none.</param>
    public void WriteStart(ScanConfig config, ScanInfo info, string args, string? stylesheet = DefaultStylesheet)
    {
        _start = info.StartTime;
        writer.WriteLine("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        writer.WriteLine("<!DOCTYPE nmaprun>");
        if (stylesheet is not null) writer.WriteLine($"<?xml-stylesheet href=\"{A(stylesheet)}\" type=\"text/xsl\"?>");
        writer.WriteLine($"<!-- prtip {info.Version} scan initiated {Ctime(info.StartTime)} as: {Comment(args)} -->");
        writer.WriteLine($"<nmaprun scanner=\"nmap\" args=\"{A(args)}\" start=\"{info.StartTime.ToUnixTimeSeconds()}\" startstr=\"{Ctime(info.StartTime)}\" version=\"{A(info.Version)}\" xmloutputversion=\"1.05\">");
        if (!config.PingOnly)
            foreach (var type in config.ScanTypes)
            {
                var ports = config.PortsFor(type);
                writer.WriteLine($"<scaninfo type=\"{type.ToNmapName()}\" protocol=\"{(type == ScanType.Udp ? "udp" : "tcp")}\" numservices=\"{ports.Length}\" services=\"{PortList.Describe(ports).Replace(" ", "")}\"/>");
            }
        writer.WriteLine($"<verbose level=\"{verbose}\"/>");
        writer.WriteLine("<debugging level=\"0\"/>");
        writer.Flush();
    }

    /// <summary>One host element; hosts found down only with -v.</summary>
    /// <param name="host">The finished host.</param>
    /// <param name="end">When it finished.</param>
    public void WriteHost(HostResult host, DateTimeOffset end)
    {
        if (host.State == HostState.Down && verbose == 0) return;
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"<host starttime=\"{_start.ToUnixTimeSeconds()}\" endtime=\"{end.ToUnixTimeSeconds()}\">");
        s.Append(CultureInfo.InvariantCulture, $"<status state=\"{(host.State == HostState.Up ? "up" : "down")}\" reason=\"{A(host.Reason)}\" reason_ttl=\"0\"/>\n");
        s.Append(CultureInfo.InvariantCulture, $"<address addr=\"{host.Address}\" addrtype=\"ipv4\"/>\n");
        s.Append("<hostnames>\n");
        if (host.Hostname is { } name) s.Append(CultureInfo.InvariantCulture, $"<hostname name=\"{A(name)}\" type=\"PTR\"/>\n");
        s.Append("</hostnames>\n");
        if (host.State == HostState.Up && !host.TimedOut)
        {
            var summary = PortSummary.Of(host.Ports);
            s.Append("<ports>");
            foreach (var group in summary.Hidden.GroupBy(h => h.State))
            {
                s.Append(CultureInfo.InvariantCulture, $"<extraports state=\"{group.Key.ToNmap()}\" count=\"{group.Sum(h => h.Count)}\">\n");
                foreach (var h in group)
                    s.Append(CultureInfo.InvariantCulture, $"<extrareasons reason=\"{A(h.Reason)}\" count=\"{h.Count}\" proto=\"{h.Protocol.ToWire()}\" ports=\"{PortList.Describe(h.Ports).Replace(" ", "")}\"/>\n");
                s.Append("</extraports>\n");
            }
            foreach (var p in summary.Listed)
            {
                s.Append(CultureInfo.InvariantCulture, $"<port protocol=\"{p.Protocol.ToWire()}\" portid=\"{p.Port}\">");
                s.Append(CultureInfo.InvariantCulture, $"<state state=\"{p.State.ToNmap()}\" reason=\"{A(p.Reason)}\" reason_ttl=\"{p.ReasonTtl ?? 0}\"/>");
                if (p.Service is { } svc)
                {
                    s.Append(CultureInfo.InvariantCulture, $"<service name=\"{A(svc.Name)}\"");
                    if (svc.Product is not null) s.Append(CultureInfo.InvariantCulture, $" product=\"{A(svc.Product)}\"");
                    if (svc.Version is not null) s.Append(CultureInfo.InvariantCulture, $" version=\"{A(svc.Version)}\"");
                    if (svc.ExtraInfo is not null) s.Append(CultureInfo.InvariantCulture, $" extrainfo=\"{A(svc.ExtraInfo)}\"");
                    if (svc.Hostname is not null) s.Append(CultureInfo.InvariantCulture, $" hostname=\"{A(svc.Hostname)}\"");
                    if (svc.OsHint is not null) s.Append(CultureInfo.InvariantCulture, $" ostype=\"{A(svc.OsHint)}\"");
                    if (svc.DeviceType is not null) s.Append(CultureInfo.InvariantCulture, $" devicetype=\"{A(svc.DeviceType)}\"");
                    if (svc.Fingerprint is not null) s.Append(CultureInfo.InvariantCulture, $" servicefp=\"{A(Services.ServiceFingerprint.Unwrapped(svc.Fingerprint))}\"");
                    if (svc.Tunnel is not null) s.Append(CultureInfo.InvariantCulture, $" tunnel=\"{A(svc.Tunnel)}\"");
                    s.Append(CultureInfo.InvariantCulture, $" method=\"{svc.Method}\" conf=\"{svc.Confidence}\"");
                    if (svc.Cpes.Count == 0) s.Append("/>");
                    else
                    {
                        s.Append('>');
                        foreach (var cpe in svc.Cpes) s.Append(CultureInfo.InvariantCulture, $"<cpe>{T(cpe)}</cpe>");
                        s.Append("</service>");
                    }
                }
                else if (services.NameOf(p.Port, p.Protocol) is { } table)
                {
                    s.Append(CultureInfo.InvariantCulture, $"<service name=\"{A(table)}\" method=\"table\" conf=\"3\"/>");
                }
                s.Append("</port>\n");
            }
            s.Append("</ports>\n");
        }
        if (host.Os is { } os)
            s.Append(CultureInfo.InvariantCulture, $"<os><osmatch name=\"{A(os.Name)}\" accuracy=\"{os.Accuracy}\" line=\"0\"/></os>\n");
        if (host.Latency is { } latency)
        {
            long srtt = (long)(latency.TotalMilliseconds * 1000);
            long var = Math.Max(srtt / 2, 1);
            s.Append(CultureInfo.InvariantCulture, $"<times srtt=\"{srtt}\" rttvar=\"{var}\" to=\"{Math.Max(100_000, srtt + 4 * var)}\"/>\n");
        }
        s.Append("</host>\n");
        writer.Write(s.ToString());
        writer.Flush();
    }

    /// <summary>runstats and the closing tag: exit="success", or "error" with <paramref name="error"/> when the scan stopped early.</summary>
    /// <param name="end">When the scan ended.</param>
    /// <param name="hostsUp">Hosts found up.</param>
    /// <param name="hostsTotal">Hosts scanned.</param>
    /// <param name="error">Why the scan stopped early; null when it completed.</param>
    public void WriteEnd(DateTimeOffset end, long hostsUp, long hostsTotal, string? error = null)
    {
        double elapsed = Math.Max(0, (end - _start).TotalSeconds);
        string summary = error is null
            ? string.Create(CultureInfo.InvariantCulture, $"prtip done at {Ctime(end)}; {hostsTotal} IP address{(hostsTotal == 1 ? "" : "es")} ({hostsUp} host{(hostsUp == 1 ? "" : "s")} up) scanned in {elapsed:0.00} seconds")
            : $"prtip stopped at {Ctime(end)}: {error}";
        writer.Write(string.Create(CultureInfo.InvariantCulture,
            $"<runstats><finished time=\"{end.ToUnixTimeSeconds()}\" timestr=\"{Ctime(end)}\" summary=\"{A(summary)}\" elapsed=\"{elapsed:0.00}\" exit=\"{(error is null ? "success" : "error")}\""));
        if (error is not null) writer.Write($" errormsg=\"{A(error)}\"");
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"/><hosts up=\"{hostsUp}\" down=\"{hostsTotal - hostsUp}\" total=\"{hostsTotal}\"/>"));
        writer.WriteLine("</runstats>");
        writer.WriteLine("</nmaprun>");
        writer.Flush();
    }

    /// <summary>The C library's ctime format nmap uses in timestr attributes, in UTC.</summary>
    public static string Ctime(DateTimeOffset t) =>
        t.UtcDateTime.ToString("ddd MMM ", CultureInfo.InvariantCulture) + t.UtcDateTime.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2)
        + t.UtcDateTime.ToString(" HH:mm:ss yyyy", CultureInfo.InvariantCulture);

    /// <summary>Escapes text for an attribute value; characters XML cannot hold become '?'.</summary>
    public static string A(string value) => Escape(value, attribute: true);

    private static string T(string value) => Escape(value, attribute: false);

    private static string Escape(string value, bool attribute)
    {
        var s = new StringBuilder(value.Length);
        foreach (char c in value)
        {
            switch (c)
            {
                case '&': s.Append("&amp;"); break;
                case '<': s.Append("&lt;"); break;
                case '>': s.Append("&gt;"); break;
                case '"' when attribute: s.Append("&quot;"); break;
                case '\n' or '\r' or '\t' when attribute: s.Append(CultureInfo.InvariantCulture, $"&#{(int)c};"); break;
                default: s.Append(c < 0x20 && c is not ('\n' or '\r' or '\t') || c is '\uFFFE' or '\uFFFF' || char.IsSurrogate(c) ? '?' : c); break;
            }
        }
        return s.ToString();
    }

    // A comment may not hold "--".
    private static string Comment(string value) => Escape(value, attribute: false).Replace("--", "-&#45;");
}
