using ProRT.Protocols.Services;
using Xunit;

namespace ProRT.Protocols.Tests.Services;

public sealed class SnmpEngineIdSpecs
{
    // snmpd (net-snmp 5.9, Debian 12) answering the SNMPv3 discovery probe with a report.
    private static readonly byte[] NetSnmpReport = Convert.FromHexString(
        "306e020103300f02024a69020300ffe304010002010304223020041180001f888067e9843cd963076b00000000020101020201600400040004003034" +
        "041180001f888067e9843cd963076b000000000400a81d020237f00201000201003011300f060a2b060106030f0101040041010a");

    [Fact]
    public void A_net_snmp_report_names_enterprise_8072()
    {
        Assert.True(SnmpEngineId.TryReadEnterprise(NetSnmpReport, out uint enterprise));
        Assert.Equal(8072u, enterprise);
    }

    [Fact]
    public void Every_truncation_of_the_report_is_refused()
    {
        for (int n = 0; n < 40; n++) Assert.False(SnmpEngineId.TryReadEnterprise(NetSnmpReport.AsSpan(0, n), out _));
    }

    [Fact]
    public void Another_message_id_or_SNMP_version_is_refused()
    {
        var otherId = (byte[])NetSnmpReport.Clone();
        otherId[10] = 0x6a;
        Assert.False(SnmpEngineId.TryReadEnterprise(otherId, out _));
        var v1 = (byte[])NetSnmpReport.Clone();
        v1[4] = 0;
        Assert.False(SnmpEngineId.TryReadEnterprise(v1, out _));
    }

    [Fact]
    public void Hostile_bytes_never_throw()
    {
        var random = new Random(8072);
        var buffer = new byte[200];
        for (int i = 0; i < 20_000; i++)
        {
            random.NextBytes(buffer);
            var data = i % 2 == 0 ? buffer.AsSpan(0, random.Next(buffer.Length)) : NetSnmpReport.AsSpan();
            if (i % 2 == 1)
            {
                var copy = NetSnmpReport.ToArray();
                copy[random.Next(copy.Length)] = (byte)random.Next(256);
                data = copy;
            }
            SnmpEngineId.TryReadEnterprise(data, out _);
        }
    }
}
