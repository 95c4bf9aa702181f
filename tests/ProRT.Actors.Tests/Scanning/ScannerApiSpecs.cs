using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using ProRT.Actors.Results;
using ProRT.Actors.Scanning;
using ProRT.Protocols.Ports;
using ProRT.Protocols.Results;
using ProRT.Protocols.Scanning;
using ProRT.Protocols.Targets;

namespace ProRT.Actors.Tests.Scanning;

/// <summary>The embedding API on loopback connect scans (nothing leaves the machine): Results, Progress, cancellation, validation.</summary>
public sealed class ScannerApiSpecs : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    public ScannerApiSpecs() => _listener.Start();

    public void Dispose() => _listener.Stop();

    private int OpenPort => ((IPEndPoint)_listener.LocalEndpoint).Port;

    private ScanConfig Config(int ports = 2000, double? maxRate = null) => new()
    {
        Targets = new TargetSet([TargetSpecParser.Parse("127.0.0.1")]),
        // The listener's port among closed ones.
        Ports = new PortList(Enumerable.Range(0, ports).Select(i => (ushort)(OpenPort - ports / 2 + i)).Where(p => p > 0).ToArray(), []),
        ScanType = ScanType.Connect,
        ResolveNames = false,
        SkipDiscovery = true,
        MaxRate = maxRate,
    };

    private static List<string> Rows(IEnumerable<ScanResult> results) =>
        results.Select(r => $"{r.Target} {r.Port}/{r.Protocol} {r.State}").Order().ToList();

    [Fact]
    public async Task Results_carry_exactly_the_reports_results_and_complete_with_the_scan()
    {
        var scanner = new Scanner(Config(), keepHosts: true);
        var seen = new ConcurrentQueue<ScanResult>();
        var completed = new TaskCompletionSource();
        using var _ = scanner.Results.Subscribe(seen.Enqueue, e => completed.TrySetException(e), () => completed.TrySetResult());

        var report = await scanner.ExecuteAsync();
        await completed.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(Rows(report.Hosts.SelectMany(h => h.Ports)), Rows(seen));
        Assert.Contains(seen, r => r.Port == OpenPort && r.State == PortState.Open);
    }

    [Fact]
    public async Task A_subscriber_after_the_end_gets_completion_only_nothing_is_kept_for_it()
    {
        var scanner = new Scanner(Config());
        var report = await scanner.ExecuteAsync();
        Assert.Empty(report.Hosts); // not asked to keep them
        Assert.True(report.Statistics.TotalPortsScanned > 0);
        var late = await scanner.Results.ToList().ToTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Empty(late);
    }

    [Fact]
    public async Task A_slow_subscriber_neither_stalls_the_scan_nor_misses_results()
    {
        var scanner = new Scanner(Config(), keepHosts: true);
        var seen = new ConcurrentQueue<ScanResult>();
        var completed = new TaskCompletionSource();
        using var _ = scanner.Results.Subscribe(r =>
        {
            Thread.Sleep(1); // about 2 s for the 2000 results
            seen.Enqueue(r);
        }, e => completed.TrySetException(e), () => completed.TrySetResult());

        var report = await scanner.ExecuteAsync();
        // The scan ended long before the subscriber caught up...
        Assert.True(seen.Count < 1500, $"the subscriber had already taken {seen.Count} results");
        // ...which still gets every result, then completion.
        await completed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(Rows(report.Hosts.SelectMany(h => h.Ports)), Rows(seen));
    }

    [Fact]
    public async Task A_subscriber_further_behind_than_its_buffer_is_told_so_and_the_scan_completes()
    {
        var scanner = new Scanner(Config(), resultBuffer: 100);
        var error = new TaskCompletionSource<Exception>();
        var stuck = new ManualResetEventSlim();
        using var _ = scanner.Results.Subscribe(_ => stuck.Wait(TimeSpan.FromSeconds(20)), e => error.TrySetResult(e));

        var report = await scanner.ExecuteAsync();
        stuck.Set();
        Assert.Equal(2000, report.Statistics.TotalPortsScanned);
        Assert.IsType<ResultStreamOverflowException>(await error.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        // The scan is over: a subscriber arriving now gets completion, not an error.
        Assert.Equal(0, await scanner.Results.Count().ToTask().WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Progress_is_monotonic_and_reaches_100_exactly_once_at_the_end()
    {
        var scanner = new Scanner(Config(ports: 3000, maxRate: 3000));
        var values = new List<ScanProgress>();
        var report = await scanner.ExecuteWithProgressAsync(values.Add);

        Assert.True(values.Count >= 3, $"only {values.Count} progress values");
        Assert.Equal(1, values.Count(v => v.Percent >= 100));
        Assert.Equal(100, values[^1].Percent);
        Assert.Equal(report.Statistics.TotalPortsScanned, values[^1].PortsDone);
        Assert.Equal(report.Statistics.PortsOpen, values[^1].OpenPorts);
        for (int i = 1; i < values.Count; i++) Assert.True(values[i].Percent >= values[i - 1].Percent, $"progress went back at {i}");
        Assert.Contains(values, v => v.Percent is > 0 and < 100);
        // The sequence completes after the last value.
        Assert.Equal(100, (await scanner.Progress.LastAsync().ToTask().WaitAsync(TimeSpan.FromSeconds(5))).Percent);
    }

    [Fact]
    public async Task Cancelling_stops_the_scan_within_a_second()
    {
        var scanner = new Scanner(Config(ports: 20000, maxRate: 2000));
        var errors = scanner.Results.Materialize().Where(n => n.Exception is not null).Select(n => n.Exception!).FirstAsync().ToTask();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1.5));
        var run = scanner.ExecuteAsync(cts.Token);
        await Task.Delay(TimeSpan.FromSeconds(1.4));
        var clock = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<ScanPausedException>(() => run);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1.1), $"took {clock.Elapsed.TotalSeconds:F2} s to stop");
        Assert.Equal(scanner.ScanId, e.ScanId);
        Assert.IsType<ScanPausedException>(await errors.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void A_bad_configuration_lists_every_problem_at_once()
    {
        var bad = Config() with { MaxRate = -1, MaxRetries = 99, MaxHostgroup = 0, Ports = PortList.Empty };
        var e = Assert.Throws<ScanConfigException>(() => new Scanner(bad));
        Assert.Equal(4, e.Problems.Count);
        Assert.Contains("MaxRate must be positive", e.Message);
        Assert.Contains("MaxRetries must be 0 to 50", e.Message);
        Assert.Contains("MaxHostgroup must be at least 1", e.Message);
        Assert.Contains("no ports", e.Message);
    }
}
