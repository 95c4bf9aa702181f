using ProRT.Host.CommandLine;

namespace ProRT.Integration.Tests;

[Trait("Category", "Lab")]
[Collection("Lab")]
public sealed class ConnectScanLabSpecs
{
    [Fact]
    public async Task Full_port_connect_scan_gives_exactly_nmaps_port_states()
    {
        Lab.Require();
        var nmap = PortStates.FromNmapXml(await Lab.RunToolAsync("nmap", "-sT", "-p-", "-Pn", "-n", "-T4", "-oX", "-", Lab.Target));

        var json = Path.Combine(Path.GetTempPath(), $"prtip-lab-{Guid.NewGuid():N}.json");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = await PrtipCommand.RunAsync(["-sT", "-p-", "-Pn", "-n", "-oJ", json, Lab.Target], stdout, stderr);
        Assert.True(code == 0, stderr.ToString());
        var prtip = PortStates.FromPrtipJson(await File.ReadAllTextAsync(json));

        Assert.Equal(65535, nmap.Count);
        Assert.Equal(65535, prtip.Count);
        // The lab has open, closed and filtered ports; both must see all three kinds.
        Assert.Contains("open", nmap.Values);
        Assert.Contains("filtered", nmap.Values);
        Assert.Equal(PortStates.Describe(nmap), PortStates.Describe(prtip));
        Assert.Equal(nmap, prtip);
    }
}
