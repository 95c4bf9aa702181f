using ProRT.Host.CommandLine;

namespace ProRT.Integration.Tests;

[Trait("Category", "Lab")]
[Collection("Lab")]
public sealed class StealthScanLabSpecs
{
    [Theory]
    [InlineData("-sF")]
    [InlineData("-sN")]
    [InlineData("-sX")]
    [InlineData("-sA")]
    [InlineData("-sW")]
    [InlineData("-sM")]
    public async Task Gives_exactly_nmaps_port_states(string technique)
    {
        Lab.Require();
        const string ports = "1-1500,8080,8081";
        var nmap = PortStates.FromNmapXml(await Lab.RunToolAsync("nmap", technique, "-p", ports, "-Pn", "-n", "-T4", "-oX", "-", Lab.Target));

        var json = Path.Combine(Path.GetTempPath(), $"prtip-lab-{Guid.NewGuid():N}.json");
        var stderr = new StringWriter();
        int code = await PrtipCommand.RunAsync([technique, "-p", ports, "-Pn", "-n", "-oJ", json, Lab.Target], new StringWriter(), stderr);
        Assert.True(code == 0, stderr.ToString());
        var prtip = PortStates.FromPrtipJson(await File.ReadAllTextAsync(json));

        Assert.Equal(1502, prtip.Count);
        Assert.Equal(PortStates.Describe(nmap), PortStates.Describe(prtip));
        Assert.Equal(nmap, prtip);
    }
}
