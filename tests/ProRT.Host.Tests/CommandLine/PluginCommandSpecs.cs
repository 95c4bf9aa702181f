using System.Net;
using System.Net.Sockets;
using ProRT.Host.CommandLine;
using ProRT.Plugins.Csv;

namespace ProRT.Host.Tests.CommandLine;

/// <summary>--plugin with the CSV exporter shipped in the repository, on loopback connect scans.</summary>
public sealed class PluginCommandSpecs : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("prtip-plugin-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string CsvPlugin => Path.Combine(AppContext.BaseDirectory, "ProRT.Plugins.Csv.dll");

    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await PrtipCommand.RunAsync(args, stdout, stderr, new StringReader(""));
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task The_csv_plugin_writes_each_open_port_as_it_is_found()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var csv = Path.Combine(_dir, "open.csv");
        var (code, _, err) = await Run("-sT", "-p", $"{port - 2}-{port + 2}", "-n", "--no-journal", "127.0.0.1",
            "--plugin", CsvPlugin, "--plugin-arg", $"file={csv}");
        Assert.True(code == 0, err);
        var lines = await File.ReadAllLinesAsync(csv);
        Assert.Equal(CsvExportPlugin.Header, lines[0]);
        Assert.Matches($@"^127\.0\.0\.1,{port},tcp,open,syn-ack,,,,\d+,\d{{4}}-\d\d-\d\dT[\d:.]+Z$", Assert.Single(lines, l => l.Contains($",{port},")));
        Assert.All(lines.Skip(1), l => Assert.Contains(",open,", l));
    }

    [Theory]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("line\nbreak", "\"line\nbreak\"")]
    [InlineData("plain", "plain")]
    [InlineData(null, "")]
    public void Csv_fields_are_quoted_as_rfc_4180_says(string? value, string expected) =>
        Assert.Equal(expected, CsvExportPlugin.Field(value));

    [Fact]
    public async Task A_plugin_that_cannot_write_is_disabled_with_one_line_and_the_scan_completes()
    {
        var json = Path.Combine(_dir, "scan.json");
        var (code, _, err) = await Run("-sT", "-p", "1-20", "-n", "--no-journal", "127.0.0.1", "-oJ", json,
            "--plugin", CsvPlugin, "--plugin-arg", "file=/proc/prtip/open.csv");
        Assert.True(code == 0, err);
        Assert.StartsWith("prtip: plugin csv failed in Initialize and is disabled: ", Assert.Single(err.TrimEnd().Split('\n')));
        Assert.True(File.Exists(json));
    }

    [Theory]
    [InlineData("no plugin assembly at", "--plugin", "/nonexistent/plugin.dll")]
    [InlineData("invalid --plugin-arg 'novalue'", "--plugin-arg", "novalue", "--plugin", "CSV")]
    public async Task Bad_plugin_input_gets_one_clear_line(string expected, params string[] args)
    {
        var (code, stdout, stderr) = await Run([.. args.Select(a => a == "CSV" ? CsvPlugin : a), "-sT", "-p", "80", "--no-journal", "127.0.0.1"]);
        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.Contains(expected, Assert.Single(stderr.TrimEnd().Split('\n')));
    }
}

/// <summary>--stats-every when the output is not a terminal.</summary>
public sealed class StatsEverySpecs
{
    [Fact]
    public async Task Stats_lines_come_at_the_interval_with_a_rising_percentage()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = await PrtipCommand.RunAsync(["-sT", "-p", "1-3000", "--max-rate", "2000", "-n", "--no-journal", "--stats-every", "300ms", "127.0.0.1"],
            stdout, stderr, new StringReader(""));
        Assert.True(code == 0, stderr.ToString());
        var percents = System.Text.RegularExpressions.Regex.Matches(stdout.ToString(), @"Scan Timing: About ([\d.]+)% done")
            .Select(m => double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(percents.Count >= 2, stdout.ToString());
        Assert.Equal(percents.Order(), percents);
        Assert.Matches(@"Stats: 0:00:0\d elapsed; \d+ hosts completed, \d+ ports done, \d+ open", stdout.ToString());
    }
}
