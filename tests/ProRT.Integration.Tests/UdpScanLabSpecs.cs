using ProRT.Host.CommandLine;

namespace ProRT.Integration.Tests;

[Trait("Category", "Lab")]
[Collection("Lab")]
public sealed class UdpScanLabSpecs
{
    private static async Task<SortedDictionary<int, string>> Prtip(params string[] args)
    {
        var json = Path.Combine(Path.GetTempPath(), $"prtip-lab-{Guid.NewGuid():N}.json");
        var stderr = new StringWriter();
        int code = await PrtipCommand.RunAsync([.. args, "-oJ", json], new StringWriter(), stderr);
        Assert.True(code == 0, stderr.ToString());
        return PortStates.FromPrtipJson(await File.ReadAllTextAsync(json), "udp");
    }

    [Fact]
    public async Task Real_udp_daemons_and_closed_ports_get_nmaps_states()
    {
        Lab.Require();
        // dnsmasq on 53 and snmpd on 161 answer the payloads; the rest answer ICMP port unreachable.
        const string ports = "50-60,111,123,137,161";
        var nmap = PortStates.FromNmapXml(await Lab.RunToolAsync("nmap", "-sU", "-p", ports, "-Pn", "-n", "-oX", "-", Lab.Target), "udp");
        var prtip = await Prtip("-sU", "-p", ports, "-Pn", "-n", Lab.Target);

        Assert.Equal("open", prtip[53]);
        Assert.Equal("open", prtip[161]);
        Assert.Equal("closed", prtip[137]);
        Assert.Equal(nmap, prtip);
    }

    [Fact]
    public async Task A_target_that_rate_limits_icmp_errors_still_has_its_closed_ports_found_closed()
    {
        Lab.Require();
        // 198.18.1.4 keeps Linux's default of about one ICMP error per second: most first probes go unanswered.
        var prtip = await Prtip("-sU", "-p", "1-12", "-Pn", "-n", "198.18.1.4");
        Assert.Equal(12, prtip.Count);
        Assert.All(prtip.Values, state => Assert.Equal("closed", state));
    }

    [Fact]
    public async Task Syn_and_udp_scans_run_together_with_port_prefixes()
    {
        Lab.Require();
        const string ports = "T:20-25,53,80-82,U:53,123,161,162";
        var xml = await Lab.RunToolAsync("nmap", "-sS", "-sU", "-p", ports, "-Pn", "-n", "-oX", "-", Lab.Target);
        var json = Path.Combine(Path.GetTempPath(), $"prtip-lab-{Guid.NewGuid():N}.json");
        var stderr = new StringWriter();
        int code = await PrtipCommand.RunAsync(["-sS", "-sU", "-p", ports, "-Pn", "-n", "-oJ", json, Lab.Target], new StringWriter(), stderr);
        Assert.True(code == 0, stderr.ToString());
        var report = await File.ReadAllTextAsync(json);

        Assert.Equal(PortStates.FromNmapXml(xml, "tcp"), PortStates.FromPrtipJson(report, "tcp"));
        Assert.Equal(PortStates.FromNmapXml(xml, "udp"), PortStates.FromPrtipJson(report, "udp"));
        Assert.Equal(4, PortStates.FromPrtipJson(report, "udp").Count);
        Assert.Contains("\"UDP\"", report);
    }
}
