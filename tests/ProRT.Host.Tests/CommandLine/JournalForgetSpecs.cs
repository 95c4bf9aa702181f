using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using ProRT.Actors.Persistence;
using ProRT.Host.CommandLine;
using ProRT.Tests.Journal;
using Xunit.Abstractions;

namespace ProRT.Host.Tests.CommandLine;

/// <summary>`prtip forget` and `prtip scans --prune`, on loopback connect scans and on scans written with a chosen start.</summary>
public sealed class JournalForgetSpecs(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("prtip-forget-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private string Journal => Path.Combine(_dir, "journal.db");

    private async Task Scan(string scanId, string ports = "1-20")
    {
        var (code, _, err) = await Cli.Run("-sT", "-p", ports, "-n", "--journal", Journal, "--scan-id", scanId, "127.0.0.1");
        Assert.True(code == 0, err);
    }

    private Task Write(string scanId, DateTimeOffset start, bool finish) =>
        JournaledScans.WriteAsync(JournalSettings.Sqlite(Journal), JournaledScans.Definition(scanId, start), finish);

    /// <summary>The ids `prtip scans` lists, in its order.</summary>
    private async Task<string[]> Listed()
    {
        var (code, list, err) = await Cli.Run("scans", "--journal", Journal);
        Assert.True(code == 0, err);
        return list.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(' ')[0]).ToArray();
    }

    [Fact]
    public async Task A_forgotten_scan_is_no_longer_listed_nor_resumable()
    {
        await Scan("first");
        await Scan("second");
        Assert.Equal(["first", "second"], await Listed());

        var (code, forgot, err) = await Cli.Run("forget", "first", "--journal", Journal);
        Assert.True(code == 0, err);
        Assert.Matches(@"^forgot first\s+\S+ \S+\s+complete\s+127\.0\.0\.1\s*$", forgot);

        Assert.Equal(["second"], await Listed());
        (code, _, err) = await Cli.Run("resume", "first", "--journal", Journal);
        Cli.AssertOneLineError(code, err, "no scan 'first' in the journal");
        (code, _, err) = await Cli.Run("forget", "first", "--journal", Journal);
        Cli.AssertOneLineError(code, err, "no scan 'first' in the journal");

        // Its id is free again.
        await Scan("first");
        Assert.Equal(["second", "first"], await Listed());
    }

    [Fact]
    public async Task Forget_refuses_unknown_ids_and_unfinished_scans_unless_forced()
    {
        await Write("done", DateTimeOffset.UtcNow.AddMinutes(-5), finish: true);
        await Write("open", DateTimeOffset.UtcNow.AddMinutes(-4), finish: false);

        // Every id is checked first: one that is wrong removes none.
        var (code, _, err) = await Cli.Run("forget", "done", "nosuch", "--journal", Journal);
        Cli.AssertOneLineError(code, err, "no scan 'nosuch' in the journal");
        (code, _, err) = await Cli.Run("forget", "done", "open", "--journal", Journal);
        Cli.AssertOneLineError(code, err, "scan 'open' is unfinished ('prtip resume open' finishes it): add --force to forget it anyway");
        Assert.Equal(["done", "open"], await Listed());

        (code, var forgot, err) = await Cli.Run("forget", "--force", "done", "open", "--journal", Journal);
        Assert.True(code == 0, err);
        Assert.Matches(@"forgot done\s+\S+ \S+\s+complete\s+127\.0\.0\.1", forgot);
        Assert.Matches(@"forgot open\s+\S+ \S+\s+unfinished\s+127\.0\.0\.1", forgot);
        Assert.Empty(await Listed());

        (code, _, err) = await Cli.Run("forget", "--journal", Journal);
        Assert.Equal(1, code);
        Assert.Contains("Required argument missing", err);
    }

    [Fact]
    public async Task Prune_forgets_old_finished_scans_and_keeps_recent_and_unfinished_ones()
    {
        var now = DateTimeOffset.UtcNow;
        await Write("month-old", now.AddDays(-30), finish: true);
        await Write("month-old-open", now.AddDays(-29), finish: false);
        await Write("week-old", now.AddDays(-8), finish: true);
        await Write("hour-old", now.AddHours(-1), finish: true);
        await Scan("just-now");

        var (code, pruned, err) = await Cli.Run("scans", "--prune", "7d", "--journal", Journal);
        Assert.True(code == 0, err);
        var lines = pruned.TrimEnd().Split('\n');
        Assert.Equal(4, lines.Length);
        Assert.Matches(@"^forgot month-old\s+\S+ \S+\s+127\.0\.0\.1$", lines[0]);
        Assert.Matches(@"^forgot week-old\s+\S+ \S+\s+127\.0\.0\.1$", lines[1]);
        Assert.Matches(@"^forgot 2 finished scans started before \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$", lines[2]);
        Assert.Equal("kept 1 unfinished scan as old: month-old-open (prtip resume ID finishes one, prtip forget --force ID removes it)", lines[3]);
        Assert.Equal(["month-old-open", "hour-old", "just-now"], await Listed());

        (code, pruned, err) = await Cli.Run("scans", "--prune", "2h", "--journal", Journal);
        Assert.True(code == 0, err);
        Assert.StartsWith("no finished scan started before", pruned);

        (code, pruned, err) = await Cli.Run("scans", "--prune", "30m", "--journal", Journal);
        Assert.True(code == 0, err);
        Assert.StartsWith("forgot hour-old", pruned);
        Assert.Equal(["month-old-open", "just-now"], await Listed());
    }

    [Theory]
    [InlineData("7")]
    [InlineData("7x")]
    [InlineData("-1d")]
    [InlineData("d")]
    [InlineData("")]
    public async Task A_bad_age_is_one_clear_line(string age)
    {
        var (code, _, err) = await Cli.Run("scans", "--prune", age, "--journal", Journal);
        Cli.AssertOneLineError(code, err, $"invalid --prune '{age}': use an age like 7d, 12h or 30m");
        Assert.False(File.Exists(Journal)); // refused before the journal is touched
    }

    [Fact]
    public async Task The_file_stays_bounded_over_a_hundred_scans_forgotten_as_they_go()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var ports = $"{port - 10}-{port + 10}";
        long afterTen = 0, largest = 0;
        var clock = Stopwatch.StartNew();
        for (int i = 1; i <= 100; i++)
        {
            await Scan($"scan-{i}", ports);
            // Each scan's predecessor is forgotten: the journal holds one or two scans at any time.
            if (i > 1)
            {
                var (code, _, err) = await Cli.Run("forget", $"scan-{i - 1}", "--journal", Journal);
                Assert.True(code == 0, err);
            }
            else
            {
                // Before any forget the write-ahead log still holds the tables' creation and the first scan.
                output.WriteLine($"after the first scan: {Size()} bytes ({new FileInfo(Journal).Length} in the file)");
                continue;
            }
            long size = Size();
            largest = Math.Max(largest, size);
            if (i == 10) afterTen = size;
        }
        long last = Size();
        output.WriteLine($"100 scans in {clock.Elapsed.TotalSeconds:F1} s; journal after 10: {afterTen} bytes, after 100: {last}, largest after a forget: {largest}");
        Assert.Equal(["scan-100"], await Listed());
        Assert.True(last <= afterTen * 3 / 2, $"{last} bytes after 100 scans, {afterTen} after 10");
        Assert.True(largest <= afterTen * 3 / 2, $"{largest} bytes at most, {afterTen} after 10");
    }

    /// <summary>The journal's bytes on disk: the file and its write-ahead log.</summary>
    private long Size() =>
        new FileInfo(Journal).Length + (File.Exists(Journal + "-wal") ? new FileInfo(Journal + "-wal").Length : 0);
}
