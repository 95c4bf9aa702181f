using System.Diagnostics;
using Akka.Actor;
using ProRT.Actors.Hosts;
using ProRT.Actors.Persistence;
using ProRT.Actors.Scanning;
using ProRT.Protocols.Ports;
using ProRT.Protocols.Results;
using ProRT.Protocols.Scanning;
using ProRT.Protocols.Targets;

namespace ProRT.Benchmarks;

/// <summary>
/// How fast the scan journal takes results, and how long a scan with a million results takes to recover.
/// The real ScanCoordinator journals a full-port scan of 16 hosts (1,048,560 results) whose host actors are
/// stand-ins that report every port at once, so the journal, not the network, sets the pace. Nothing is sent.
/// </summary>
public static class JournalBenchmark
{
    private const int Hosts = 16;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length != 1)
        {
            Console.Error.WriteLine("usage: journal <sqlite-file|postgres-url>");
            return 1;
        }
        var journal = JournalSettings.Parse(args[0]);
        journal.Prepare();
        var config = new ScanConfig
        {
            Targets = new TargetSet([TargetSpecParser.Parse("198.18.5.0/28")]),
            Ports = new PortList(Enumerable.Range(1, 65535).Select(p => (ushort)p).ToArray(), []),
            SkipDiscovery = true,
            ResolveNames = false,
            MaxHostgroup = Hosts,
        };
        var definition = new ScanDefinition(ScanJournal.NewScanId(), config, DateTimeOffset.UtcNow);
        long results = (long)Hosts * 65535;

        var write = Stopwatch.StartNew();
        using (var system = ActorSystem.Create("bench", Scanner.DefaultAkkaConfig.WithFallback(journal.ToAkkaConfig())))
        {
            var coordinator = system.ActorOf(ScanCoordinator.Props(definition, [], "bench", (target, c, _, _) => Props.Create(() => new AllPortsHost(target, c))));
            var done = await coordinator.Ask<ScanCoordinator.Protocol.ScanCompleted>(ScanCoordinator.Protocol.AwaitCompletion.Instance, TimeSpan.FromMinutes(20));
            if (done.Report.Statistics.TotalPortsScanned != results) throw new InvalidOperationException("results missing from the report");
            await system.Terminate();
        }
        write.Stop();
        Console.WriteLine($"journal {journal.Display}: wrote {results:N0} port results in {write.Elapsed.TotalSeconds:F2} s ({results / write.Elapsed.TotalSeconds:N0} results/s)");
        Console.WriteLine($"scan id: {definition.ScanId}");

        var find = Stopwatch.StartNew();
        var summary = await ScanJournal.FindAsync(journal, definition.ScanId) ?? throw new InvalidOperationException("scan not found");
        find.Stop();
        if (summary.PortsDone != results) throw new InvalidOperationException($"recovered {summary.PortsDone} results");
        Console.WriteLine($"recovery (prtip scans / resume's first look): {find.Elapsed.TotalSeconds:F2} s for {summary.PortsDone:N0} results");

        var resume = Stopwatch.StartNew();
        var report = await new Scanner(config, journal: new ScanJournalOptions(journal, definition.ScanId)).ExecuteAsync();
        resume.Stop();
        if (report.Statistics.TotalPortsScanned != results) throw new InvalidOperationException("resume lost results");
        Console.WriteLine($"resume of the finished scan (recover, rebuild the report): {resume.Elapsed.TotalSeconds:F2} s");
        return 0;
    }

    /// <summary>Stands in for a HostScanner: reports all its ports closed, in the batches a real scan sends.</summary>
    private sealed class AllPortsHost : ReceiveActor
    {
        public AllPortsHost(Target target, ScanConfig config)
        {
            var address = Ipv4.ToAddress(target.Address);
            var now = DateTimeOffset.UtcNow;
            var ports = config.Ports.Tcp.Select(p => new ScanResult(address, p, Protocol.Tcp, PortState.Closed, "reset",
                TimeSpan.FromMilliseconds(0.2), now)).ToArray();
            foreach (var chunk in ports.Chunk(512)) Context.Parent.Tell(new HostScanner.Protocol.PortsFound(chunk));
            Context.Parent.Tell(new HostScanner.Protocol.HostScanCompleted(new HostResult(address, null, HostState.Up, "user-set", ports)));
        }
    }
}
