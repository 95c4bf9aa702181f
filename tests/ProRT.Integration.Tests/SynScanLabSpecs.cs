using System.Net;
using System.Net.Sockets;
using ProRT.Host.CommandLine;

namespace ProRT.Integration.Tests;

[Trait("Category", "Lab")]
[Collection("Lab")]
public sealed class SynScanLabSpecs
{
    private static async Task<SortedDictionary<int, string>> Prtip(params string[] args)
    {
        var json = Path.Combine(Path.GetTempPath(), $"prtip-lab-{Guid.NewGuid():N}.json");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = await PrtipCommand.RunAsync([.. args, "-oJ", json], stdout, stderr);
        Assert.True(code == 0, stderr.ToString());
        return PortStates.FromPrtipJson(await File.ReadAllTextAsync(json));
    }

    [Fact]
    public async Task Full_port_syn_scan_gives_exactly_nmaps_port_states()
    {
        Lab.Require();
        var nmap = PortStates.FromNmapXml(await Lab.RunToolAsync("nmap", "-sS", "-p-", "-Pn", "-n", "-T4", "-oX", "-", Lab.Target));
        var prtip = await Prtip("-sS", "-p-", "-Pn", "-n", Lab.Target);

        Assert.Equal(65535, prtip.Count);
        Assert.Contains("open", nmap.Values);
        Assert.Contains("closed", nmap.Values);
        Assert.Contains("filtered", nmap.Values);
        Assert.Equal(PortStates.Describe(nmap), PortStates.Describe(prtip));
        Assert.Equal(nmap, prtip);
    }

    [Fact]
    public async Task Every_open_port_is_found_with_ten_percent_loss()
    {
        Lab.Require();
        var clean = await Prtip("-sS", "-p", "1-2000,8080,8081", "-Pn", "-n", Lab.Target);
        var open = clean.Where(p => p.Value == "open").Select(p => p.Key).ToList();
        Assert.NotEmpty(open);
        await Lab.LossAsync(10);
        try
        {
            // Three runs, so one lucky run cannot hide lost probes that were never retried.
            for (int run = 0; run < 3; run++)
            {
                var lossy = await Prtip("-sS", "-p", "1-2000,8080,8081", "-Pn", "-n", "--max-retries", "6", Lab.Target);
                Assert.Equal(open, lossy.Where(p => p.Value == "open").Select(p => p.Key).ToList());
            }
        }
        finally
        {
            await Lab.LossClearAsync();
        }
    }

    [Fact]
    public async Task On_loopback_syn_and_connect_scans_find_the_same_open_ports()
    {
        Lab.Require();
        var listeners = Enumerable.Range(0, 3).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).Order().ToList();
            var spec = $"{ports[0] - 50}-{ports[^1] + 50}";
            var syn = await Prtip("-sS", "-p", spec, "-Pn", "-n", "127.0.0.1");
            var connect = await Prtip("-sT", "-p", spec, "-Pn", "-n", "127.0.0.1");
            var synOpen = syn.Where(p => p.Value == "open").Select(p => p.Key).ToList();
            Assert.Equal(connect.Where(p => p.Value == "open").Select(p => p.Key).ToList(), synOpen);
            Assert.Subset(synOpen.ToHashSet(), ports.ToHashSet());
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }

    [Fact]
    public async Task A_stateless_sweep_finds_the_targets_open_ports_among_silent_addresses()
    {
        Lab.Require();
        // -Pn with --max-retries 0 runs as one permuted sweep; 198.19.0.0/22 is routed through the target and silent.
        var json = Path.Combine(Path.GetTempPath(), $"prtip-lab-{Guid.NewGuid():N}.json");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = await PrtipCommand.RunAsync(["-sS", "-Pn", "-n", "-p", "1-100,8080", "--max-retries", "0",
            "-oJ", json, "198.19.0.0/22", Lab.Target], stdout, stderr);
        Assert.True(code == 0, stderr.ToString());
        using var doc = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var host = Assert.Single(doc.RootElement.GetProperty("results").EnumerateArray());
        Assert.Equal(Lab.Target, host.GetProperty("ip").GetString());
        Assert.Equal(1025, doc.RootElement.GetProperty("statistics").GetProperty("total_hosts").GetInt32());
        var states = PortStates.FromPrtipJson(await File.ReadAllTextAsync(json));
        // The same ports as a normal (stateful) SYN scan of the target alone finds.
        var stateful = await Prtip("-sS", "-p", "1-100,8080", "-Pn", "-n", Lab.Target);
        Assert.Contains(22, states.Where(p => p.Value == "open").Select(p => p.Key));
        Assert.Equal(stateful.Where(p => p.Value == "open").Select(p => p.Key), states.Where(p => p.Value == "open").Select(p => p.Key));
        Assert.Equal("filtered", states[81]);
        Assert.Equal("closed", states[23]);
    }

    [Fact]
    public async Task Malformed_replies_are_dropped_counted_and_shown_while_the_scan_goes_on()
    {
        Lab.Require();
        // 200 ports at 40 a second: about 5 s of scanning, and the bad frames are sent once the first ports are done.
        using var scan = Lab.StartPrtip("-sS", "-p", "1-200", "-Pn", "-n", "--no-journal", "-g", "45678", "--max-rate", "40",
            "--stats-every", "200ms", Lab.Target);
        var stderr = scan.StandardError.ReadToEndAsync();
        var seen = new System.Text.StringBuilder();
        using (var started = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            while (await scan.StandardOutput.ReadLineAsync(started.Token) is { } line)
            {
                seen.AppendLine(line);
                var done = System.Text.RegularExpressions.Regex.Match(line, @"^Stats: .* ([0-9]+) ports done");
                if (done.Success && long.Parse(done.Groups[1].Value) > 0) break;
            }
        }
        var stdout = scan.StandardOutput.ReadToEndAsync();
        var mac = (await File.ReadAllTextAsync("/sys/class/net/veth-s1/address")).Trim();
        var script = Path.Combine(Path.GetDirectoryName(typeof(Lab).Assembly.Location)!, "..", "..", "..", "..", "lab", "malformed.py");
        await Lab.RunToolAsync("ip", "netns", "exec", "prtip-t1", "/usr/bin/python3", Path.GetFullPath(script),
            "veth-t1", mac, Lab.Target, "198.18.0.1", "45678", "30");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await scan.WaitForExitAsync(timeout.Token);

        Assert.True(scan.ExitCode == 0, await stderr);
        var output = seen + await stdout;
        Assert.Matches(@"open[\s\S]*malformed packets dropped|malformed packets dropped", output);
        Assert.Contains("80/tcp", output);
        Assert.Matches(@"80/tcp +open", output);
    }
}
