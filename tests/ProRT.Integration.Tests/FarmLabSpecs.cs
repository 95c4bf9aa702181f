using ProRT.Host.CommandLine;

namespace ProRT.Integration.Tests;

/// <summary>Many hosts at once: the lab's farm of 70 addresses, 40 of them live (tests/lab/lab.sh).</summary>
[Trait("Category", "Lab")]
[Collection("Lab")]
public sealed class FarmLabSpecs
{
    private const string Farm = "198.18.2.1-70";

    // Replies to a host's last burst once came too late here (PacketIo sent it long after the host asked, and the
    // timeouts ran from the asking): probes now time out from when they leave.
    [Fact]
    public async Task Forty_live_hosts_among_seventy_get_exactly_nmaps_hosts_and_port_states()
    {
        Lab.Require();
        var xml = await Lab.RunToolAsync("nmap", "-sS", "-p", "1-1000", "-n", "-T4", "-oX", "-", Farm);
        var json = Path.Combine(Path.GetTempPath(), $"prtip-farm-{Guid.NewGuid():N}.json");
        var stderr = new StringWriter();
        int code = await PrtipCommand.RunAsync(["-sS", "-p", "1-1000", "-n", "-oJ", json, Farm], new StringWriter(), stderr);
        Assert.True(code == 0, stderr.ToString());
        var report = await File.ReadAllTextAsync(json);
        File.Delete(json);

        var up = PortStates.UpInNmapXml(xml);
        Assert.Equal(40, up.Count);
        Assert.Equal(up, PortStates.UpInPrtipJson(report));
        foreach (var host in up)
        {
            var nmap = PortStates.FromNmapXml(xml, address: host);
            var prtip = PortStates.FromPrtipJson(report, address: host);
            Assert.Contains("open", nmap.Values);
            Assert.Contains("filtered", nmap.Values);
            Assert.Equal(PortStates.Describe(nmap), PortStates.Describe(prtip));
        }
    }
}
