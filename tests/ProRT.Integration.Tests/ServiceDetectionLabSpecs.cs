using System.Diagnostics;
using System.Xml.Linq;
using ProRT.Host.CommandLine;
using Xunit.Abstractions;

namespace ProRT.Integration.Tests;

/// <summary>-sV against the lab's real daemons, compared with nmap -sV on the same ports.</summary>
[Trait("Category", "Lab")]
[Collection("Lab")]
public sealed class ServiceDetectionLabSpecs(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("prtip-sv-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string Ports = "T:21,22,53,80,443,6379,8080,U:53,161";

    /// <summary>tests/lab/hostile.py's services on the target's second address.</summary>
    private const string Hostile = "198.18.0.3";

    private static Dictionary<string, string> Services(string xmlFile) =>
        XDocument.Load(xmlFile).Descendants("port").ToDictionary(
            p => $"{p.Attribute("portid")!.Value}/{p.Attribute("protocol")!.Value}",
            p => p.Element("service") is { } s
                ? $"{(string?)s.Attribute("tunnel")}/{(string?)s.Attribute("name")} | {(string?)s.Attribute("product")} | {(string?)s.Attribute("version")} | {(string?)s.Attribute("extrainfo")}"
                : "");

    private async Task<(Dictionary<string, string> Services, TimeSpan Time)> PrtipAsync(params string[] extra)
    {
        var xml = Path.Combine(_dir, $"prtip-{Guid.NewGuid():N}.xml");
        var stderr = new StringWriter();
        var clock = Stopwatch.StartNew();
        int code = await PrtipCommand.RunAsync(["-sS", "-sU", "-sV", "-p", Ports, "-Pn", "-n", "--no-journal", "-oX", xml, .. extra, Lab.Target],
            new StringWriter(), stderr);
        var time = clock.Elapsed;
        Assert.True(code == 0, stderr.ToString());
        return (Services(xml), time);
    }

    [Fact]
    public async Task Service_names_products_and_versions_equal_nmaps_in_less_time()
    {
        Lab.Require();
        // ssh, vsftpd, dnsmasq over TCP and UDP, nginx in clear and behind TLS, redis, snmpd.
        var nmapXml = Path.Combine(_dir, "nmap.xml");
        var clock = Stopwatch.StartNew();
        await Lab.RunToolAsync("nmap", "-sS", "-sU", "-sV", "-p", Ports, "-Pn", "-n", "-oX", nmapXml, Lab.Target);
        var nmapTime = clock.Elapsed;
        var expected = Services(nmapXml);

        // Twice: probes run side by side, and the answer must not depend on which one comes back first.
        for (int run = 0; run < 2; run++)
        {
            var (actual, prtipTime) = await PrtipAsync();
            output.WriteLine($"nmap {nmapTime.TotalSeconds:F2} s, prtip {prtipTime.TotalSeconds:F2} s");
            foreach (var (port, svc) in expected) output.WriteLine($"{port}: nmap [{svc}] prtip [{actual.GetValueOrDefault(port)}]");
            Assert.Equal(expected.OrderBy(e => e.Key), actual.OrderBy(a => a.Key));
            Assert.True(prtipTime <= nmapTime, $"prtip took {prtipTime.TotalSeconds:F2} s, nmap {nmapTime.TotalSeconds:F2} s");
        }
    }

    [Fact]
    public async Task The_built_in_probes_name_the_lab_services_and_their_tunnel()
    {
        Lab.Require();
        var (found, _) = await PrtipAsync("--versiondb", "built-in");
        foreach (var (port, svc) in found) output.WriteLine($"{port}: [{svc}]");
        Assert.StartsWith("/ssh | OpenSSH | 9.2p1 Debian", found["22/tcp"]);
        Assert.Equal("/domain | dnsmasq | 2.90 | ", found["53/tcp"]);
        Assert.Equal("/domain | dnsmasq | 2.90 | ", found["53/udp"]);
        Assert.Equal("/http | nginx | 1.22.1 | ", found["80/tcp"]);
        Assert.Equal("ssl/http | nginx | 1.22.1 | ", found["443/tcp"]);
        Assert.StartsWith("/redis | Redis key-value store", found["6379/tcp"]);
        Assert.StartsWith("/ftp | vsftpd", found["21/tcp"]);
        Assert.Equal("/snmp | SNMPv1 server; net-snmp SNMPv3 server |  | public", found["161/udp"]);
    }

    [Fact]
    public async Task Hostile_services_beside_real_daemons_cost_bounded_time_and_leave_the_real_answers_alone()
    {
        Lab.Require();
        var nmapXml = Path.Combine(_dir, "nmap.xml");
        // 199 is snmpd's smux, which serves one connection at a time (161 stays out: snmpd answers SNMP slowly while
        // a smux peer is connected).
        await Lab.RunToolAsync("nmap", "-sS", "-sV", "-p", "21,22,80,199,443", "-Pn", "-n", "-oX", nmapXml, Lab.Target);
        var expected = Services(nmapXml);

        // Backtracking bait, an endless stream, one byte a second, reset on accept, binary noise, a doubling echo.
        var xml = Path.Combine(_dir, "prtip.xml");
        var stderr = new StringWriter();
        var clock = Stopwatch.StartNew();
        int code = await PrtipCommand.RunAsync(["-sS", "-sV", "-p", "21,22,80,199,443,7101-7106", "-Pn", "-n", "--no-journal", "-oX", xml,
            Lab.Target, Hostile], new StringWriter(), stderr);
        var time = clock.Elapsed;
        Assert.True(code == 0, stderr.ToString());
        var hosts = XDocument.Load(xml).Descendants("host").ToDictionary(
            h => h.Element("address")!.Attribute("addr")!.Value,
            h => h.Descendants("port").ToDictionary(
                p => $"{p.Attribute("portid")!.Value}/{p.Attribute("protocol")!.Value}",
                p => p.Element("service") is { } s
                    ? $"{(string?)s.Attribute("tunnel")}/{(string?)s.Attribute("name")} | {(string?)s.Attribute("product")} | {(string?)s.Attribute("version")} | {(string?)s.Attribute("extrainfo")}"
                    : ""));
        output.WriteLine($"prtip {time.TotalSeconds:F1} s");
        // The hostile address is one more address of the target's namespace: its other ports are the target's.
        var hostile = hosts[Hostile].Where(p => p.Key.StartsWith("710", StringComparison.Ordinal)).ToDictionary();
        foreach (var (port, svc) in hostile) output.WriteLine($"{Hostile} {port}: [{svc}]");

        Assert.Equal(expected.OrderBy(e => e.Key), hosts[Lab.Target].Where(p => expected.ContainsKey(p.Key)).OrderBy(p => p.Key));
        Assert.Equal(6, hostile.Count);
        Assert.Equal("/tcpwrapped |  |  | ", hostile["7104/tcp"]);
        Assert.Equal("/echo |  |  | ", hostile["7106/tcp"]);
        // The slowest hostile port is bounded by the probes' own waits, not by what it sends.
        Assert.True(time < TimeSpan.FromSeconds(90), $"took {time.TotalSeconds:F1} s");
    }

    [Fact]
    public async Task Host_timeout_covers_service_detection()
    {
        Lab.Require();
        var xml = Path.Combine(_dir, "prtip.xml");
        var stderr = new StringWriter();
        var clock = Stopwatch.StartNew();
        int code = await PrtipCommand.RunAsync(["-sS", "-sV", "-p", "7101-7106", "-Pn", "-n", "--no-journal", "--host-timeout", "3s",
            "-oX", xml, Hostile], new StringWriter(), stderr);
        var time = clock.Elapsed;
        Assert.True(code == 0, stderr.ToString());
        Assert.True(time < TimeSpan.FromSeconds(8), $"the 3 s host timeout took {time.TotalSeconds:F1} s");
        Assert.Empty(XDocument.Load(xml).Descendants("port"));
    }
}
