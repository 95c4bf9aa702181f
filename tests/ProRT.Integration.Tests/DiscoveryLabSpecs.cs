using System.Text.Json;
using System.Xml.Linq;
using ProRT.Host.CommandLine;

namespace ProRT.Integration.Tests;

[Trait("Category", "Lab")]
[Collection("Lab")]
public sealed class DiscoveryLabSpecs
{
    private static IEnumerable<string> NmapUpHosts(string xml) =>
        XDocument.Parse(xml).Descendants("host")
            .Where(h => (string?)h.Element("status")?.Attribute("state") == "up")
            .Select(h => (string)h.Elements("address").First(a => (string?)a.Attribute("addrtype") == "ipv4").Attribute("addr")!)
            .Order();

    private static async Task<JsonDocument> Prtip(params string[] args)
    {
        var json = Path.Combine(Path.GetTempPath(), $"prtip-lab-{Guid.NewGuid():N}.json");
        var stderr = new StringWriter();
        int code = await PrtipCommand.RunAsync([.. args, "-oJ", json], new StringWriter(), stderr);
        Assert.True(code == 0, stderr.ToString());
        return JsonDocument.Parse(await File.ReadAllTextAsync(json));
    }

    private static IEnumerable<string> UpHosts(JsonDocument doc) =>
        doc.RootElement.GetProperty("results").EnumerateArray()
            .Where(h => h.GetProperty("state").GetString() == "up")
            .Select(h => h.GetProperty("ip").GetString()!).Order();

    [Fact]
    public async Task Ping_scan_reports_exactly_the_hosts_nmap_finds_up()
    {
        Lab.Require();
        // A LAN where .1-.4 exist (one of them drops all ICMP) and the rest do not, plus the routed target's link.
        string[] ranges = ["198.18.1.0/24", "198.18.0.0/29"];
        var nmap = NmapUpHosts(await Lab.RunToolAsync("nmap", ["-sn", "-n", "-oX", "-", .. ranges])).ToList();
        using var doc = await Prtip(["-sn", "-n", .. ranges]);

        Assert.Equal(nmap, UpHosts(doc).ToList());
        Assert.Contains("198.18.1.3", nmap);
        Assert.Equal(264, doc.RootElement.GetProperty("statistics").GetProperty("total_hosts").GetInt32());
        var hosts = doc.RootElement.GetProperty("results").EnumerateArray().ToList();
        Assert.All(hosts, h => Assert.Empty(h.GetProperty("ports").EnumerateArray()));
    }

    [Fact]
    public async Task Only_hosts_found_up_are_port_scanned()
    {
        Lab.Require();
        using var doc = await Prtip("-n", "-p", "22,80", "198.18.1.0/28");
        var scanned = doc.RootElement.GetProperty("results").EnumerateArray()
            .Where(h => h.GetProperty("ports").GetArrayLength() > 0)
            .Select(h => h.GetProperty("ip").GetString()).Order().ToList();
        Assert.Equal(["198.18.1.1", "198.18.1.2", "198.18.1.3", "198.18.1.4"], scanned);
        var web = doc.RootElement.GetProperty("results").EnumerateArray().Single(h => h.GetProperty("ip").GetString() == "198.18.1.2");
        Assert.Contains(web.GetProperty("ports").EnumerateArray(),
            p => p.GetProperty("port").GetInt32() == 80 && p.GetProperty("state").GetString() == "open");
        Assert.Equal(16, doc.RootElement.GetProperty("statistics").GetProperty("total_hosts").GetInt32());
        Assert.Equal(4, doc.RootElement.GetProperty("statistics").GetProperty("hosts_up").GetInt32());
    }

    [Fact]
    public async Task A_no_ping_scan_of_a_mostly_empty_lan_finds_nmaps_hosts_and_ports_without_waiting_on_arp()
    {
        Lab.Require();
        // -Pn: no discovery, yet on a LAN every address must be resolved with ARP first; 252 of 256 never answer.
        var nmapXml = await Lab.RunToolAsync("nmap", "-Pn", "-sS", "-p", "22,80", "-n", "-oX", "-", "198.18.1.0/24");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var doc = await Prtip("-Pn", "-sS", "-p", "22,80", "-n", "--no-journal", "198.18.1.0/24");
        var time = clock.Elapsed;

        var expected = XDocument.Parse(nmapXml).Descendants("host")
            .Where(h => (string?)h.Element("status")?.Attribute("state") == "up")
            .SelectMany(h => h.Descendants("port").Select(p =>
                $"{h.Elements("address").First().Attribute("addr")!.Value}:{p.Attribute("portid")!.Value}={p.Element("state")!.Attribute("state")!.Value}"))
            .Order().ToList();
        var actual = doc.RootElement.GetProperty("results").EnumerateArray()
            .Where(h => h.GetProperty("state").GetString() == "up")
            .SelectMany(h => h.GetProperty("ports").EnumerateArray().Select(p =>
                $"{h.GetProperty("ip").GetString()}:{p.GetProperty("port").GetInt32()}={p.GetProperty("state").GetString()}"))
            .Order().ToList();
        Assert.Equal(NmapUpHosts(nmapXml), UpHosts(doc));
        Assert.Equal(expected, actual);
        // Sequential ARP waits (the old way) took minutes here; bench/lan-pn-vs-nmap.sh compares with nmap's time.
        Assert.True(time < TimeSpan.FromSeconds(20), $"took {time.TotalSeconds:F1} s");
    }
}
