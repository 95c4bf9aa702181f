using System.Net;
using ProRT.Protocols.Output;
using ProRT.Protocols.Ports;
using ProRT.Protocols.Results;

namespace ProRT.Protocols.Tests.Output;

public sealed class NormalOutputWriterSpecs
{
    private static readonly IPAddress Address = IPAddress.Parse("198.18.0.2");
    private static readonly DateTimeOffset Start = new(2025, 1, 2, 3, 4, 5, TimeSpan.FromHours(2));

    private static ScanResult Port(int port, PortState state, string reason, ServiceInfo? service = null, Protocol protocol = Protocol.Tcp) =>
        new(Address, (ushort)port, protocol, state, reason, TimeSpan.FromMilliseconds(1), Start, service);

    private static IEnumerable<ScanResult> Closed(int first, int count) =>
        Enumerable.Range(first, count).Select(p => Port(p, PortState.Closed, "conn-refused"));

    private static HostResult Host(IReadOnlyList<ScanResult> ports, string? hostname = null, TimeSpan? latency = null) =>
        new(Address, hostname, HostState.Up, "syn-ack", ports, latency);

    private static string[] Write(Action<NormalOutputWriter> act, bool showReason = false, bool openOnly = false)
    {
        var text = new StringWriter { NewLine = "\n" };
        act(new NormalOutputWriter(text, ServiceTable.Builtin, showReason, openOnly));
        return text.ToString().Split('\n');
    }

    private static string[] WriteHost(HostResult host, bool showReason = false, bool openOnly = false) =>
        Write(w => w.WriteHost(host), showReason, openOnly);

    private static ScanReport Report(int hosts, int up, double seconds) =>
        new(new ScanInfo("0.1.0", Start, Start.AddSeconds(seconds), ["CONNECT"], ["x"], "22"), [],
            new ScanStatistics(hosts, up, 0, 0, TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void A_host_report_reads_like_nmaps()
    {
        var ports = Closed(1000, 30).Append(Port(22, PortState.Open, "syn-ack")).Append(Port(80, PortState.Open, "syn-ack")).ToList();
        var lines = WriteHost(Host(ports, latency: TimeSpan.FromSeconds(0.00042)));
        Assert.Equal(
        [
            "prtip scan report for 198.18.0.2",
            "Host is up (0.00042s latency).",
            "Not shown: 30 closed tcp ports (conn-refused)",
            "PORT   STATE SERVICE",
            "22/tcp open  ssh",
            "80/tcp open  http",
            "",
            "",
        ], lines);
    }

    [Fact]
    public void Columns_are_aligned_to_the_widest_cell()
    {
        var ports = new[]
        {
            Port(22, PortState.Open, "syn-ack"),
            Port(8080, PortState.Open, "syn-ack"),
            Port(9100, PortState.Filtered, "no-response"),
        };
        var lines = WriteHost(Host(ports));
        Assert.Equal(
        [
            "PORT     STATE    SERVICE",
            "22/tcp   open     ssh",
            "8080/tcp open     http-proxy",
            "9100/tcp filtered jetdirect",
        ], lines[2..6]);

        int state = lines[2].IndexOf("STATE", StringComparison.Ordinal), service = lines[2].IndexOf("SERVICE", StringComparison.Ordinal);
        foreach (var row in lines[3..6])
        {
            Assert.NotEqual(' ', row[state]);
            Assert.Equal(' ', row[state - 1]);
            Assert.NotEqual(' ', row[service]);
            Assert.Equal(' ', row[service - 1]);
        }
    }

    [Fact]
    public void Reasons_get_their_own_column_when_asked_for()
    {
        var lines = WriteHost(Host([Port(22, PortState.Open, "syn-ack"), Port(23, PortState.Closed, "conn-refused")]), showReason: true);
        Assert.Equal(
        [
            "PORT   STATE  SERVICE REASON",
            "22/tcp open   ssh     syn-ack",
            "23/tcp closed telnet  conn-refused",
        ], lines[2..5]);
    }

    [Fact]
    public void Detected_service_names_win_over_the_table_and_unknown_ports_say_unknown()
    {
        var lines = WriteHost(Host([Port(80, PortState.Open, "syn-ack", new ServiceInfo("nginx-admin")), Port(40000, PortState.Open, "syn-ack")]));
        Assert.Equal("80/tcp    open  nginx-admin", lines[3]);
        Assert.Equal("40000/tcp open  unknown", lines[4]);
    }

    [Fact]
    public void Hostnames_are_shown_with_the_address()
    {
        var lines = WriteHost(Host([Port(22, PortState.Open, "syn-ack")], "gw.test"));
        Assert.Equal("prtip scan report for gw.test (198.18.0.2)", lines[0]);
    }

    [Fact]
    public void Without_a_latency_the_host_is_just_up()
    {
        Assert.Equal("Host is up.", WriteHost(Host([Port(22, PortState.Open, "syn-ack")]))[1]);
    }

    [Fact]
    public void Several_collapsed_states_share_the_not_shown_line()
    {
        var ports = Closed(1000, 30)
            .Concat(Enumerable.Range(2000, 40).Select(p => Port(p, PortState.Filtered, "no-response")))
            .Append(Port(22, PortState.Open, "syn-ack")).ToList();
        var lines = WriteHost(Host(ports));
        Assert.Equal("Not shown: 40 filtered tcp ports (no-response), 30 closed tcp ports (conn-refused)", lines[2]);
    }

    [Fact]
    public void A_single_hidden_port_is_singular()
    {
        var lines = WriteHost(Host([Port(22, PortState.Open, "syn-ack"), Port(23, PortState.Closed, "conn-refused")]), openOnly: true);
        Assert.Equal("Not shown: 1 closed tcp port (conn-refused)", lines[2]);
        Assert.Equal("PORT   STATE SERVICE", lines[3]);
        Assert.Equal("22/tcp open  ssh", lines[4]);
    }

    [Fact]
    public void A_host_with_every_port_ignored_says_so_and_prints_no_table()
    {
        var ports = Enumerable.Range(1, 40).Select(p => Port(p, PortState.Filtered, "no-response")).ToList();
        var lines = WriteHost(Host(ports));
        Assert.Equal(
        [
            "prtip scan report for 198.18.0.2",
            "Host is up.",
            "All 40 scanned ports on 198.18.0.2 are in ignored states.",
            "Not shown: 40 filtered tcp ports (no-response)",
            "",
            "",
        ], lines);
    }

    [Fact]
    public void A_down_host_seems_down()
    {
        var lines = WriteHost(new HostResult(Address, null, HostState.Down, "no-response", []));
        Assert.Equal(["prtip scan report for 198.18.0.2", "Host seems down.", "", ""], lines);
    }

    [Fact]
    public void A_timed_out_host_is_skipped()
    {
        var lines = WriteHost(Host([Port(22, PortState.Open, "syn-ack")], "gw.test") with { TimedOut = true });
        Assert.Equal(["Skipping host gw.test (198.18.0.2) due to host timeout", ""], lines);
    }

    [Fact]
    public void Host_errors_become_a_warning()
    {
        var lines = WriteHost(Host([Port(22, PortState.Open, "syn-ack")]) with { Error = "send failed" });
        Assert.Equal("Warning: send failed", lines[2]);
    }

    [Fact]
    public void The_header_names_version_and_utc_start_time()
    {
        var lines = Write(w => w.WriteHeader(new ScanInfo("0.1.0", Start, null, ["CONNECT"], ["x"], "22")));
        Assert.Equal("Starting prtip 0.1.0 at 2025-01-02 01:04 UTC", lines[0]);
    }

    [Fact]
    public void The_footer_counts_addresses_and_hosts_up()
    {
        var lines = Write(w => w.WriteFooter(Report(1, 1, 0.5)));
        Assert.StartsWith("prtip done: 1 IP address (1 host up) scanned in", lines[0]);
        Assert.Equal("prtip done: 1 IP address (1 host up) scanned in 0.50 seconds", lines[0]);
    }

    [Theory]
    [InlineData(256, 3, 12.345, "prtip done: 256 IP addresses (3 hosts up) scanned in 12.35 seconds")]
    [InlineData(2, 0, 3, "prtip done: 2 IP addresses (0 hosts up) scanned in 3.00 seconds")]
    [InlineData(0, 0, 0, "prtip done: 0 IP addresses (0 hosts up) scanned in 0.00 seconds")]
    public void The_footer_uses_plurals(int hosts, int up, double seconds, string expected)
    {
        Assert.Equal(expected, Write(w => w.WriteFooter(Report(hosts, up, seconds)))[0]);
    }

    private const string Fp = "SF-Port8081-TCP:V=7.93%I=7%D=12/7%Time=6B169FC0%P=x86_64-pc-linux-gnu%r(NULL,2,\"hi\");";

    [Fact]
    public void An_open_port_sV_could_not_name_has_its_table_name_with_a_question_mark_and_its_fingerprint_below()
    {
        // nmap: "8081/tcp open  blackice-icecap?" and the submission block after the table (output.cc printportoutput).
        var table = new ServiceInfo("blackice-icecap", Confidence: ServiceInfo.Table, Fingerprint: Fp);
        var ports = new[]
        {
            Port(22, PortState.Open, "syn-ack", new ServiceInfo("ssh", "OpenSSH", "9.2p1")),
            Port(8081, PortState.Open, "syn-ack", table),
            Port(9999, PortState.Open, "syn-ack", new ServiceInfo("unknown", Confidence: ServiceInfo.Table)),
            Port(7777, PortState.Open, "syn-ack", new ServiceInfo("tcpwrapped", Confidence: ServiceInfo.Wrapped)),
            Port(161, PortState.OpenFiltered, "no-response", new ServiceInfo("snmp", Confidence: ServiceInfo.Table), Protocol.Udp),
        };
        var lines = WriteHost(Host(ports));
        Assert.Contains("8081/tcp open          blackice-icecap? ", lines.Select(l => l + " "));
        Assert.Contains("9999/tcp open          unknown", lines);
        Assert.Contains("7777/tcp open          tcpwrapped", lines);
        Assert.Contains("161/udp  open|filtered snmp", lines);
        int at = Array.IndexOf(lines, "1 service unrecognized despite returning data. If you know the service/version, please submit the following fingerprint at https://nmap.org/cgi-bin/submit.cgi?new-service :");
        Assert.True(at > 0);
        Assert.Equal(Fp, lines[at + 1]);
    }

    [Fact]
    public void Two_fingerprints_are_separated_as_nmap_separates_them()
    {
        var ports = new[]
        {
            Port(8081, PortState.Open, "syn-ack", new ServiceInfo("a", Confidence: ServiceInfo.Table, Fingerprint: Fp)),
            Port(8082, PortState.Open, "syn-ack", new ServiceInfo("b", Confidence: ServiceInfo.Table, Fingerprint: Fp)),
        };
        var lines = WriteHost(Host(ports));
        Assert.Contains("2 services unrecognized despite returning data. If you know the service/version, please submit the following fingerprints at https://nmap.org/cgi-bin/submit.cgi?new-service :", lines);
        Assert.Equal(2, lines.Count(l => l == "==============NEXT SERVICE FINGERPRINT (SUBMIT INDIVIDUALLY)=============="));
    }

    [Fact]
    public void Service_info_gathers_hosts_oses_devices_and_non_application_cpes_of_open_ports()
    {
        // output.cc printserviceinfooutput: distinct values, the host's own name left out, "a" CPEs only in XML.
        var ports = new[]
        {
            Port(21, PortState.Open, "syn-ack", new ServiceInfo("ftp", OsHint: "Unix", Hostname: "ftp.example", Cpe: "cpe:/a:beasts:vsftpd:3.0.3")),
            Port(22, PortState.Open, "syn-ack", new ServiceInfo("ssh", OsHint: "Linux", Cpe: "cpe:/a:openbsd:openssh:9.2p1 cpe:/o:linux:linux_kernel")),
            Port(23, PortState.Open, "syn-ack", new ServiceInfo("telnet", OsHint: "Linux", Hostname: "ME.example", DeviceType: "router",
                Cpe: "cpe:/h:cisco:box cpe:/o:linux:linux_kernel")),
            Port(24, PortState.Closed, "conn-refused", new ServiceInfo("x", OsHint: "Windows")),
        };
        var lines = WriteHost(Host(ports, hostname: "me.example"));
        Assert.Equal("Service Info: Host: ftp.example; OSs: Unix, Linux; Device: router; CPE: cpe:/o:linux:linux_kernel, cpe:/h:cisco:box", lines[^3]);
    }

    [Fact]
    public void No_service_info_line_without_anything_to_say()
    {
        var lines = WriteHost(Host([Port(22, PortState.Open, "syn-ack", new ServiceInfo("ssh", Cpe: "cpe:/a:openbsd:openssh"))]));
        Assert.DoesNotContain(lines, l => l.StartsWith("Service Info", StringComparison.Ordinal));
    }

    [Fact]
    public void The_version_column_shows_after_sV_even_when_no_version_was_found()
    {
        var lines = WriteHost(Host([Port(8081, PortState.Open, "syn-ack", new ServiceInfo("blackice-icecap", Confidence: ServiceInfo.Table))]));
        Assert.Equal("PORT     STATE SERVICE          VERSION", lines[2]);
        Assert.Equal("PORT   STATE SERVICE", WriteHost(Host([Port(22, PortState.Open, "syn-ack")]))[2]);
    }
}
