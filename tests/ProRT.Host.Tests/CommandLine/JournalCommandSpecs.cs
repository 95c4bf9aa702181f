using System.Text.Json;
using ProRT.Host.CommandLine;

namespace ProRT.Host.Tests.CommandLine;

/// <summary>`prtip scans`, `prtip resume`, `--journal`, `--db` and `prtip db` on loopback connect scans.</summary>
public sealed class JournalCommandSpecs : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("prtip-journal-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Journal => Path.Combine(_dir, "journal.db");

    [Fact]
    public async Task A_finished_scan_is_listed_and_resuming_it_writes_its_outputs_again()
    {
        var json = Path.Combine(_dir, "scan.json");
        var (code, _, err) = await Cli.Run("-sT", "-p", "1-200", "-n", "--journal", Journal, "--scan-id", "loop-1", "-oJ", json, "127.0.0.1");
        Assert.True(code == 0, err);
        var first = JsonDocument.Parse(await File.ReadAllTextAsync(json)).RootElement.GetProperty("statistics").GetProperty("total_ports_scanned").GetInt32();
        Assert.Equal(200, first);

        var (_, list, _) = await Cli.Run("scans", "--journal", Journal);
        Assert.Matches(@"loop-1\s+\S+ \S+\s+complete\s+100\.0%\s+1\s+127\.0\.0\.1", list);

        File.Delete(json);
        var (resumed, _, resumeErr) = await Cli.Run("resume", "loop-1", "--journal", Journal);
        Assert.True(resumed == 0, resumeErr);
        Assert.Contains("scan loop-1 is complete; writing its outputs again", resumeErr);
        Assert.Equal(200, JsonDocument.Parse(await File.ReadAllTextAsync(json)).RootElement.GetProperty("statistics").GetProperty("total_ports_scanned").GetInt32());
    }

    [Fact]
    public async Task A_scan_id_already_in_the_journal_is_refused()
    {
        var (code, _, err) = await Cli.Run("-sT", "-p", "80", "-n", "--journal", Journal, "--scan-id", "twice", "127.0.0.1");
        Assert.True(code == 0, err);
        (code, _, err) = await Cli.Run("-sT", "-p", "80", "-n", "--journal", Journal, "--scan-id", "twice", "127.0.0.1");
        Cli.AssertOneLineError(code, err, "scan 'twice' is already in the journal: 'prtip resume twice' continues it");
    }

    [Fact]
    public async Task Bad_journal_and_database_input_gets_one_clear_line()
    {
        var (code, _, err) = await Cli.Run("resume", "nosuch", "--journal", Journal);
        Cli.AssertOneLineError(code, err, "no scan 'nosuch' in the journal");

        (code, _, err) = await Cli.Run("-sT", "-p", "80", "--scan-id", "bad id!", "127.0.0.1");
        Cli.AssertOneLineError(code, err, "invalid --scan-id 'bad id!'");

        (code, _, err) = await Cli.Run("-sT", "-p", "80", "--journal", "postgres://", "127.0.0.1");
        Cli.AssertOneLineError(code, err, "invalid PostgreSQL address 'postgres://'");

        // Nothing listens on port 1: a PostgreSQL server that is down.
        (code, _, err) = await Cli.Run("-sT", "-p", "80", "--journal", "postgres://prtip@127.0.0.1:1/prtip", "127.0.0.1");
        Cli.AssertOneLineError(code, err, "cannot open the scan journal postgres://prtip@127.0.0.1:1/prtip");

        (code, _, err) = await Cli.Run("-sT", "-p", "80", "--journal", "/proc/prtip/journal.db", "127.0.0.1");
        Cli.AssertOneLineError(code, err, "cannot open the scan journal /proc/prtip/journal.db");

        var garbage = Path.Combine(_dir, "garbage.db");
        await File.WriteAllTextAsync(garbage, new string('x', 4096));
        (code, _, err) = await Cli.Run("scans", "--journal", garbage);
        Cli.AssertOneLineError(code, err, "cannot open the scan journal");

        (code, _, err) = await Cli.Run("-sT", "-p", "80", "--db", garbage, "127.0.0.1");
        Cli.AssertOneLineError(code, err, "cannot open the results database");

        var db = Path.Combine(_dir, "results.db");
        (code, _, err) = await Cli.Run("-sT", "-p", "80", "-n", "--no-journal", "--db", db, "127.0.0.1");
        Assert.True(code == 0, err);
        (code, _, err) = await Cli.Run("db", "show", "99", "--db", db);
        Cli.AssertOneLineError(code, err, "no scan 99 in");
    }

    [Fact]
    public async Task The_results_database_lists_shows_diffs_and_exports_scans()
    {
        var db = Path.Combine(_dir, "results.db");
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        var ports = $"{port - 1}-{port + 1}";

        var (code, _, err) = await Cli.Run("-sT", "-p", ports, "-n", "--no-journal", "--db", db, "127.0.0.1");
        Assert.True(code == 0, err);
        listener.Stop();
        (code, _, err) = await Cli.Run("-sT", "-p", ports, "-n", "--no-journal", "--db", db, "127.0.0.1");
        Assert.True(code == 0, err);

        var (_, list, _) = await Cli.Run("db", "list", "--db", db);
        Assert.Matches(@"\s+1\s+\S+ \S+\s+CONNECT\s+1\s+1\s+1\s", list);
        Assert.Matches(@"\s+2\s+\S+ \S+\s+CONNECT\s+1\s+1\s+0\s", list);

        var (_, diff, _) = await Cli.Run("db", "diff", "1", "2", "--db", db);
        Assert.Equal($"127.0.0.1 {port}/tcp: open -> closed", diff.Trim());

        var (_, show, _) = await Cli.Run("db", "show", "1", "--db", db);
        Assert.Contains($"{port}/tcp open", show);

        var (_, export, _) = await Cli.Run("db", "export", "1", "--db", db);
        var host = JsonDocument.Parse(export).RootElement.GetProperty("results")[0];
        Assert.Equal("127.0.0.1", host.GetProperty("ip").GetString());
        Assert.Contains(host.GetProperty("ports").EnumerateArray(), p => p.GetProperty("port").GetInt32() == port && p.GetProperty("state").GetString() == "open");
    }
}
