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
public sealed record ScanJournalOptions(JournalSettings Journal, string? ScanId = null, string? Annotation = null);

/// <summary>The scan was stopped on request after its journal was flushed; <see cref="ScanId"/> resumes it.</summary>
public sealed class ScanPausedException(string scanId) : OperationCanceledException($"scan {scanId} paused")
{
    public string ScanId { get; } = scanId;
}

/// <summary>
/// Runs one scan in its own actor system and returns its report. This is the entry point the `prtip` program
/// and embedding applications share. With a journal, a scan whose id the journal already holds is resumed.
/// </summary>
public sealed class Scanner
{
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

    /// <param name="packetTrace">Where --packet-trace lines go; null for none.</param>
    /// <param name="journal">Where the scan is journaled; in memory (no resume) when null.</param>
    public Scanner(ScanConfig config, IEnumerable<IResultSink>? sinks = null, Config? akkaConfig = null, TextWriter? packetTrace = null,
        ScanJournalOptions? journal = null)
    {
        _packetTrace = packetTrace;
        _config = config;
        _sinks = sinks?.ToList() ?? [];
        _akkaConfig = akkaConfig is null ? DefaultAkkaConfig : akkaConfig.WithFallback(DefaultAkkaConfig);
        _journal = journal ?? new ScanJournalOptions(JournalSettings.InMemory);
        ScanId = _journal.ScanId ?? ScanJournal.NewScanId();
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
        _journal.Journal.Prepare();
        using var system = ActorSystem.Create("prtip", _akkaConfig.WithFallback(_journal.Journal.ToAkkaConfig()));
        try
        {
            var packetIo = _config.UsesRawPackets
                ? PacketIoSettings.Create(_config.SourcePort, _packetTrace is null ? null : new PacketTrace(_packetTrace), _config.Interface)
                : null;
            var definition = new ScanDefinition(ScanId, _config, DateTimeOffset.UtcNow, _journal.Annotation);
            var coordinator = system.ActorOf(ScanCoordinator.Props(definition, _sinks, Version, packetIo: packetIo), "scan");
            var stopped = coordinator.WatchAsync(CancellationToken.None);
            var completed = coordinator.Ask<ScanCoordinator.Protocol.ScanCompleted>(
                ScanCoordinator.Protocol.AwaitCompletion.Instance, Timeout.InfiniteTimeSpan, CancellationToken.None);
            var cancelled = Task.Delay(Timeout.Infinite, cancellationToken);
            var first = await Task.WhenAny(completed, stopped, cancelled).ConfigureAwait(false);
            if (first == cancelled)
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
                throw new ScanPausedException(ScanId);
            }
            if (first == stopped)
                // A failing coordinator answers its waiters just before it stops; give that answer a moment to arrive.
                await Task.WhenAny(completed, Task.Delay(TimeSpan.FromSeconds(2))).ConfigureAwait(false);
            if (!completed.IsCompleted) throw new InvalidOperationException("the scan stopped before it completed");
            return (await completed.ConfigureAwait(false)).Report;
        }
        finally
        {
            await system.Terminate().ConfigureAwait(false);
        }
    }
}
