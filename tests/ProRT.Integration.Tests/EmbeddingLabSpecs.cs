using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using ProRT.Actors.Scanning;
using ProRT.Protocols.Ports;
using ProRT.Protocols.Results;
using ProRT.Protocols.Scanning;
using ProRT.Protocols.Targets;
using Xunit.Abstractions;

namespace ProRT.Integration.Tests;

/// <summary>The embedding API against the lab: results observed as the scan finds them.</summary>
[Trait("Category", "Lab")]
[Collection("Lab")]
public sealed class EmbeddingLabSpecs(ITestOutputHelper output)
{
    [Fact]
    public async Task Results_arrive_in_real_time_and_equal_the_report_for_prompt_and_slow_subscribers_and_nothing_is_kept_for_late_ones()
    {
        Lab.Require();
        var config = new ScanConfig
        {
            Targets = new TargetSet([TargetSpecParser.Parse(Lab.Target)]),
            Ports = new PortList(Enumerable.Range(1, 65535).Select(p => (ushort)p).ToArray(), []),
            ScanType = ScanType.Syn,
            SkipDiscovery = true,
            ResolveNames = false,
            MaxRate = 20_000, // about 3 s of probes, so "before the end" means something
        };
        var scanner = new Scanner(config, keepHosts: true);
        var clock = Stopwatch.StartNew();
        TimeSpan? firstOpen = null;
        var prompt = new ConcurrentQueue<ScanResult>();
        var slow = new ConcurrentQueue<ScanResult>();
        var promptDone = scanner.Results.Do(r =>
        {
            if (r.State == PortState.Open) firstOpen ??= clock.Elapsed;
            prompt.Enqueue(r);
        }).LastOrDefaultAsync().ToTask();
        var slowDone = scanner.Results.Do(r =>
        {
            if (slow.Count % 1000 == 0) Thread.Sleep(50);
            slow.Enqueue(r);
        }).LastOrDefaultAsync().ToTask();

        var report = await scanner.ExecuteAsync();
        var end = clock.Elapsed;
        var late = await scanner.Results.ToList().ToTask().WaitAsync(TimeSpan.FromSeconds(30));
        await Task.WhenAll(promptDone, slowDone).WaitAsync(TimeSpan.FromSeconds(30));

        output.WriteLine($"first open port after {firstOpen?.TotalSeconds:F2} s, scan done after {end.TotalSeconds:F2} s");
        Assert.NotNull(firstOpen);
        Assert.True(firstOpen < end - TimeSpan.FromSeconds(1), $"first open port at {firstOpen}, scan end at {end}");
        var expected = Rows(report.Hosts.SelectMany(h => h.Ports));
        Assert.Equal(65535, expected.Count);
        Assert.Equal(expected, Rows(prompt));
        Assert.Equal(expected, Rows(slow));
        // Nothing is kept for a subscriber that comes after the end: memory does not grow with the results.
        Assert.Empty(late);
    }

    private static List<string> Rows(IEnumerable<ScanResult> results) =>
        results.Select(r => $"{r.Target} {r.Port}/{r.Protocol} {r.State}").Order(StringComparer.Ordinal).ToList();

    [Fact]
    public async Task Raw_scans_run_one_after_another_leave_no_capture_threads_behind()
    {
        Lab.Require();
        static int CaptureThreads() => Directory.GetDirectories("/proc/self/task")
            .Count(t => File.Exists(Path.Combine(t, "comm")) && File.ReadAllText(Path.Combine(t, "comm")).StartsWith("prtip-rx", StringComparison.Ordinal));
        for (int i = 0; i < 3; i++)
        {
            var config = new ScanConfig
            {
                Targets = new TargetSet([TargetSpecParser.Parse(Lab.Target), TargetSpecParser.Parse("127.0.0.1")]),
                Ports = new PortList([22, 80, 81], []),
                ScanType = ScanType.Syn,
                SkipDiscovery = true,
                ResolveNames = false,
            };
            var report = await new Scanner(config).ExecuteAsync();
            Assert.Equal(6, report.Statistics.TotalPortsScanned);
        }
        // The lab is quiet now: a thread still blocked in pcap would stay until the next frame.
        var deadline = DateTime.UtcNow.AddSeconds(2);
        while (CaptureThreads() > 0 && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.Equal(0, CaptureThreads());
    }
}
