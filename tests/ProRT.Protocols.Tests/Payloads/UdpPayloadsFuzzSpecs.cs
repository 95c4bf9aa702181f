using System.Text;
using CsCheck;
using ProRT.Protocols.Payloads;
using ProRT.Tests.Fuzzing;

namespace ProRT.Protocols.Tests.Payloads;

/// <summary>nmap-payloads is read at every UDP scan: damaged text fails with a <see cref="FormatException"/>, never anything else.</summary>
public class UdpPayloadsFuzzSpecs
{
    private static readonly string[] Lines = Mutations.NmapFile("nmap-payloads") ??
        ["# built-in stand-in", "udp 7 \"\\x0d\\x0a\\x0d\\x0a\"", "udp 53", "  \"\\x00\\x00\\x10\\x00\" \"\\x00\\x00\"", "  source 53", "udp 161,162 \"0\\x82\""];

    private static readonly int[] Starts = Enumerable.Range(0, Lines.Length).Where(i => Lines[i].StartsWith("udp ", StringComparison.Ordinal))
        .Concat(Enumerable.Range(0, Lines.Length).Where(i => i % 41 == 0)).ToArray();

    private static UdpPayloads Parse(string text) => UdpPayloads.Parse(new StringReader(text), "fuzz");

    [Fact]
    public void Damaged_payload_files_fail_only_with_FormatException() =>
        Property.Holds(Mutations.Lines(Lines, Starts, "\"\\x0123456789abcdef ,-#:TU\tudpsource"),
            text => Property.ThrowsOnly<FormatException>(() => Parse(text)), iterations: 3000);

    private sealed record Entry(ushort[] Ports, byte[][] Strings, ushort? Source, bool OneLine);

    private static readonly Gen<Entry> Entries = Gen.Select(Gen.UShort.Array[1, 5], Gen.Byte.Array[0, 16].Array[1, 3],
        Optional.Value(Gen.UShort), Gen.Bool, (ports, strings, source, oneLine) => new Entry(ports.Distinct().Order().ToArray(), strings, source, oneLine));

    private static string Quote(byte[] bytes)
    {
        var sb = new StringBuilder("\"");
        foreach (byte b in bytes)
        {
            sb.Append(b switch
            {
                (byte)'"' => "\\\"",
                (byte)'\\' => "\\\\",
                0 => "\\0",
                (byte)'\n' => "\\n",
                (byte)'\r' => "\\r",
                (byte)'\t' => "\\t",
                >= 0x20 and < 0x7F when b % 2 == 0 => ((char)b).ToString(),
                _ => $"\\x{b:x2}",
            });
        }
        return sb.Append('"').ToString();
    }

    [Fact]
    public void A_generated_payload_file_reads_back_as_generated() =>
        Property.Holds(Entries.Array[0, 6], entries =>
        {
            var text = new StringBuilder("# generated\n");
            foreach (var e in entries)
            {
                text.Append("udp ").Append(string.Join(',', e.Ports));
                foreach (var s in e.Strings) text.Append(e.OneLine ? " " : "\n  ").Append(Quote(s));
                if (e.Source is { } source) text.Append(" source ").Append(source);
                text.Append('\n');
            }
            var payloads = Parse(text.ToString());
            // The first entry naming a port gives its payload.
            var expected = new Dictionary<ushort, byte[]>();
            foreach (var e in entries)
                foreach (var port in e.Ports)
                    expected.TryAdd(port, e.Strings.SelectMany(s => s).ToArray());
            Assert.Equal(expected.Count, payloads.Count);
            foreach (var (port, bytes) in expected) Assert.Equal(bytes, payloads.For(port).ToArray());
        }, iterations: 1000);

    // Found reading the parser for the properties: a char beyond Latin-1 lost its high byte ('\u4e2d' became 0x2D), and
    // the file was read as UTF-8, so a Latin-1 byte of a custom file became U+FFFD and then 0xFD.
    [Theory]
    [InlineData("udp 7 \"\u4e2d\"")]
    [InlineData("udp 7 \"\\\u4e2d\"")]
    public void A_char_that_is_not_a_byte_is_a_FormatException(string text) =>
        Assert.Contains("is not a byte", Assert.Throws<FormatException>(() => Parse(text)).Message);

    [Fact]
    public void A_file_s_bytes_are_the_payload_s_bytes()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, [.. "udp 7 \""u8, 0xE9, 0x80, .. "\"\n"u8]);
            Assert.Equal([0xE9, 0x80], UdpPayloads.LoadDefault(path).For(7).ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }
}
