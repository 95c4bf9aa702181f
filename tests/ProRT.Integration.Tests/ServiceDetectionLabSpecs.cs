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

    private static Dictionary<string, string> Services(string xmlFile) =>
        XDocument.Load(xmlFile).Descendants("port").ToDictionary(
            p => $"{p.Attribute("portid")!.Value}/{p.Attribute("protocol")!.Value}",
            p => p.Element("service") is { } s
                ? $"{(string?)s.Attribute("name")} | {(string?)s.Attribute("product")} | {(string?)s.Attribute("version")}"
                : "");

    [Fact]
    public async Task Service_names_products_and_versions_equal_nmaps()
    {
        Lab.Require();
        const string ports = "22,53,80,8080";
        var nmapXml = Path.Combine(_dir, "nmap.xml");
        var clock = Stopwatch.StartNew();
        await Lab.RunToolAsync("nmap", "-sV", "-p", ports, "-Pn", "-n", "-oX", nmapXml, Lab.Target);
        var nmapTime = clock.Elapsed;

        var prtipXml = Path.Combine(_dir, "prtip.xml");
        var stderr = new StringWriter();
        clock.Restart();
        int code = await PrtipCommand.RunAsync(["-sS", "-sV", "-p", ports, "-Pn", "-n", "--no-journal", "-oX", prtipXml, Lab.Target], new StringWriter(), stderr);
        var prtipTime = clock.Elapsed;
        Assert.True(code == 0, stderr.ToString());

        var expected = Services(nmapXml);
        var actual = Services(prtipXml);
        output.WriteLine($"nmap {nmapTime.TotalSeconds:F2} s, prtip {prtipTime.TotalSeconds:F2} s");
        foreach (var (port, svc) in expected) output.WriteLine($"{port}: nmap [{svc}] prtip [{actual.GetValueOrDefault(port)}]");
        Assert.Equal(expected.OrderBy(e => e.Key), actual.OrderBy(a => a.Key));
        // Wall time is reported, not yet asserted: issue 8 asks for no more than nmap's, which is not reached yet.
    }
}
