using ProRT.Protocols.Ports;
using ProRT.Protocols.Scanning;
using ProRT.Protocols.Targets;

namespace ProRT.Protocols.Tests.Scanning;

public sealed class HostgroupSpecs
{
    private static ScanConfig Config(int ports, int maxHostgroup = 64, bool pingOnly = false) => new()
    {
        Targets = new TargetSet([TargetSpecParser.Parse("198.18.2.0/24")]),
        Ports = new PortList(Enumerable.Range(1, ports).Select(p => (ushort)p).ToArray(), []),
        MaxHostgroup = maxHostgroup,
        PingOnly = pingOnly,
    };

    [Theory]
    [InlineData(1000, 64, 64)] // few ports: --max-hostgroup
    [InlineData(65535, 64, 10)] // a full range: ten hosts' port states at once
    [InlineData(20000, 64, 32)]
    [InlineData(65535, 4, 4)] // the user's cap still holds
    public void Hosts_at_once_shrink_as_port_lists_grow_and_never_pass_the_cap(int ports, int cap, int expected)
    {
        var config = Config(ports, cap);
        Assert.Equal(expected, config.Hostgroup);
        Assert.True((long)config.Hostgroup * ports <= Math.Max(ScanConfig.PortStatesInFlight, ports));
    }

    [Fact]
    public void A_ping_scan_keeps_the_cap()
    {
        Assert.Equal(64, Config(65535, pingOnly: true).Hostgroup);
    }
}
