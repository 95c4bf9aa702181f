using System.Text.Json;
using System.Xml.Linq;
using ProRT.Host.CommandLine;

namespace ProRT.Integration.Tests;

/// <summary>Outputs other tools read, against the lab: nmap's XML (DTD, ndiff), grepable, -oA, interrupted scans.</summary>
[Trait("Category", "Lab")]
[Collection("Lab")]
public sealed class OutputLabSpecs : IDisposable
{
    private const string Ports = "1-100,8080,8081";
    private readonly string _dir = Directory.CreateTempSubdirectory("prtip-out-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<string> PrtipAllAsync(string name, params string[] extra)
    {
        var path = Path.Combine(_dir, name);
        var stderr = new StringWriter();
        int code = await PrtipCommand.RunAsync(["-sS", "-p", Ports, "-n", "-Pn", "--no-journal", "-oA", path, .. extra, Lab.Target, "198.18.1.4"],
            new StringWriter(), stderr);
        Assert.True(code == 0, stderr.ToString());
        return path;
    }

    private static Task<string> XmllintAsync(string file) =>
        Lab.RunToolAsync("xmllint", "--noout", "--dtdvalid", "/usr/share/nmap/nmap.dtd", file);

    [Fact]
    public async Task The_xml_is_valid_against_nmaps_dtd_and_says_what_the_json_says()
    {
        Lab.Require();
        var path = await PrtipAllAsync("scan");
        await XmllintAsync(path + ".xml"); // fails the test on any DTD violation

        var xml = XDocument.Load(path + ".xml");
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(path + ".json"));
        var fromJson = json.RootElement.GetProperty("results").EnumerateArray().ToDictionary(
            h => h.GetProperty("ip").GetString()!,
            h => PortStates.FromPrtipJson($$"""{"results":[{{h.GetRawText()}}]}"""));
        var hosts = xml.Root!.Elements("host").ToList();
        Assert.Equal(fromJson.Keys.Order(), hosts.Select(h => (string)h.Element("address")!.Attribute("addr")!).Order());
        foreach (var host in hosts)
        {
            var ip = (string)host.Element("address")!.Attribute("addr")!;
            var states = PortStates.FromNmapXml(new XDocument(new XElement("nmaprun", host)).ToString());
            Assert.Equal(fromJson[ip], states);
        }
        var runstats = xml.Root.Element("runstats")!;
        Assert.Equal("success", (string)runstats.Element("finished")!.Attribute("exit")!);
        Assert.Equal(json.RootElement.GetProperty("statistics").GetProperty("hosts_up").GetInt64(), (long)runstats.Element("hosts")!.Attribute("up")!);
        Assert.Equal(64, (int)hosts.Single(h => (string)h.Element("address")!.Attribute("addr")! == Lab.Target)
            .Descendants("port").Single(p => (string)p.Attribute("portid")! == "22").Element("state")!.Attribute("reason_ttl")!);
    }

    [Fact]
    public async Task Ndiff_reads_two_prtip_scans_and_reports_the_port_opened_between_them()
    {
        Lab.Require();
        var before = await PrtipAllAsync("before");
        // 8081 has a listener behind a DROP rule: lift the rule and the port opens.
        await Lab.RunToolAsync("ip", "netns", "exec", "prtip-t1", "iptables", "-D", "INPUT", "-p", "tcp", "--dport", "8081", "-j", "DROP");
        string after;
        try
        {
            after = await PrtipAllAsync("after");
        }
        finally
        {
            await Lab.RunToolAsync("ip", "netns", "exec", "prtip-t1", "iptables", "-A", "INPUT", "-p", "tcp", "--dport", "8081", "-j", "DROP");
        }
        var diff = await NdiffAsync(before + ".xml", after + ".xml");
        Assert.Matches(@"(?m)^-8081/tcp\s+filtered", diff);
        Assert.Matches(@"(?m)^\+8081/tcp\s+open", diff);
        // No other port changed.
        Assert.All(diff.Split('\n').Where(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^[-+]\d+/tcp")), l => Assert.StartsWith("8081/tcp", l[1..]));
    }

    private static async Task<string> NdiffAsync(string a, string b)
    {
        // ndiff exits 1 when the scans differ.
        var psi = new System.Diagnostics.ProcessStartInfo("ndiff", [a, b]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = System.Diagnostics.Process.Start(psi)!;
        var output = await p.StandardOutput.ReadToEndAsync();
        var error = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.True(p.ExitCode is 0 or 1, $"ndiff failed: {error}");
        return output;
    }

    [Fact]
    public async Task The_grepable_output_has_nmaps_fields_and_layout_for_the_same_scan()
    {
        Lab.Require();
        var path = await PrtipAllAsync("scan");
        var nmap = Path.Combine(_dir, "nmap.gnmap");
        await Lab.RunToolAsync("nmap", "-sS", "-p", Ports, "-n", "-Pn", "-oG", nmap, Lab.Target, "198.18.1.4");
        static List<string> Lines(string file) => File.ReadAllLines(file).Where(l => !l.StartsWith('#')).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(Lines(nmap), Lines(path + ".gnmap"));
        Assert.StartsWith("# prtip ", File.ReadAllLines(path + ".gnmap")[0]);
        Assert.StartsWith("# prtip done at ", File.ReadAllLines(path + ".gnmap")[^1]);
    }

    [Fact]
    public async Task Ctrl_c_during_start_up_exits_130_and_leaves_no_broken_output()
    {
        Lab.Require();
        // From before the runtime's handler is in place to the first probes: every moment of start-up.
        foreach (var ms in new[] { 100, 400, 700, 1000, 1300, 1600, 2000 })
        {
            var journal = Path.Combine(_dir, $"start-{ms}.db");
            var path = Path.Combine(_dir, $"start-{ms}");
            using var scan = Lab.StartPrtip("-sS", "-p-", "-n", "-Pn", "--max-rate", "10000", "--journal", journal, "--scan-id", $"start-{ms}",
                "-oA", path, Lab.Target);
            var stderr = scan.StandardError.ReadToEndAsync();
            _ = scan.StandardOutput.ReadToEndAsync();
            await Task.Delay(ms);
            Lab.Signal(scan, "INT");
            await scan.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token);
            Assert.True(scan.ExitCode == 130, $"interrupted after {ms} ms: exit {scan.ExitCode}, {await stderr}");
            if (File.Exists(path + ".xml")) await XmllintAsync(path + ".xml");
            if (File.Exists(path + ".json")) JsonDocument.Parse(await File.ReadAllTextAsync(path + ".json")).Dispose();
        }
    }

    [Fact]
    public async Task An_interrupted_scan_leaves_well_formed_xml_and_json_and_the_resume_completes_them()
    {
        Lab.Require();
        var journal = Path.Combine(_dir, "journal.db");
        var path = Path.Combine(_dir, "paused");
        using var scan = await Lab.StartPrtipScanningAsync("-sS", "-p-", "-n", "-Pn", "--max-rate", "10000", "--journal", journal, "--scan-id", "out-pause",
            "-oA", path, Lab.Target);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(scan.HasExited);
        Lab.Signal(scan, "INT");
        await scan.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(15)).Token);
        Assert.Equal(130, scan.ExitCode);

        await XmllintAsync(path + ".xml");
        var finished = XDocument.Load(path + ".xml").Root!.Element("runstats")!.Element("finished")!;
        Assert.Equal("error", (string)finished.Attribute("exit")!);
        Assert.Contains("prtip resume out-pause", (string)finished.Attribute("errormsg")!);
        using (var partial = JsonDocument.Parse(await File.ReadAllTextAsync(path + ".json")))
            Assert.Equal(JsonValueKind.Null, partial.RootElement.GetProperty("scan_info").GetProperty("end_time").ValueKind);

        var (code, _, err) = await Lab.RunPrtipAsync("resume", "out-pause", "--journal", journal);
        Assert.True(code == 0, err);
        await XmllintAsync(path + ".xml");
        Assert.Equal("success", (string)XDocument.Load(path + ".xml").Root!.Element("runstats")!.Element("finished")!.Attribute("exit")!);
        Assert.Equal(65535, PortStates.FromNmapXml(await File.ReadAllTextAsync(path + ".xml")).Count);
        using var whole = JsonDocument.Parse(await File.ReadAllTextAsync(path + ".json"));
        Assert.Equal(JsonValueKind.String, whole.RootElement.GetProperty("scan_info").GetProperty("end_time").ValueKind);
    }
}
