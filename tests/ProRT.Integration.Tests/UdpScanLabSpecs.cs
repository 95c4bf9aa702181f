using System.Buffers.Binary;
using System.Globalization;
using System.Text.RegularExpressions;
using ProRT.Host.CommandLine;

namespace ProRT.Integration.Tests;

[Trait("Category", "Lab")]
[Collection("Lab")]
public sealed partial class UdpScanLabSpecs
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

    [Fact]
    public async Task Every_payload_of_nmaps_file_is_sent_whole()
    {
        Lab.Require();
        const string file = "/usr/share/nmap/nmap-payloads";
        Assert.True(File.Exists(file), "nmap's nmap-payloads is not installed (tests/setup.sh installs nmap)");
        var entries = ReadPayloadFile(await File.ReadAllTextAsync(file));
        // The first port of each entry covers every payload of the file; each probe of a port sends all its payloads.
        var ports = entries.Select(e => e.Ports[0]).Distinct().Order().ToList();

        await using var capture = await TargetCapture.StartAsync($"udp and src host 198.18.0.1 and dst host {Lab.Target}");
        var stderr = new StringWriter();
        int code = await PrtipCommand.RunAsync(["-sU", "--max-retries", "0", "-Pn", "-n", "-p", string.Join(',', ports), Lab.Target],
            new StringWriter(), stderr);
        Assert.True(code == 0, stderr.ToString());
        var frames = await capture.StopAsync();

        var sent = frames.Select(f => f.Frame.AsSpan(14 + TargetCapture.IpHeaderLength(f.Frame)).ToArray())
            .GroupBy(udp => BinaryPrimitives.ReadUInt16BigEndian(udp.AsSpan(2)))
            .ToDictionary(g => g.Key, g => g.Select(udp => Convert.ToHexString(udp, 8, udp.Length - 8)).Order().ToList());
        foreach (var port in ports)
        {
            var expected = entries.Where(e => e.Ports.Contains(port)).Select(e => Convert.ToHexString(e.Payload)).Order().ToList();
            Assert.True(sent.TryGetValue(port, out var actual), $"nothing was sent to {port}/udp");
            Assert.Equal(expected, actual);
        }
        Assert.Contains(sent.Values.SelectMany(v => v), p => p.Length / 2 > 128);
    }

    /// <summary>nmap-payloads read independently of the scanner's parser: entries of ports and C-escaped strings.</summary>
    private static List<(List<ushort> Ports, byte[] Payload)> ReadPayloadFile(string text)
    {
        var entries = new List<(List<ushort>, byte[])>();
        var body = string.Join('\n', text.Split('\n').Select(WithoutComment));
        foreach (Match entry in Entry().Matches(body))
        {
            var ports = new List<ushort>();
            foreach (var part in entry.Groups[1].Value.Split(','))
            {
                var bounds = part.Split('-').Select(p => ushort.Parse(p, CultureInfo.InvariantCulture)).ToArray();
                for (int p = bounds[0]; p <= bounds[^1]; p++) ports.Add((ushort)p);
            }
            var bytes = new List<byte>();
            foreach (Capture s in entry.Groups[2].Captures)
                for (int i = 0; i < s.Value.Length; i++)
                {
                    char c = s.Value[i];
                    if (c != '\\') { bytes.Add((byte)c); continue; }
                    char e = s.Value[++i];
                    if (e == 'x') { bytes.Add(byte.Parse(s.Value.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture)); i += 2; }
                    else bytes.Add(e switch { '0' => 0, 'n' => 10, 'r' => 13, 't' => 9, 'a' => 7, 'b' => 8, 'f' => 12, 'v' => 11, _ => (byte)e });
                }
            entries.Add((ports, bytes.ToArray()));
        }
        return entries;
    }

    private static string WithoutComment(string line)
    {
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            if (quoted && line[i] == '\\') i++;
            else if (line[i] == '"') quoted = !quoted;
            else if (!quoted && line[i] == '#') return line[..i];
        }
        return line;
    }

    [GeneratedRegex("""udp\s+([0-9,-]+)(?:\s*"((?:[^"\\]|\\.)*)")+""")]
    private static partial Regex Entry();
}
