using Akka.Actor;
using ProRT.Actors.Hosts;
using ProRT.Actors.Persistence;
using ProRT.Actors.Scanning;
using ProRT.Protocols.Ports;
using ProRT.Protocols.Results;
using ProRT.Protocols.Scanning;
using ProRT.Protocols.Targets;

namespace ProRT.Tests.Journal;

/// <summary>
/// Writes scans into a journal through a real <see cref="ScanCoordinator"/> whose host actors only pretend, so a test
/// chooses a scan's start time and whether it finishes. No packet is sent; the addresses are loopback all the same.
/// </summary>
internal static class JournaledScans
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static readonly ushort[] Ports = [22, 80, 443];

    /// <summary>A connect scan of <paramref name="targets"/> (loopback), one host at a time, three ports each.</summary>
    public static ScanDefinition Definition(string scanId, DateTimeOffset start, string targets = "127.0.0.1") => new(scanId, new ScanConfig
    {
        Targets = new TargetSet([TargetSpecParser.Parse(targets)]),
        Ports = new PortList(Ports, []),
        ScanType = ScanType.Connect,
        SkipDiscovery = true,
        ResolveNames = false,
        MaxHostgroup = 1,
    }, start);

    /// <summary>
    /// Journals the scan <paramref name="definition"/>: to its end when <paramref name="finish"/>, else until its
    /// hosts are handed out (it is then paused, unfinished, as Ctrl-C leaves it).
    /// </summary>
    public static async Task WriteAsync(JournalSettings journal, ScanDefinition definition, bool finish)
    {
        journal.Prepare();
        using var system = ActorSystem.Create("journaled-scans", Scanner.DefaultAkkaConfig.WithFallback(journal.ToAkkaConfig()));
        try
        {
            var coordinator = system.ActorOf(ScanCoordinator.Props(definition, [], "test",
                (target, _, _, _) => Props.Create(() => new PretendHost(target, finish))));
            if (finish)
            {
                await coordinator.Ask<ScanCoordinator.Protocol.ScanCompleted>(ScanCoordinator.Protocol.AwaitCompletion.Instance, Patience);
                return;
            }
            // An answer comes once the events before it are journaled (the coordinator stashes while it persists).
            var deadline = DateTime.UtcNow + Patience;
            while ((await coordinator.Ask<ScanCoordinator.Protocol.Progress>(ScanCoordinator.Protocol.GetProgress.Instance, Patience)).HostsInFlight == 0)
            {
                if (DateTime.UtcNow > deadline) throw new TimeoutException("the scan handed out no host");
                await Task.Delay(20);
            }
            await coordinator.Ask<ScanCoordinator.Protocol.Paused>(ScanCoordinator.Protocol.Pause.Instance, Patience);
        }
        finally
        {
            await system.Terminate();
        }
    }

    /// <summary>Finishes its host at once with made-up ports, or never.</summary>
    private sealed class PretendHost : ReceiveActor
    {
        public PretendHost(Target target, bool finish)
        {
            if (!finish) return;
            var address = Ipv4.ToAddress(target.Address);
            var ports = Ports.Select(p => new ScanResult(address, p, Protocol.Tcp, p == 80 ? PortState.Open : PortState.Closed,
                p == 80 ? "syn-ack" : "conn-refused", TimeSpan.FromMilliseconds(1), DateTimeOffset.UtcNow)).ToArray();
            Context.Parent.Tell(new HostScanner.Protocol.HostScanCompleted(new HostResult(address, null, HostState.Up, "user-set", ports)));
        }
    }
}
