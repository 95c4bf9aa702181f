using System.Reflection;
using Akka.Actor;
using Akka.Configuration;
using ProRT.Actors.PacketIo;
using ProRT.Actors.Results;
using ProRT.Protocols.Results;
using ProRT.Protocols.Scanning;

namespace ProRT.Actors.Scanning;

/// <summary>
/// Runs one scan in its own actor system and returns its report. This is the entry point the `prtip` program
/// and embedding applications share.
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

    /// <param name="packetTrace">Where --packet-trace lines go; null for none.</param>
    public Scanner(ScanConfig config, IEnumerable<IResultSink>? sinks = null, Config? akkaConfig = null, TextWriter? packetTrace = null)
    {
        _packetTrace = packetTrace;
        _config = config;
        _sinks = sinks?.ToList() ?? [];
        _akkaConfig = akkaConfig is null ? DefaultAkkaConfig : akkaConfig.WithFallback(DefaultAkkaConfig);
    }

    /// <summary>The program's version, as reports carry it.</summary>
    public static string Version { get; } =
        typeof(Scanner).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";

    public async Task<ScanReport> ExecuteAsync(CancellationToken cancellationToken = default)
    {
        using var system = ActorSystem.Create("prtip", _akkaConfig);
        try
        {
            var packetIo = _config.ScanType.NeedsRawPackets()
                ? PacketIoSettings.Create(_config.SourcePort, _packetTrace is null ? null : new PacketTrace(_packetTrace), _config.Interface)
                : null;
            var coordinator = system.ActorOf(ScanCoordinator.Props(_config, _sinks, Version, packetIo: packetIo), "scan");
            var stopped = coordinator.WatchAsync(cancellationToken);
            var completed = coordinator.Ask<ScanCoordinator.Protocol.ScanCompleted>(
                ScanCoordinator.Protocol.AwaitCompletion.Instance, Timeout.InfiniteTimeSpan, cancellationToken);
            var first = await Task.WhenAny(completed, stopped).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            if (first == stopped && !completed.IsCompletedSuccessfully)
                throw new InvalidOperationException("the scan stopped before it completed");
            return (await completed.ConfigureAwait(false)).Report;
        }
        finally
        {
            await system.Terminate().ConfigureAwait(false);
        }
    }
}
