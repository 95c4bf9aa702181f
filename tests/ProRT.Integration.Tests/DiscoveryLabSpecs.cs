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
}
