using System.Text;
using CsCheck;
using ProRT.Protocols.Ports;
using ProRT.Protocols.Services;
using ProRT.Tests.Fuzzing;

namespace ProRT.Protocols.Tests.Services;

/// <summary>
/// A probe file is outside input (--versiondb): damaged text fails with <see cref="ServiceProbeFormatException"/> and
/// nothing else, and a file written in the format reads back as written.
/// </summary>
public class ServiceProbeDatabaseFuzzSpecs
{
    // nmap's file when installed (the setup installs it), the built-in set otherwise.
    private static readonly string[] Lines = Mutations.NmapFile("nmap-service-probes") ?? ServiceProbeDatabase.BuiltInProbes.Split('\n');

    // Windows start at a Probe line most of the time, so the match lines after it are read, not refused outright.
    private static readonly int[] Starts = Enumerable.Range(0, Lines.Length).Where(i => Lines[i].StartsWith("Probe ", StringComparison.Ordinal))
        .Concat(Enumerable.Range(0, Lines.Length).Where(i => i % 97 == 0)).ToArray();

    private const string Delimiters = "|\\ /qmpvihod:=,-{}()[]^$*+?.x0123456789#\t\rTCPUDP";

    private static ServiceProbeDatabase Parse(string text) => ServiceProbeDatabase.Parse(new StringReader(text), "fuzz");

    [Fact]
    public void Damaged_probe_files_fail_only_with_ServiceProbeFormatException() =>
        Property.Holds(Mutations.Lines(Lines, Starts, Delimiters, maxLines: 25), text => Property.ThrowsOnly<ServiceProbeFormatException>(() =>
        {
            var db = Parse(text);
            foreach (var probe in db.Probes.Take(3))
                db.Match(probe, "HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\n\r\nSSH-2.0-OpenSSH_9.2\r\n"u8, out _);
        }), iterations: 600);

    private static readonly string[] Fragments =
    [
        "Probe ", "TCP ", "UDP ", "NULL ", "q|", "|", "\\", "\\x", "\\0", "match ", "softmatch ", "http ", "m|", "m=", "=", "|i", "|s",
        " p/", "/", " v/$1/", " cpe:/a:x:y:$2/a", "ports ", "sslports ", "rarity ", "fallback ", "Exclude ", "T:", "U:", "S:",
        "totalwaitms ", "tcpwrappedms ", "0", "1", "9", "65535", "65536", "-", ",", " ", "\t", "#", "(", ")", "[", "]", "*", "+", "{2}",
        "\\1", "(?P<n>", "\\Q", "\\E", "no-payload",
    ];

    [Fact]
    public void Text_made_of_the_format_s_words_fails_only_with_ServiceProbeFormatException() =>
        Property.Holds(Gen.OneOf(Fragments).Array[0, 12].Select(words => string.Concat(words)).Array[0, 6],
            lines => Property.ThrowsOnly<ServiceProbeFormatException>(() => Parse(string.Join('\n', lines))), iterations: 3000);

    /// <summary>A probe as the generator writes it; <see cref="Write"/> turns it into the file's syntax.</summary>
    private sealed record GeneratedProbe(string Name, Protocol Protocol, byte[] Payload, int? Rarity, ushort[] Ports, int? WaitMs,
        string[] Fallback, GeneratedMatch[] Matches);

    private sealed record GeneratedMatch(string Service, bool Soft, byte[] Literal, bool IgnoreCase, string? Product, string? Version, string? Cpe);

    private static readonly Gen<string> Word = Gen.Char["abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"].Array[1, 8]
        .Select(c => new string(c));

    private static readonly Gen<string?> Template =
        Optional.Reference(Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789 .-_$"].Array[1, 12].Select(c => new string(c)));

    private static readonly Gen<GeneratedMatch> Matches = Gen.Select(Word, Gen.Bool, Gen.Byte.Array[1, 12], Gen.Bool, Template, Template,
        Template, (service, soft, literal, ignoreCase, p, v, cpe) => new GeneratedMatch(service, soft, literal, ignoreCase, p, v, cpe));

    private static readonly Gen<GeneratedProbe[]> Probes = Gen.Select(Word, Gen.Bool, Gen.Byte.Array[0, 24], Gen.Int[0, 9],
            Gen.UShort.Array[0, 6], Gen.Int[0, 20000], Word.Array[0, 2], Matches.Array[0, 4])
        .Select(t => new GeneratedProbe(t.Item1, t.Item2 ? Protocol.Tcp : Protocol.Udp, t.Item3, t.Item4 == 0 ? null : t.Item4,
            t.Item5.Distinct().Order().ToArray(), t.Item6 == 0 ? null : t.Item6, t.Item7, t.Item8))
        .Array[0, 5]
        // Names unique per protocol, as in nmap's file: a later duplicate would be unreachable by name.
        .Select(ps => ps.Select((p, i) => p with { Name = $"{p.Name}{i}" }).ToArray());

    // Bytes in the probe string and pattern escapes: letters and digits as they are, the rest in every escape form nmap knows.
    private static string Escape(byte[] bytes, bool pattern)
    {
        var sb = new StringBuilder();
        foreach (byte b in bytes)
        {
            if (char.IsAsciiLetterOrDigit((char)b)) sb.Append((char)b);
            else if (!pattern && b == 0) sb.Append("\\0");
            else if (b == '\r') sb.Append("\\r");
            else if (b == '\n') sb.Append("\\n");
            else if (b == ' ' || b == '_') sb.Append((char)b);
            else sb.Append($"\\x{b:x2}");
        }
        return sb.ToString();
    }

    private static string Write(GeneratedProbe[] probes)
    {
        var sb = new StringBuilder("# generated\n\n");
        foreach (var p in probes)
        {
            sb.Append($"Probe {(p.Protocol == Protocol.Tcp ? "TCP" : "UDP")} {p.Name} q|{Escape(p.Payload, pattern: false)}|\n");
            if (p.Rarity is { } r) sb.Append($"rarity {r}\n");
            if (p.Ports.Length > 0) sb.Append($"ports {PortList.Describe(p.Ports)}\n");
            if (p.WaitMs is { } w) sb.Append($"totalwaitms {w}\n");
            if (p.Fallback.Length > 0) sb.Append($"fallback {string.Join(',', p.Fallback)}\n");
            foreach (var m in p.Matches)
            {
                sb.Append($"{(m.Soft ? "softmatch" : "match")} {m.Service} m|^{Escape(m.Literal, pattern: true)}|{(m.IgnoreCase ? "i" : "")}");
                if (m.Product is not null) sb.Append($" p/{m.Product}/");
                if (m.Version is not null) sb.Append($" v/{m.Version}/");
                if (m.Cpe is not null) sb.Append($" cpe:/a:{m.Cpe}/a");
                sb.Append('\n');
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }

    [Fact]
    public void A_generated_probe_file_reads_back_as_generated() =>
        Property.Holds(Probes, probes =>
        {
            var db = Parse(Write(probes));
            Assert.Equal(probes.Length, db.Probes.Count);
            Assert.Equal(probes.Sum(p => p.Matches.Length), db.MatchLines);
            Assert.Equal(db.MatchLines, db.Compiled);
            for (int i = 0; i < probes.Length; i++)
            {
                var (want, got) = (probes[i], db.Probes[i]);
                Assert.Equal((want.Name, want.Protocol, want.Rarity ?? ServiceProbe.DefaultRarity),
                    (got.Name, got.Protocol, got.Rarity));
                Assert.Equal(want.Payload, got.Payload);
                Assert.Equal(want.Ports, got.Ports.Order());
                Assert.Equal(want.WaitMs is { } w ? TimeSpan.FromMilliseconds(w) : ServiceProbe.DefaultTotalWait, got.TotalWait);
                Assert.Equal(want.Fallback, got.Fallback);
                Assert.Equal(want.Matches.Length, got.Matches.Count);
                for (int j = 0; j < want.Matches.Length; j++)
                {
                    var (m, g) = (want.Matches[j], got.Matches[j]);
                    Assert.Equal((m.Service, m.Soft, m.IgnoreCase, m.Product, m.Version),
                        (g.Service, g.Soft, g.IgnoreCase, g.ProductTemplate, g.VersionTemplate));
                    Assert.Equal(m.Cpe is null ? [] : [$"cpe:/a:{m.Cpe}"], g.CpeTemplates);
                    // The pattern is the literal: it matches the bytes it spells, at the start of an answer.
                    Assert.True(g.Regex.IsMatch(ServiceMatch.AsText(m.Literal)), $"{g.Pattern} does not match its own bytes");
                }
            }
        }, iterations: 400);

    // Found by afl (tests/fuzz, target service-probes, 69 crashes in 3 minutes, all this one): a back reference too long
    // for an int escaped Parse as an OverflowException instead of skipping the line.
    [Fact]
    public void A_pattern_whose_back_reference_overflows_an_int_is_skipped_with_a_warning()
    {
        var db = Parse("Probe TCP NULL q||\nmatch 4dver m|^\\0\\0\\0H\\9999999999999999999999999999990\\0|s p/4/ cpe:/a4d/\n");
        Assert.Equal((1, 0), (db.MatchLines, db.Compiled));
        Assert.StartsWith("line 2: match 4dver skipped", Assert.Single(db.Warnings));
    }
}
