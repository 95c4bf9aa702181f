using System.Reactive.Linq;
using System.Reactive.Subjects;
using System.Reflection;
using Akka.Actor;
using Akka.Configuration;
using ProRT.Actors.PacketIo;
using ProRT.Actors.Persistence;
using ProRT.Actors.Results;
using ProRT.Protocols.Results;
using ProRT.Protocols.Scanning;

namespace ProRT.Actors.Scanning;

/// <summary>Where a scan is journaled and under which id; <see cref="Annotation"/> is the caller's own data, kept with the scan.</summary>
/// <param name="Journal">The journal: a SQLite file, PostgreSQL or in memory.</param>
/// <param name="ScanId">The scan's id; a new one when null, and a journaled scan's id resumes it.</param>
/// <param name="Annotation">Free text kept with the scan's definition.</param>
/// <param name="NewScan">The caller knows the journal does not hold <paramref name="ScanId"/> (it made the id, or looked):
/// the scan starts probing while the journal starts, instead of waiting for its recovery. A new id made here is new too.</param>
public sealed record ScanJournalOptions(JournalSettings Journal, string? ScanId = null, string? Annotation = null, bool NewScan = false);

/// <summary>The scan was stopped on request after its journal was flushed; <see cref="ScanId"/> resumes it.</summary>
/// <param name="scanId">The paused scan's id.</param>
public sealed class ScanPausedException(string scanId) : OperationCanceledException($"scan {scanId} paused")
{
    /// <summary>The paused scan's id, to resume it with.</summary>
    public string ScanId { get; } = scanId;
}

/// <summary>
/// Runs one scan in its own actor system and returns its report. This is the entry point the `prtip` program
/// and embedding applications share. With a journal, a scan whose id the journal already holds is resumed.
/// <para>
/// While it runs, <see cref="Results"/> streams every port result and <see cref="Progress"/> the scan's progress
/// (System.Reactive); both complete when the scan ends and fail with its exception. A Scanner runs once.
/// </para>
/// </summary>
public sealed class Scanner
{
    /// <summary>How often <see cref="Progress"/> reports while the scan runs.</summary>
    public static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Settings that hold when no configuration file says otherwise: quiet logging on stderr.</summary>
    public static readonly Config DefaultAkkaConfig = ConfigurationFactory.ParseString("""
        akka {
          loglevel = WARNING
          stdout-loglevel = WARNING
          loggers = ["ProRT.Actors.Scanning.StderrLogger, ProRT.Actors"]
          log-dead-letters = off
          log-dead-letters-during-shutdown = off
          actor.guardian-supervisor-strategy = "Akka.Actor.StoppingSupervisorStrategy"
        }
        """);

    private readonly ScanConfig _config;
    private readonly IReadOnlyList<IResultSink> _sinks;
    private readonly Config _akkaConfig;
    private readonly TextWriter? _packetTrace;
    private readonly ScanJournalOptions _journal;
    private readonly ResultStream _results;
    private readonly HostCollector? _hosts;
    private readonly ReplaySubject<ScanProgress> _progress = new(1);
    private int _runs;

    /// <param name="packetTrace">Where --packet-trace lines go; null for none.</param>
    /// <param name="journal">Where the scan is journaled; in memory (no resume) when null.</param>
    /// <param name="resultBuffer">How far (in results) a <see cref="Results"/> subscriber may fall behind before it is dropped with <see cref="ResultStreamOverflowException"/>.</param>
    /// <param name="keepHosts">Keep every finished host in memory for the report's <see cref="ScanReport.Hosts"/>. Off, the
    /// report carries the header and totals only and memory stays flat however many results the scan has: hosts
    /// reach sinks and <see cref="Results"/> as they finish and are let go.</param>
    /// <exception cref="ScanConfigException">The configuration cannot run; every problem is listed.</exception>
    public Scanner(ScanConfig config, IEnumerable<IResultSink>? sinks = null, Config? akkaConfig = null, TextWriter? packetTrace = null,
        ScanJournalOptions? journal = null, int resultBuffer = ResultStream.DefaultCapacity, bool keepHosts = false)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.EnsureValid();
        _packetTrace = packetTrace;
        _config = config;
        _results = new ResultStream(resultBuffer);
        _hosts = keepHosts ? new HostCollector() : null;
        _sinks = [_results, .. sinks ?? [], .. _hosts is null ? Array.Empty<IResultSink>() : [_hosts]];
        _akkaConfig = akkaConfig is null ? DefaultAkkaConfig : akkaConfig.WithFallback(DefaultAkkaConfig);
        _journal = journal ?? new ScanJournalOptions(JournalSettings.InMemory);
        ScanId = _journal.ScanId ?? ScanJournal.NewScanId();
    }

    /// <summary>
    /// Every final port result, as the scan journals it; hot, without replay (subscribe before <see cref="ExecuteAsync"/>
    /// to see them all); completes when the scan ends, fails with its exception. Each subscriber has a bounded buffer
    /// (see <see cref="ResultStream"/>).
    /// </summary>
    public IObservable<ScanResult> Results => _results;

    /// <summary>
    /// The scan's progress every <see cref="ProgressInterval"/>, monotonic; the last value has Percent 100 (exactly
    /// once) and then the sequence completes. A late subscriber first gets the latest value.
    /// </summary>
    public IObservable<ScanProgress> Progress => _progress.AsObservable();

    /// <summary>Runs the scan, calling <paramref name="onProgress"/> with each <see cref="Progress"/> value.</summary>
    /// <exception cref="InvalidOperationException">The callback threw (the scan itself ran to its end).</exception>
    public async Task<ScanReport> ExecuteWithProgressAsync(Action<ScanProgress> onProgress, CancellationToken cancellationToken = default)
    {
        Exception? thrown = null;
        IDisposable? subscription = null;
        subscription = Progress.Subscribe(p =>
        {
            try
            {
                onProgress(p);
            }
            catch (Exception e)
            {
                thrown ??= e;
                subscription?.Dispose();
            }
        }, _ => { });
        using (subscription)
        {
            var report = await ExecuteAsync(cancellationToken).ConfigureAwait(false);
            return thrown is null ? report : throw new InvalidOperationException($"the progress callback threw: {thrown.Message}", thrown);
        }
    }

    /// <summary>The scan's id in its journal: what `prtip resume` takes.</summary>
    public string ScanId { get; }

    /// <summary>The program's version, as reports carry it.</summary>
    public static string Version { get; } =
        typeof(Scanner).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";

    /// <exception cref="ScanPausedException">Cancelled: the scan stopped with its journal flushed.</exception>
    /// <exception cref="JournalException">The journal cannot be opened or written.</exception>
    public async Task<ScanReport> ExecuteAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _runs, 1) == 1) throw new InvalidOperationException("a Scanner runs once; create another for a new scan");
        try
        {
            _started = DateTimeOffset.UtcNow;
            var report = await RunAsync(cancellationToken).ConfigureAwait(false);
            _progress.OnNext(FinalProgress(report));
            _progress.OnCompleted();
            return report;
        }
        catch (Exception e)
        {
            _results.Fail(e);
            // Stopped before the scan started (Ctrl-C during start-up): outputs still get their header, so they close well-formed.
            var info = _results.Started ? null : ScanCoordinator.InfoOf(_config, Version, _started, null);
            foreach (var sink in _sinks)
            {
                try
                {
                    if (info is not null) sink.OnScanStarted(info);
                    sink.OnScanAborted(e);
                }
                catch (Exception)
                {
                    // Closing an output after a failure is best effort; the scan's own error is the one to report.
                }
            }
            try
            {
                _progress.OnError(e);
            }
            catch (Exception)
            {
                // A progress subscriber without an error handler rethrows the scan's error; the scan's own throw follows.
            }
            throw;
        }
    }

    /// <summary>Completes when <paramref name="task"/> fails; never otherwise (until <paramref name="ct"/>).</summary>
    private static async Task FaultOf(Task task, CancellationToken ct)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception)
        {
            return;
        }
        await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
    }

    private async Task<ScanReport> RunAsync(CancellationToken cancellationToken)
    {
        _journal.Journal.Prepare();
        // -sV: the probe database loads while the scan starts and probes ports; a bad one fails the scan (below).
        var prober = Services.ServiceProber.For(_config);
        var probes = prober?.Database;
        StartupTrace.Mark("journal prepared");
        using var system = ActorSystem.Create("prtip", _akkaConfig.WithFallback(_journal.Journal.ToAkkaConfig()));
        StartupTrace.Mark("actor system created");
        try
        {
            var packetIo = _config.UsesRawPackets
                ? PacketIoSettings.For(_config, _packetTrace is null ? null : new PacketTrace(_packetTrace))
                : null;
            var definition = new ScanDefinition(ScanId, _config, DateTimeOffset.UtcNow, _journal.Annotation);
            var coordinator = system.ActorOf(ScanCoordinator.Props(definition, _sinks, Version, packetIo: packetIo, prober: prober,
                fresh: _journal.ScanId is null || _journal.NewScan), "scan");
            var stopped = coordinator.WatchAsync(CancellationToken.None);
            var completed = coordinator.Ask<ScanCoordinator.Protocol.ScanCompleted>(
                ScanCoordinator.Protocol.AwaitCompletion.Instance, Timeout.InfiniteTimeSpan, CancellationToken.None);
            var cancelled = Task.Delay(Timeout.Infinite, cancellationToken);
            using var progressStop = new CancellationTokenSource();
            var progress = ReportProgressAsync(coordinator, packetIo?.Counters, progressStop.Token);
            // A probe database that cannot be read stops the scan at once, not after the port scan.
            var badProbes = probes is null ? Task.Delay(Timeout.Infinite, progressStop.Token) : FaultOf(probes, progressStop.Token);
            var first = await Task.WhenAny(completed, stopped, cancelled, badProbes).ConfigureAwait(false);
            await progressStop.CancelAsync().ConfigureAwait(false);
            await progress.ConfigureAwait(false);
            if (first == cancelled || first == badProbes)
            {
                try
                {
                    await coordinator.Ask<ScanCoordinator.Protocol.Paused>(ScanCoordinator.Protocol.Pause.Instance, TimeSpan.FromSeconds(10))
                        .ConfigureAwait(false);
                }
                catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
                {
                    // The journal holds what was written before; the resume re-probes the rest.
                }
                if (first == badProbes) await probes!.ConfigureAwait(false); // rethrows why the database is bad
                throw new ScanPausedException(ScanId);
            }
            if (first == stopped)
                // A failing coordinator answers its waiters just before it stops; give that answer a moment to arrive.
                await Task.WhenAny(completed, Task.Delay(TimeSpan.FromSeconds(2))).ConfigureAwait(false);
            if (!completed.IsCompleted) throw new InvalidOperationException("the scan stopped before it completed");
            if (probes is not null) await probes.ConfigureAwait(false); // rethrows a bad probe database
            var report = (await completed.ConfigureAwait(false)).Report;
            return _hosts is null ? report : report with { Hosts = _hosts.ByAddress() };
        }
        finally
        {
            StartupTrace.Mark("scan completed");
            await system.Terminate().ConfigureAwait(false);
            StartupTrace.Mark("actor system terminated");
        }
    }

    private DateTimeOffset _started;
    private double _lastPercent;

    /// <summary>Polls the coordinator and publishes monotonic progress, below 100 until the scan completes.</summary>
    private async Task ReportProgressAsync(IActorRef coordinator, PacketCounters? counters, CancellationToken stop)
    {
        long hostsTotal = (long)Math.Min(_config.Targets.MaxCount, long.MaxValue);
        long portsPerHost = _config.PingOnly ? 0 : _config.ScanTypes.Sum(t => (long)_config.PortsFor(t).Length);
        try
        {
            while (true)
            {
                await Task.Delay(ProgressInterval, stop).ConfigureAwait(false);
                ScanCoordinator.Protocol.Progress p;
                try
                {
                    p = await coordinator.Ask<ScanCoordinator.Protocol.Progress>(ScanCoordinator.Protocol.GetProgress.Instance, TimeSpan.FromSeconds(2), stop)
                        .ConfigureAwait(false);
                }
                catch (AskTimeoutException)
                {
                    continue;
                }
                long planned = hostsTotal * portsPerHost;
                double fraction = Math.Max(planned == 0 ? 0 : (double)p.PortsDone / planned, hostsTotal == 0 ? 0 : (double)p.HostsDone / hostsTotal);
                double percent = Math.Max(_lastPercent, Math.Min(99.9, Math.Round(fraction * 100, 1)));
                _lastPercent = percent;
                var elapsed = DateTimeOffset.UtcNow - _started;
                double rate = elapsed.TotalSeconds > 0 ? p.PortsDone / elapsed.TotalSeconds : 0;
                TimeSpan? remaining = fraction is > 0 and < 1 ? elapsed * ((1 - fraction) / fraction) : null;
                _progress.OnNext(new ScanProgress(percent, p.HostsDone, hostsTotal, p.PortsDone, planned, _results.OpenPorts,
                    elapsed, rate, remaining, counters?.Malformed ?? 0));
            }
        }
        catch (OperationCanceledException)
        {
            // The scan ended.
        }
    }

    private ScanProgress FinalProgress(ScanReport report)
    {
        var elapsed = DateTimeOffset.UtcNow - _started;
        long ports = report.Statistics.TotalPortsScanned;
        return new ScanProgress(100, report.Statistics.TotalHosts, (long)Math.Min(_config.Targets.MaxCount, long.MaxValue), ports,
            ports, report.Statistics.PortsOpen, elapsed, elapsed.TotalSeconds > 0 ? ports / elapsed.TotalSeconds : 0, TimeSpan.Zero);
    }
}

/// <summary>Keeps every finished host, for a report that carries them (<c>keepHosts</c>).</summary>
internal sealed class HostCollector : IResultSink
{
    private readonly List<HostResult> _hosts = new();

    public void OnScanStarted(ScanInfo info) => _hosts.Clear();

    public void OnHost(HostResult host) => _hosts.Add(host);

    /// <summary>The hosts in address order.</summary>
    public IReadOnlyList<HostResult> ByAddress() =>
        _hosts.OrderBy(h => ProRT.Protocols.Targets.Ipv4.ToUInt32(h.Address)).ToList();
}
