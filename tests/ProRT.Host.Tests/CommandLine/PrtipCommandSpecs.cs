using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using ProRT.Host.CommandLine;

namespace ProRT.Host.Tests.CommandLine;

public sealed class PrtipCommandSpecs
{
    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await PrtipCommand.RunAsync(args, stdout, stderr, new StringReader(""));
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Theory]
    [InlineData("unrecognized option '--bogus'", "--bogus", "127.0.0.1")]
    [InlineData("invalid port 70000", "-p", "70000", "127.0.0.1")]
    [InlineData("invalid port range '5-1'", "-p", "5-1", "127.0.0.1")]
    [InlineData("octet 300 is out of range", "300.1.1.1")]
    [InlineData("cannot read -iL file", "-iL", "/nonexistent/targets.txt")]
    [InlineData("no targets were specified")]
    [InlineData("unknown timing template", "-T9", "127.0.0.1")]
    [InlineData("invalid value 'fast' for --max-rate", "--max-rate", "fast", "127.0.0.1")]
    [InlineData("invalid --host-timeout", "--host-timeout", "soon", "127.0.0.1")]
    [InlineData("--max-rate must not be below --min-rate", "--max-rate", "10", "--min-rate", "20", "127.0.0.1")]
    [InlineData("-p and --top-ports cannot be combined", "-p", "80", "--top-ports", "10", "127.0.0.1")]
    [InlineData("prefix length must be 0-32", "127.0.0.1/40")]
    [InlineData("only one TCP scan type at a time: -sS, -sF", "-sS", "-sF", "127.0.0.1")]
    [InlineData("invalid --scanflags 'BOGUS'", "--scanflags", "BOGUS", "127.0.0.1")]
    [InlineData("--scanflags needs a raw-packet scan", "-sT", "--scanflags", "SYN", "127.0.0.1")]
    [InlineData("-g/--source-port must be 1 to 65535", "-g", "0", "127.0.0.1")]
    [InlineData("-oA needs a file name base", "-oA", "-", "127.0.0.1")]
    [InlineData("--version-light, --version-all cannot be combined", "-sV", "--version-light", "--version-all", "127.0.0.1")]
    [InlineData("--version-intensity must be 0 to 9", "-sV", "--version-intensity", "12", "127.0.0.1")]
    [InlineData("--cluster needs the cluster's shared PostgreSQL journal", "-sT", "--cluster", "127.0.0.1:4053", "127.0.0.1")]
    [InlineData("needs TLS", "node", "--cluster-bind", "0.0.0.0", "--journal", "postgres:///prtip?host=/var/run/postgresql")]
    [InlineData("prtip node needs the cluster's shared PostgreSQL journal", "node", "--journal", "/tmp/prtip-not-shared.db")]
    [InlineData("invalid cluster seed 'nowhere'", "cluster", "status", "--seed", "nowhere")]
    [InlineData("--versiondb: '/nonexistent/probes' does not exist", "-sV", "--versiondb", "/nonexistent/probes", "127.0.0.1")]
    [InlineData("--stylesheet and --no-stylesheet cannot be combined", "--stylesheet", "x.xsl", "--no-stylesheet", "127.0.0.1")]
    [InlineData("invalid --stats-every 'often'", "--stats-every", "often", "127.0.0.1")]
    public async Task Bad_input_gets_one_clear_line_and_a_nonzero_exit(string expected, params string[] args)
    {
        var (code, stdout, stderr) = await Run(args);
        Assert.NotEqual(0, code);
        Assert.Equal("", stdout);
        var line = Assert.Single(stderr.TrimEnd().Split('\n'));
        Assert.StartsWith("prtip: ", line);
        Assert.Contains(expected, line);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public async Task A_malformed_service_probes_file_stops_the_scan_with_its_line_number()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, "Probe TCP NULL q||\nmatch ssh m|^SSH| p/x/\nbogus directive\n");
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var (code, _, stderr) = await Run("-sT", "-sV", "--versiondb", file, "-p", port, "-n", "--no-journal", "127.0.0.1");
            Assert.Equal(1, code);
            var line = Assert.Single(stderr.TrimEnd().Split('\n'));
            Assert.Contains($"{file}:line 3: unknown directive 'bogus'", line);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        }
        finally
        {
            listener.Stop();
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_malformed_service_probes_file_stops_a_cluster_scan_before_it_is_submitted()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, "Probe TCP NULL q||\nbogus directive\n");
        try
        {
            // No member listens on port 1: the scan must fail on the file, before any cluster is contacted.
            var (code, _, stderr) = await Run("-sT", "-sV", "--versiondb", file, "-p", "22", "-n", "--cluster", "127.0.0.1:1",
                "--journal", "postgres:///prtip?host=/var/run/postgresql", "127.0.0.1");
            Assert.Equal(1, code);
            Assert.Contains($"{file}:line 2: unknown directive 'bogus'", Assert.Single(stderr.TrimEnd().Split('\n')));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task An_empty_target_list_file_is_an_error()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, "# nothing here\n\n");
        var (code, _, stderr) = await Run("-iL", file);
        Assert.Equal(1, code);
        Assert.Contains("no targets were specified", stderr);
    }

    [Fact]
    public async Task Help_and_version_exit_zero()
    {
        var (code, stdout, _) = await Run("--help");
        Assert.Equal(0, code);
        Assert.Contains("-sT", stdout);
        Assert.Contains("--top-ports", stdout);
        (code, stdout, _) = await Run("--version");
        Assert.Equal(0, code);
        Assert.Matches(@"^\d+\.\d+\.\d+", stdout.Trim());
    }

    [Fact]
    public async Task Loopback_connect_scan_prints_nmap_style_output_and_the_specified_json()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int open = ((IPEndPoint)listener.LocalEndpoint).Port;
        var json = Path.Combine(Path.GetTempPath(), $"prtip-{Guid.NewGuid():N}.json");

        var (code, stdout, stderr) = await Run("-sT", "-n", "-Pn", "-p", $"1-40,{open}", "-oJ", json, "127.0.0.1");

        Assert.True(code == 0, stderr);
        Assert.Contains("prtip scan report for 127.0.0.1", stdout);
        Assert.Matches($@"(?m)^{open}/tcp\s+open\s", stdout);
        Assert.Contains("Not shown: ", stdout);
        Assert.Contains("1 IP address (1 host up) scanned in", stdout);

        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var root = doc.RootElement;
        var info = root.GetProperty("scan_info");
        Assert.Equal(["CONNECT"], info.GetProperty("scan_type").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["127.0.0.1"], info.GetProperty("targets").EnumerateArray().Select(e => e.GetString()));
        Assert.EndsWith("Z", info.GetProperty("start_time").GetString());
        var host = Assert.Single(root.GetProperty("results").EnumerateArray().ToList());
        Assert.Equal("127.0.0.1", host.GetProperty("ip").GetString());
        Assert.Equal("up", host.GetProperty("state").GetString());
        // Other services of this machine may listen on low loopback ports; ours must be there, open.
        var port = Assert.Single(host.GetProperty("ports").EnumerateArray(), p => p.GetProperty("port").GetInt32() == open);
        Assert.Equal(open, port.GetProperty("port").GetInt32());
        Assert.Equal("tcp", port.GetProperty("protocol").GetString());
        Assert.Equal("open", port.GetProperty("state").GetString());
        Assert.True(port.GetProperty("response_time_ms").GetInt64() >= 0);
        var stats = root.GetProperty("statistics");
        Assert.Equal(1, stats.GetProperty("total_hosts").GetInt32());
        Assert.Equal(1, stats.GetProperty("hosts_up").GetInt32());
        Assert.Equal(41, stats.GetProperty("total_ports_scanned").GetInt32());
        Assert.True(stats.GetProperty("ports_open").GetInt32() >= 1);
        Assert.True(stats.GetProperty("scan_duration_sec").GetDouble() >= 0);
    }
}
