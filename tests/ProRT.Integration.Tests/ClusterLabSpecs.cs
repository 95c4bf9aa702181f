using System.Diagnostics;
using Npgsql;
using ProRT.Actors.Persistence;
using Xunit.Abstractions;

namespace ProRT.Integration.Tests;

/// <summary>
/// Three `prtip node` processes in the scanner namespace share scans of lab hosts through a PostgreSQL journal of
/// their own: the results equal a single-process scan, also when one node is SIGKILLed at a random point.
/// </summary>
[Trait("Category", "Lab")]
[Collection("Lab")]
public sealed class ClusterLabSpecs(ITestOutputHelper output) : IAsyncLifetime
{
    // Four hosts up (ssh, nginx, vsftpd, redis... on 198.18.0.2; nginx on .1.2; nothing on .1.3 and .1.4), four absent.
    private static readonly string[] Targets = ["198.18.0.2", "198.18.1.2-8"];
    private const string Ports = "1-12000";

    private readonly string _dir = Directory.CreateTempSubdirectory("prtip-cluster-").FullName;
    private readonly string _database = $"prtip_cluster_{Guid.NewGuid():N}"[..30];
    private readonly List<Process> _nodes = [];
    private readonly int _basePort = 4100 + Random.Shared.Next(0, 800) * 4;

    private string Journal => $"postgres:///{_database}?host=/var/run/postgresql";

    public async Task InitializeAsync()
    {
        Lab.Require();
        await using var admin = new NpgsqlConnection(JournalSettings.PostgresConnectionString(Lab.Postgres));
        await admin.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {_database}", admin);
        await create.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            if (!node.HasExited) node.Kill();
            node.Dispose();
        }
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(JournalSettings.PostgresConnectionString(Lab.Postgres));
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>Starts a node and waits for its "up" line.</summary>
    private Task<Process> StartNodeAsync(int index, int seedIndex = 0) =>
        StartNodeAsync(index, Lab.StartPrtip("node", "--cluster-port", $"{_basePort + index}", "--seed", $"127.0.0.1:{_basePort + seedIndex}", "--journal", Journal));

    private async Task<Process> StartNodeAsync(int index, Process node)
    {
        _nodes.Add(node);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await node.StandardError.ReadLineAsync(timeout.Token) is { } line)
        {
            output.WriteLine($"node {index}: {line}");
            if (line.Contains("up (scanner)", StringComparison.Ordinal))
            {
                _ = node.StandardError.ReadToEndAsync(); // keep draining
                _ = node.StandardOutput.ReadToEndAsync();
                return node;
            }
        }
        throw new InvalidOperationException($"node {index} exited: {node.ExitCode}");
    }

    /// <summary>The grepable output's host lines, sorted: what was found, without timings.</summary>
    private static string[] Hosts(string file) =>
        File.ReadAllLines(file).Where(l => l.StartsWith("Host: ", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray();

    private async Task<string[]> ScanAsync(string name, params string[] extra)
    {
        var grep = Path.Combine(_dir, name + ".gnmap");
        var (code, _, stderr) = await Lab.RunPrtipAsync(["-sT", "-p", Ports, "-n", "-oG", grep, .. extra, .. Targets]);
        Assert.True(code == 0, $"{name}: exit {code}: {stderr}");
        return Hosts(grep);
    }

    [Fact]
    public async Task Off_loopback_members_talk_over_mutually_authenticated_TLS()
    {
        // A certificate of our own, trusted by the members through SSL_CERT_FILE; remoting on the scanner's lab address.
        var key = Path.Combine(_dir, "key.pem");
        var cert = Path.Combine(_dir, "cert.pem");
        var pfx = Path.Combine(_dir, "cluster.pfx");
        await Lab.RunToolAsync("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=prtip-cluster",
            "-keyout", key, "-out", cert);
        await Lab.RunToolAsync("openssl", "pkcs12", "-export", "-inkey", key, "-in", cert, "-out", pfx, "-passout", "pass:lab-secret");
        var trust = new Dictionary<string, string> { ["SSL_CERT_FILE"] = cert };
        string[] tls = ["--cluster-bind", "198.18.0.1", "--cluster-tls-cert", pfx, "--cluster-tls-password", "lab-secret"];
        for (int i = 0; i < 2; i++)
            await StartNodeAsync(i, Lab.StartPrtip(trust, ["node", "--cluster-port", $"{_basePort + i}", "--seed", $"198.18.0.1:{_basePort}", "--journal", Journal, .. tls]));

        using var status = Lab.StartPrtip(trust, ["cluster", "status", "--seed", $"198.18.0.1:{_basePort + 1}", .. tls]);
        var text = await status.StandardOutput.ReadToEndAsync();
        var err = await status.StandardError.ReadToEndAsync();
        await status.WaitForExitAsync();
        output.WriteLine(text + err);
        Assert.Equal(2, text.Split('\n').Count(l => l.StartsWith("akka.ssl.tcp://prtip@198.18.0.1:", StringComparison.Ordinal) && l.Contains(" up ", StringComparison.Ordinal)));

        // Without TLS the same address is refused before anything listens.
        var (code, _, refused) = await Lab.RunPrtipAsync("node", "--cluster-bind", "198.18.0.1", "--journal", Journal);
        Assert.Equal(1, code);
        Assert.Contains("needs TLS", refused);
    }

    [Fact]
    public async Task Three_nodes_scan_like_one_process_a_node_killed_mid_scan_loses_nothing_and_a_joining_node_takes_a_share()
    {
        var single = await ScanAsync("single", "--no-journal");
        Assert.Contains(single, l => l.StartsWith("Host: 198.18.0.2 ()\tPorts: ", StringComparison.Ordinal) && l.Contains("22/open/tcp//ssh", StringComparison.Ordinal));

        for (int i = 0; i < 3; i++) await StartNodeAsync(i);
        var clock = Stopwatch.StartNew();
        var cluster = await ScanAsync("cluster", "--cluster", $"127.0.0.1:{_basePort}", "--journal", Journal, "--max-rate", "4000");
        output.WriteLine($"three nodes: {clock.Elapsed.TotalSeconds:F1} s");
        Assert.Equal(single, cluster);

        var (_, status, statusErr) = await Lab.RunPrtipAsync("cluster", "status", "--seed", $"127.0.0.1:{_basePort + 1}");
        output.WriteLine(statusErr);
        output.WriteLine(status);
        Assert.Equal(3, status.Split('\n').Count(l => l.Contains(" scanner ", StringComparison.Ordinal) && l.Contains(" up ", StringComparison.Ordinal)));

        // Again, and one node (any: the manager's, the seed, or another) dies with SIGKILL while hosts are being scanned.
        var grep = Path.Combine(_dir, "killed.gnmap");
        using var scan = Lab.StartPrtip(["-sT", "-p", Ports, "-n", "-oG", grep, "--cluster", $"127.0.0.1:{_basePort + 1}", "--journal", Journal,
            "--max-rate", "4000", .. Targets]);
        var scanOut = scan.StandardOutput.ReadToEndAsync();
        var scanErr = scan.StandardError.ReadToEndAsync();
        var delay = TimeSpan.FromMilliseconds(Random.Shared.Next(2500, 5000));
        await Task.Delay(delay);
        int victim = Random.Shared.Next(3);
        Assert.False(scan.HasExited, "the scan ended before the kill");
        Lab.Signal(_nodes[victim], "KILL");
        clock.Restart();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await scan.WaitForExitAsync(timeout.Token);
        output.WriteLine($"node {victim} killed {delay.TotalSeconds:F1} s in; the scan ended {clock.Elapsed.TotalSeconds:F1} s later");
        Assert.True(scan.ExitCode == 0, $"exit {scan.ExitCode}: {await scanErr}");
        await scanOut;
        Assert.Equal(single, Hosts(grep));

        // A member that joins mid-scan takes a share: hosts handed out one at a time go to the member with the fewest shards.
        var joinGrep = Path.Combine(_dir, "joined.gnmap");
        int survivor = victim == 0 ? 1 : 0;
        using var joined = Lab.StartPrtip(["-sT", "-p", Ports, "-n", "-oG", joinGrep, "--cluster", $"127.0.0.1:{_basePort + survivor}",
            "--journal", Journal, "--max-rate", "4000", "--max-hostgroup", "1", .. Targets]);
        var joinedOut = joined.StandardOutput.ReadToEndAsync();
        var joinedErr = joined.StandardError.ReadToEndAsync();
        await Task.Delay(TimeSpan.FromSeconds(1));
        await StartNodeAsync(3, seedIndex: survivor);
        await joined.WaitForExitAsync(timeout.Token);
        Assert.True(joined.ExitCode == 0, $"exit {joined.ExitCode}: {await joinedErr}");
        await joinedOut;
        Assert.Equal(single, Hosts(joinGrep));
        var (_, after, _) = await Lab.RunPrtipAsync("cluster", "status", "--seed", $"127.0.0.1:{_basePort + survivor}");
        output.WriteLine(after);
        var line = after.Split('\n').Single(l => l.StartsWith($"akka.tcp://prtip@127.0.0.1:{_basePort + 3} ", StringComparison.Ordinal));
        Assert.True(int.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3], System.Globalization.CultureInfo.InvariantCulture) >= 1,
            $"the member that joined scanned nothing: {line}");
    }
}
