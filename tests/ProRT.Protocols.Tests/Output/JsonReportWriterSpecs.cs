using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ProRT.Protocols.Output;
using ProRT.Protocols.Ports;
using ProRT.Protocols.Results;

namespace ProRT.Protocols.Tests.Output;

public sealed class JsonReportWriterSpecs
{
    private static readonly DateTimeOffset Start = new(2025, 1, 2, 3, 4, 5, TimeSpan.FromHours(2));
    private static readonly DateTimeOffset End = Start.AddSeconds(12.3456);
    private static readonly IPAddress Gateway = IPAddress.Parse("198.18.0.1");
    private static readonly IPAddress Silent = IPAddress.Parse("198.18.0.2");

    private static ScanResult Port(int port, PortState state, string reason, double ms = 1, ServiceInfo? service = null, string? banner = null,
        Protocol protocol = Protocol.Tcp) =>
        new(Gateway, (ushort)port, protocol, state, reason, TimeSpan.FromMilliseconds(ms), Start, service, banner);

    private static HostResult GatewayHost(string? banner = "SSH-2.0-OpenSSH_9.6") =>
        new(Gateway, "gw.test", HostState.Up, "syn-ack",
        [
            Port(22, PortState.Open, "syn-ack", 1.4, new ServiceInfo("ssh", "OpenSSH", "9.6", "cpe:/a:openbsd:openssh:9.6"), banner),
            Port(80, PortState.Open, "syn-ack", 12.6),
            Port(443, PortState.Filtered, "no-response", 1000),
            .. Enumerable.Range(1000, 30).Select(p => Port(p, PortState.Closed, "conn-refused", 0.3)),
        ],
        TimeSpan.FromMilliseconds(1.2));

    private static ScanReport Report(DateTimeOffset? end = null, params HostResult[] hosts)
    {
        if (hosts.Length == 0)
            hosts = [GatewayHost(), new HostResult(Silent, null, HostState.Down, "no-response", [])];
        return new ScanReport(
            new ScanInfo("0.1.0", Start, end ?? End, ["CONNECT"], ["198.18.0.0/30", "gw.test"], "22,80,443,1000-1029"),
            hosts,
            ScanReport.Summarize(hosts, Start, end ?? End));
    }

    private static JsonElement Parse(ScanReport report)
    {
        using var ms = new MemoryStream();
        JsonReportWriter.Write(ms, report);
        using var doc = JsonDocument.Parse(ms.ToArray());
        return doc.RootElement.Clone();
    }

    private static string[] Names(JsonElement obj) => obj.EnumerateObject().Select(p => p.Name).ToArray();

    [Fact]
    public void The_document_has_scan_info_results_and_statistics()
    {
        var root = Parse(Report());
        Assert.Equal(JsonValueKind.Object, root.ValueKind);
        Assert.Equal(["scan_info", "results", "statistics"], Names(root));
    }

    [Fact]
    public void Scan_info_describes_what_was_asked_for()
    {
        var info = Parse(Report()).GetProperty("scan_info");
        Assert.Equal(["version", "start_time", "end_time", "scan_type", "targets", "ports"], Names(info));
        Assert.Equal("0.1.0", info.GetProperty("version").GetString());
        Assert.Equal(["CONNECT"], info.GetProperty("scan_type").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["198.18.0.0/30", "gw.test"], info.GetProperty("targets").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(JsonValueKind.String, info.GetProperty("ports").ValueKind);
        Assert.Equal("22,80,443,1000-1029", info.GetProperty("ports").GetString());
    }

    [Fact]
    public void Times_are_iso_8601_in_utc_with_a_Z()
    {
        var info = Parse(Report()).GetProperty("scan_info");
        var start = info.GetProperty("start_time").GetString()!;
        var end = info.GetProperty("end_time").GetString()!;

        Assert.Matches(new Regex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$"), start);
        Assert.Equal("2025-01-02T01:04:05Z", start);
        Assert.Equal("2025-01-02T01:04:17Z", end);
        Assert.Equal(Start, DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_scan_still_running_has_a_null_end_time()
    {
        var hosts = new[] { GatewayHost() };
        var report = new ScanReport(new ScanInfo("0.1.0", Start, null, ["SYN"], ["gw.test"], "22"), hosts,
            ScanReport.Summarize(hosts, Start, End));
        var info = Parse(report).GetProperty("scan_info");
        Assert.Equal(JsonValueKind.Null, info.GetProperty("end_time").ValueKind);
        Assert.Equal(["SYN"], info.GetProperty("scan_type").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void Results_has_one_entry_per_host()
    {
        var results = Parse(Report()).GetProperty("results");
        Assert.Equal(JsonValueKind.Array, results.ValueKind);
        Assert.Equal(2, results.GetArrayLength());

        var up = results[0];
        Assert.Equal("198.18.0.1", up.GetProperty("ip").GetString());
        Assert.Equal("gw.test", up.GetProperty("hostname").GetString());
        Assert.Equal("up", up.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Array, up.GetProperty("ports").ValueKind);

        var down = results[1];
        Assert.Equal("198.18.0.2", down.GetProperty("ip").GetString());
        Assert.Equal(JsonValueKind.Null, down.GetProperty("hostname").ValueKind);
        Assert.Equal("down", down.GetProperty("state").GetString());
        Assert.Equal(0, down.GetProperty("ports").GetArrayLength());
        Assert.Equal(0, down.GetProperty("extraports").GetArrayLength());
    }

    [Fact]
    public void Listed_ports_carry_the_specified_fields()
    {
        var ports = Parse(Report()).GetProperty("results")[0].GetProperty("ports");
        Assert.Equal([22, 80, 443], ports.EnumerateArray().Select(p => p.GetProperty("port").GetInt32()));

        foreach (var p in ports.EnumerateArray())
        {
            Assert.Equal(JsonValueKind.Number, p.GetProperty("port").ValueKind);
            Assert.Equal("tcp", p.GetProperty("protocol").GetString());
            Assert.Equal(JsonValueKind.String, p.GetProperty("state").ValueKind);
            Assert.Equal(JsonValueKind.Number, p.GetProperty("response_time_ms").ValueKind);
        }

        var ssh = ports[0];
        Assert.Equal("open", ssh.GetProperty("state").GetString());
        Assert.Equal("syn-ack", ssh.GetProperty("reason").GetString());
        Assert.Equal(1, ssh.GetProperty("response_time_ms").GetInt64());
        Assert.Equal("SSH-2.0-OpenSSH_9.6", ssh.GetProperty("banner").GetString());
        var service = ssh.GetProperty("service");
        Assert.Equal("ssh", service.GetProperty("name").GetString());
        Assert.Equal("OpenSSH", service.GetProperty("product").GetString());
        Assert.Equal("9.6", service.GetProperty("version").GetString());
        Assert.Equal("cpe:/a:openbsd:openssh:9.6", service.GetProperty("cpe").GetString());

        var http = ports[1];
        Assert.Equal(13, http.GetProperty("response_time_ms").GetInt64());
        Assert.False(http.TryGetProperty("service", out _));
        Assert.False(http.TryGetProperty("banner", out _));

        var https = ports[2];
        Assert.Equal("filtered", https.GetProperty("state").GetString());
        Assert.Equal("no-response", https.GetProperty("reason").GetString());
        Assert.Equal(1000, https.GetProperty("response_time_ms").GetInt64());
    }

    [Fact]
    public void A_service_without_product_or_version_has_just_its_name()
    {
        var host = new HostResult(Gateway, null, HostState.Up, "syn-ack", [Port(25, PortState.Open, "syn-ack", service: new ServiceInfo("smtp"))]);
        var service = Parse(Report(null, host)).GetProperty("results")[0].GetProperty("ports")[0].GetProperty("service");
        Assert.Equal(["name", "method", "conf"], Names(service));
        Assert.Equal("smtp", service.GetProperty("name").GetString());
        Assert.Equal("probed", service.GetProperty("method").GetString());
    }

    [Fact]
    public void Collapsed_ports_appear_in_extraports_with_their_count()
    {
        var extra = Parse(Report()).GetProperty("results")[0].GetProperty("extraports");
        var closed = Assert.Single(extra.EnumerateArray());
        Assert.Equal("closed", closed.GetProperty("state").GetString());
        Assert.Equal("tcp", closed.GetProperty("protocol").GetString());
        Assert.Equal(30, closed.GetProperty("count").GetInt32());
        Assert.Equal("conn-refused", closed.GetProperty("reason").GetString());
    }

    [Fact]
    public void Udp_ports_say_udp()
    {
        var host = new HostResult(Gateway, null, HostState.Up, "udp-response",
            [Port(53, PortState.OpenFiltered, "no-response", protocol: Protocol.Udp)]);
        var port = Parse(Report(null, host)).GetProperty("results")[0].GetProperty("ports")[0];
        Assert.Equal("udp", port.GetProperty("protocol").GetString());
        Assert.Equal("open|filtered", port.GetProperty("state").GetString());
    }

    [Fact]
    public void Statistics_total_the_scan()
    {
        var stats = Parse(Report()).GetProperty("statistics");
        Assert.Equal(["total_hosts", "hosts_up", "total_ports_scanned", "ports_open", "scan_duration_sec"], Names(stats));
        Assert.Equal(2, stats.GetProperty("total_hosts").GetInt64());
        Assert.Equal(1, stats.GetProperty("hosts_up").GetInt64());
        Assert.Equal(33, stats.GetProperty("total_ports_scanned").GetInt64());
        Assert.Equal(2, stats.GetProperty("ports_open").GetInt64());
        Assert.Equal(12.346, stats.GetProperty("scan_duration_sec").GetDouble(), 6);
    }

    [Fact]
    public void Host_errors_and_os_guesses_are_included_when_known()
    {
        var host = GatewayHost() with { Error = "network unreachable", Os = new OsMatch("Linux 6.x", 97, "cpe:/o:linux:linux_kernel:6") };
        var result = Parse(Report(null, host)).GetProperty("results")[0];
        Assert.Equal("network unreachable", result.GetProperty("error").GetString());
        var os = result.GetProperty("os");
        Assert.Equal("Linux 6.x", os.GetProperty("name").GetString());
        Assert.Equal(97, os.GetProperty("accuracy").GetInt32());
        Assert.Equal("cpe:/o:linux:linux_kernel:6", os.GetProperty("cpe").GetString());
    }

    [Fact]
    public void Hosts_without_errors_or_os_have_neither_field()
    {
        var result = Parse(Report()).GetProperty("results")[0];
        Assert.False(result.TryGetProperty("error", out _));
        Assert.False(result.TryGetProperty("os", out _));
    }

    [Fact]
    public void Banners_with_quotes_control_characters_and_non_ascii_survive()
    {
        const string banner = "220 \"héllo\" <mail>\r\n\t\u0001end";
        var json = JsonReportWriter.ToString(Report(null, GatewayHost(banner)));
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(banner, doc.RootElement.GetProperty("results")[0].GetProperty("ports")[0].GetProperty("banner").GetString());
        Assert.Contains("héllo", json); // relaxed escaping keeps text readable
    }

    [Fact]
    public void ToString_is_what_Write_writes()
    {
        var report = Report();
        using var ms = new MemoryStream();
        JsonReportWriter.Write(ms, report);
        Assert.Equal(Encoding.UTF8.GetString(ms.ToArray()), JsonReportWriter.ToString(report));
    }

    [Fact]
    public void Hosts_written_as_fragments_are_laid_out_as_in_one_indented_document()
    {
        var text = JsonReportWriter.ToString(Report());
        using var doc = JsonDocument.Parse(text);
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            doc.WriteTo(w);
        Assert.Equal(Encoding.UTF8.GetString(ms.ToArray()), text);
        Assert.True(doc.RootElement.GetProperty("results").GetArrayLength() > 0);
    }

    [Fact]
    public void Write_leaves_the_stream_open()
    {
        using var ms = new MemoryStream();
        JsonReportWriter.Write(ms, Report());
        Assert.True(ms.CanWrite);
        Assert.True(ms.Length > 0);
    }

    [Fact]
    public void An_empty_scan_is_still_a_complete_document()
    {
        var report = new ScanReport(new ScanInfo("0.1.0", Start, End, ["CONNECT"], [], "22"), [],
            ScanReport.Summarize([], Start, End));
        var root = Parse(report);
        Assert.Equal(0, root.GetProperty("results").GetArrayLength());
        Assert.Equal(0, root.GetProperty("scan_info").GetProperty("targets").GetArrayLength());
        Assert.Equal(0, root.GetProperty("statistics").GetProperty("total_hosts").GetInt64());
    }

    [Fact]
    public void A_port_sV_could_not_name_has_its_table_name_method_and_fingerprint()
    {
        var fp = "SF-Port8081-TCP:V=7.93%I=7%D=12/7%Time=6B169FC0%P=x86_64-pc-linux-gnu%r(NULL,2,\"hi\"\nSF:);";
        var host = new HostResult(Gateway, null, HostState.Up, "syn-ack",
            [Port(8081, PortState.Open, "syn-ack", service: new ServiceInfo("blackice-icecap", Confidence: ServiceInfo.Table, Fingerprint: fp))]);
        var service = Parse(Report(null, host)).GetProperty("results")[0].GetProperty("ports")[0].GetProperty("service");
        Assert.Equal(["name", "method", "conf", "servicefp"], Names(service));
        Assert.Equal("blackice-icecap", service.GetProperty("name").GetString());
        Assert.Equal("table", service.GetProperty("method").GetString());
        Assert.Equal(3, service.GetProperty("conf").GetInt32());
        Assert.Equal(fp.Replace("\nSF:", ""), service.GetProperty("servicefp").GetString());
    }

    [Fact]
    public void Every_cpe_and_the_device_type_are_written()
    {
        var host = new HostResult(Gateway, null, HostState.Up, "syn-ack",
            [Port(22, PortState.Open, "syn-ack", service: new ServiceInfo("ssh", Cpe: "cpe:/a:openbsd:openssh:9.2p1 cpe:/o:linux:linux_kernel", DeviceType: "router"))]);
        var service = Parse(Report(null, host)).GetProperty("results")[0].GetProperty("ports")[0].GetProperty("service");
        Assert.Equal("cpe:/a:openbsd:openssh:9.2p1", service.GetProperty("cpe").GetString());
        Assert.Equal(["cpe:/a:openbsd:openssh:9.2p1", "cpe:/o:linux:linux_kernel"], service.GetProperty("cpes").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("router", service.GetProperty("device_type").GetString());
    }
}
