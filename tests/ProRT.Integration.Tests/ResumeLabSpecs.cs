using System.Diagnostics;
using Microsoft.Data.Sqlite;
using ProRT.Host.CommandLine;
using Xunit.Abstractions;

namespace ProRT.Integration.Tests;

/// <summary>Event-sourced scans against the lab: killed, interrupted or starved of disk, and resumed.</summary>
[Trait("Category", "Lab")]
[Collection("Lab")]
public sealed class ResumeLabSpecs(ITestOutputHelper output) : IDisposable
{
    private const int Rate = 10_000;
    private readonly string _dir = Directory.CreateTempSubdirectory("prtip-resume-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static async Task<SortedDictionary<int, string>> UninterruptedAsync(string dir)
    {
        var json = Path.Combine(dir, "reference.json");
        var stderr = new StringWriter();
        int code = await PrtipCommand.RunAsync(["-sS", "-p-", "-Pn", "-n", "--no-journal", "-oJ", json, Lab.Target], new StringWriter(), stderr);
        Assert.True(code == 0, stderr.ToString());
        return PortStates.FromPrtipJson(await File.ReadAllTextAsync(json));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_scan_killed_at_a_random_point_resumes_to_the_uninterrupted_result(string store)
    {
        Lab.Require();
        var journal = store == "sqlite" ? Path.Combine(_dir, "journal.db") : Lab.Postgres;
        var scanId = $"kill-{store}-{Guid.NewGuid():N}"[..24];
        var json = Path.Combine(_dir, "scan.json");
        var expected = await UninterruptedAsync(_dir);

        await using var capture = await TargetCapture.SynProbesAsync(Lab.Target);
        using var scan = await Lab.StartPrtipScanningAsync("-sS", "-p-", "-Pn", "-n", "--max-rate", $"{Rate}", "--scan-id", scanId, "--journal", journal, "-oJ", json, Lab.Target);
        // Anywhere from early on to well before the end (about 6.5 s of probes at this rate).
        var delay = TimeSpan.FromMilliseconds(Random.Shared.Next(300, 4500));
        await Task.Delay(delay);
        Assert.False(scan.HasExited, "the scan ended before it could be killed");
        Lab.Signal(scan, "KILL");
        await scan.WaitForExitAsync();
        var killed = DateTime.UtcNow;

        var (code, stdout, stderr) = await Lab.RunPrtipAsync("resume", scanId, "--journal", journal);
        Assert.True(code == 0, stderr);
        Assert.True(stderr.Contains($"resuming scan {scanId}"), $"killed after {delay.TotalSeconds:F1} s, the resume said: {stderr}");
        var probes = await capture.StopAndReadPortsAsync();

        var actual = PortStates.FromPrtipJson(await File.ReadAllTextAsync(json));
        Assert.True(expected.SequenceEqual(actual), $"expected {PortStates.Describe(expected)}\nactual {PortStates.Describe(actual)}");

        var before = probes.Where(p => p.Time < killed).Select(p => p.Port).ToHashSet();
        var after = probes.Where(p => p.Time >= killed).Select(p => p.Port).ToHashSet();
        int again = before.Intersect(after).Count();
        // What a journal cannot hold is what was in flight: at most a flush interval (50 ms) of results plus
        // the probes awaiting answers; 100 ms of sending covers both.
        int bound = 65535 / 100 + Rate / 10;
        output.WriteLine($"{store}: killed after {delay.TotalSeconds:F1} s; first run probed {before.Count} ports, " +
                         $"the resume {after.Count}; {again} ports probed by both (bound {bound}); resume said: {stderr.Trim()}");
        Assert.True(before.Count > 1000, $"the first run sent only {before.Count} probes");
        Assert.True(again <= bound, $"{again} ports were probed again (bound {bound})");
        // A sanity check of the capture itself (tcpdump may drop a few frames at this rate).
        Assert.True(before.Count + after.Count - again >= 65535 * 0.99, $"the capture saw only {before.Count + after.Count - again} ports");
    }

    [Fact]
    public async Task Ctrl_c_pauses_with_a_flushed_journal_and_prints_the_resume_command()
    {
        Lab.Require();
        var journal = Path.Combine(_dir, "journal.db");
        var json = Path.Combine(_dir, "scan.json");
        using var scan = await Lab.StartPrtipScanningAsync("-sS", "-p-", "-Pn", "-n", "--max-rate", $"{Rate}", "--scan-id", "ctrl-c", "--journal", journal, "-oJ", json, Lab.Target);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(scan.HasExited);
        Lab.Signal(scan, "INT");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await scan.WaitForExitAsync(timeout.Token);
        var stderr = await scan.StandardError.ReadToEndAsync();
        Assert.Equal(130, scan.ExitCode);
        Assert.Contains($"resume with: prtip resume ctrl-c --journal {journal}", stderr);

        var (_, list, _) = await Lab.RunPrtipAsync("scans", "--journal", journal);
        Assert.Matches(@"ctrl-c\s+\S+ \S+\s+unfinished", list);

        var (code, _, err) = await Lab.RunPrtipAsync("resume", "ctrl-c", "--journal", journal);
        Assert.True(code == 0, err);
        Assert.True((await UninterruptedAsync(_dir)).SequenceEqual(PortStates.FromPrtipJson(await File.ReadAllTextAsync(json))));
    }

    [Fact]
    public async Task A_full_disk_stops_the_scan_with_a_clear_error_and_a_journal_that_resumes_elsewhere()
    {
        Lab.Require();
        var small = Path.Combine(_dir, "small");
        Directory.CreateDirectory(small);
        await Lab.RunToolAsync("mount", "-t", "tmpfs", "-o", "size=2400k", "tmpfs", small);
        try
        {
            var journal = Path.Combine(small, "journal.db");
            var json = Path.Combine(_dir, "scan.json");
            var (code, _, stderr) = await Lab.RunPrtipAsync("-sS", "-p-", "-Pn", "-n", "--scan-id", "full-disk", "--journal", journal, "-oJ", json, Lab.Target);
            Assert.Equal(1, code);
            Assert.Contains("the scan journal could not be written", stderr);
            Assert.Contains("full", stderr);
            Assert.Contains("resume with: prtip resume full-disk", stderr);

            // The journal written before the disk filled up is whole: moved to a roomier disk, it finishes the scan.
            var moved = Path.Combine(_dir, "moved.db");
            foreach (var f in Directory.GetFiles(small)) File.Copy(f, moved + Path.GetFileName(f)["journal.db".Length..]);
            var (resumed, _, err) = await Lab.RunPrtipAsync("resume", "full-disk", "--journal", moved);
            Assert.True(resumed == 0, err);
            Assert.Matches(@"resuming scan full-disk: [1-9]\d* of 65535 ports", err);
            Assert.True((await UninterruptedAsync(_dir)).SequenceEqual(PortStates.FromPrtipJson(await File.ReadAllTextAsync(json))));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            await Lab.RunToolAsync("umount", small);
        }
    }
}
