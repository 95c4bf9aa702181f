using System.Globalization;
using System.Text;
using CsCheck;
using ProRT.Protocols.Ports;
using ProRT.Tests.Fuzzing;

namespace ProRT.Protocols.Tests.Ports;

/// <summary>nmap-services is read at every scan: damaged text fails with a <see cref="FormatException"/>, never anything else.</summary>
public class ServiceTableFuzzSpecs
{
    private static readonly string[] Lines = Mutations.NmapFile("nmap-services") ?? ["# stand-in", "http\t80/tcp\t0.484143\t# World Wide Web HTTP", "domain\t53/udp\t0.213496"];

    private static readonly int[] Starts = Enumerable.Range(0, Lines.Length).Where(i => i % 13 == 0).ToArray();

    private static ServiceTable Parse(string text) => ServiceTable.Parse(new StringReader(text), "fuzz");

    [Fact]
    public void Damaged_service_tables_fail_only_with_FormatException() =>
        Property.Holds(Mutations.Lines(Lines, Starts, "/ \t#.-0123456789eE+tcpudsN"),
            text => Property.ThrowsOnly<FormatException>(() => Parse(text).TopPorts(5, Protocol.Tcp)), iterations: 3000);

    private sealed record Entry(string Name, ushort Port, int Proto, double? Frequency, string? Comment);

    private static readonly Gen<Entry> Entries = Gen.Select(
        Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789-_."].Array[1, 12].Select(c => new string(c)), Gen.UShort, Gen.Int[0, 2],
        Optional.Value(Gen.Double[0, 1]), Optional.Reference(Gen.Char["abc #/\t"].Array[0, 10].Select(c => new string(c))),
        (name, port, proto, frequency, comment) => new Entry(name, port, proto, frequency, comment));

    [Fact]
    public void A_generated_service_table_reads_back_as_generated() =>
        Property.Holds(Entries.Array[0, 12], entries =>
        {
            var text = new StringBuilder("# generated\n");
            foreach (var e in entries)
            {
                text.Append(CultureInfo.InvariantCulture, $"{e.Name}\t{e.Port}/{new[] { "tcp", "udp", "sctp" }[e.Proto]}");
                if (e.Frequency is { } f) text.Append(CultureInfo.InvariantCulture, $"\t{f:R}");
                if (e.Comment is { } c) text.Append("\t# ").Append(c);
                text.Append('\n');
            }
            var table = Parse(text.ToString());
            // The last line for a port and protocol names it; SCTP lines are read and not kept.
            var expected = new Dictionary<(ushort, Protocol), string>();
            foreach (var e in entries.Where(e => e.Proto < 2))
                expected[(e.Port, e.Proto == 0 ? Protocol.Tcp : Protocol.Udp)] = e.Name;
            Assert.Equal(expected.Count, table.Count);
            foreach (var ((port, protocol), name) in expected)
            {
                Assert.Equal(name, table.NameOf(port, protocol));
                Assert.Contains((port, protocol), table.PortsNamed(name.ToUpperInvariant()));
            }
        }, iterations: 1000);
}
