using CsCheck;
using ProRT.Protocols.Ports;
using ProRT.Tests.Fuzzing;

namespace ProRT.Protocols.Tests.Ports;

/// <summary>-p comes from the command line: anything fails with <see cref="PortSpecException"/>, and a printed list re-parses to itself.</summary>
public class PortSpecParserFuzzSpecs
{
    private static readonly string[] Fragments = ["0", "1", "22", "80", "65535", "65536", "999999", "0000001", "-", ",", "T:", "U:", "t:", "S:", ":", " ", "http", "ssh", "domain", "nosuch", "\u0661", "+1"];

    [Fact]
    public void Any_text_parses_or_fails_with_PortSpecException() =>
        Property.Holds(Gen.OneOf(Fragments).Array[0, 12].Select(string.Concat),
            text => Property.ThrowsOnly<PortSpecException>(() => PortSpecParser.Parse(text, ServiceTable.Builtin)), iterations: 5000);

    // Runs of neighbours, so that printing makes ranges.
    private static readonly Gen<ushort[]> Ports = Gen.Select(Gen.UShort, Gen.Int[0, 40]).Array[0, 6]
        .Select(runs => runs.SelectMany(r => Enumerable.Range(r.Item1, Math.Min(r.Item2, 65535 - r.Item1) + 1)).Select(p => (ushort)p).Distinct().Order().ToArray());

    [Fact]
    public void A_printed_port_list_parses_back_to_itself() =>
        Property.Holds(Gen.Select(Ports, Ports), t =>
        {
            var (tcp, udp) = t;
            var parts = new List<string>();
            if (tcp.Length > 0) parts.Add("T:" + PortList.Describe(tcp));
            if (udp.Length > 0) parts.Add("U:" + PortList.Describe(udp));
            if (parts.Count == 0) return;
            var parsed = PortSpecParser.Parse(string.Join(',', parts));
            Assert.Equal(tcp, parsed.Tcp);
            Assert.Equal(udp, parsed.Udp);
            if (tcp.Length == 0) return;
            // Without a prefix the ports are for both protocols.
            var both = PortSpecParser.Parse(PortList.Describe(tcp));
            Assert.Equal(tcp, both.Tcp);
            Assert.Equal(tcp, both.Udp);
        }, iterations: 2000);
}
