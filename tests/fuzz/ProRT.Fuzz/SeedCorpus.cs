using System.Net;
using Akka.Actor;
using ProRT.Actors.Cluster;
using ProRT.Actors.Hosts;
using ProRT.Actors.Persistence;
using ProRT.Protocols.Ports;
using ProRT.Protocols.Results;
using ProRT.Protocols.Scanning;
using ProRT.Protocols.Targets;

namespace ProRT.Fuzz;

/// <summary>
/// Writes the seeds of the binary targets (journal entries, cluster messages) as the serializers encode them today,
/// each prefixed by the byte that selects its manifest. The text targets' seeds are written by hand.
/// </summary>
internal static class SeedCorpus
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public static void Write(string directory)
    {
        var definition = new ScanDefinition("20260102-030405-f00d", new ScanConfig
        {
            Targets = new TargetSet([TargetSpecParser.Parse("198.18.0.1-3")]),
            Ports = new PortList([22, 80], [53]),
            ScanType = ScanType.Syn,
            AlsoUdp = true,
        }, T0);
        var open = new ScanResult(IPAddress.Parse("198.18.0.2"), 80, Protocol.Tcp, PortState.Open, "syn-ack",
            TimeSpan.FromMilliseconds(1), T0, new ServiceInfo("http", "nginx", "1.22.1", Tunnel: "ssl"), "HTTP/1.1 200", 64);
        var closed = new ScanResult(IPAddress.Parse("198.18.0.2"), 22, Protocol.Tcp, PortState.Closed, "reset", TimeSpan.Zero, T0);
        var host = new HostResult(IPAddress.Parse("198.18.0.2"), "two", HostState.Up, "syn-ack", [open, closed],
            TimeSpan.FromMilliseconds(2), new OsMatch("Linux", 90, "cpe:/o:linux"));
        var target = new Target(0xC6120002, "two");

        var state = ScanState.Empty;
        ScanCommand[] commands =
        [
            new ScanCommand.Start(definition),
            new ScanCommand.Issue([target, new Target(0xC6120003, null)], false),
            new ScanCommand.Discover([new DiscoveredHost(target, HostState.Up, "echo-reply", TimeSpan.FromMilliseconds(3))]),
            new ScanCommand.RecordPorts([open, closed with { Target = IPAddress.Parse("198.18.0.3") }]),
        ];
        foreach (var command in commands)
            foreach (var e in state.Process(command))
                state = state.Apply(e);

        object[] journal =
        [
            new ScanStarted(definition), new HostsIssued([target], true),
            new HostsDiscovered([new DiscoveredHost(target, HostState.Down, "no-response", null)]),
            new PortsResolved([open, closed]), new HostsFinished([host]), new ScanEnded(T0, 3), state,
        ];
        using var system = ActorSystem.Create("seeds", "akka.loglevel = OFF\nakka.stdout-loglevel = OFF");
        var journalSerializer = new ScanEventSerializer((ExtendedActorSystem)system);
        var dir = Directory.CreateDirectory(Path.Combine(directory, "journal")).FullName;
        foreach (var o in journal)
        {
            string manifest = journalSerializer.Manifest(o);
            byte selector = (byte)Array.IndexOf(FuzzTargets.JournalManifests, manifest);
            File.WriteAllBytes(Path.Combine(dir, manifest), [selector, .. ScanEventSerializer.Encode(o)]);
        }

        var serializer = new ClusterMessageSerializer((ExtendedActorSystem)system);
        var nobody = system.DeadLetters;
        var node = new ClusterProtocol.NodeStatus("akka.tcp://prtip@127.0.0.1:4053", new Dictionary<string, int> { ["s1"] = 2 }, 7);
        object[] cluster =
        [
            new ClusterProtocol.ScanHost("s1", definition, target, [closed], nobody), new ClusterProtocol.HostScanStarted("n1"),
            new HostScanner.Protocol.PortsFound([open]), new HostScanner.Protocol.HostScanCompleted(host),
            new ClusterProtocol.SubmitScan(definition, nobody), new ClusterProtocol.ScanAccepted("s1", "busy"),
            new ClusterProtocol.HostReport("s1", host), new ClusterProtocol.ScanEnded("s1", null), node,
            new ClusterProtocol.Scans(["s1", "s2"]), new ClusterProtocol.ScanSubmitted(definition, "akka://x/user/c"),
            new ClusterProtocol.ScanClosed("s1"),
            new ClusterStatus([new MemberStatus("akka.tcp://prtip@127.0.0.1:4053", "scanner", "Up", node)], ["s1"]),
        ];
        dir = Directory.CreateDirectory(Path.Combine(directory, "cluster")).FullName;
        foreach (var o in cluster)
        {
            string manifest = serializer.Manifest(o);
            byte selector = (byte)Array.IndexOf(FuzzTargets.ClusterManifests, manifest);
            File.WriteAllBytes(Path.Combine(dir, manifest), [selector, .. serializer.ToBinary(o)]);
        }
    }
}
