using System.Net;
using Akka.Actor;
using ProRT.Actors.Cluster;
using ProRT.Actors.Hosts;
using ProRT.Actors.Persistence;
using ProRT.Protocols.Ports;
using ProRT.Protocols.Results;
using ProRT.Protocols.Scanning;
using ProRT.Protocols.Targets;

namespace ProRT.Actors.Tests.Formats;

/// <summary>
/// Fixed journal entries and cluster messages whose bytes are kept under Golden/: every field set and unset at least
/// once. They must never change, or the golden bytes no longer say what they were encoded from.
/// </summary>
internal static class FormatSamples
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 10, 20, 30, 456, TimeSpan.Zero);

    /// <summary>The actor path the samples' references resolve to; the tests' actor system is named "test".</summary>
    internal const string ClientPath = "akka://test/user/client";

    private static IPAddress A(string s) => IPAddress.Parse(s);

    private static Target T(string s, string? name = null) => new(Ipv4.ToUInt32(A(s)), name);

    private static ScanResult Plain(string ip, ushort port, PortState state = PortState.Open) =>
        new(A(ip), port, Protocol.Tcp, state, "syn-ack", TimeSpan.FromTicks(12_345 + port), T0.AddTicks(port));

    // Journal format 4 added the device type, confidence and fingerprint (and all CPEs) to the services.
    private static ScanResult Rich(string ip, ushort port, int journal) =>
        new(A(ip), port, Protocol.Tcp, PortState.Open, "syn-ack", TimeSpan.FromMilliseconds(1.5), T0.AddMinutes(1),
            journal < 4
                ? new ServiceInfo("http", "nginx", "1.25.3", "cpe:/a:nginx:nginx:1.25.3", "Linux", "Ubuntu", "www.example", "ssl")
                : new ServiceInfo("http", "nginx", "1.25.3", "cpe:/a:nginx:nginx:1.25.3 cpe:/o:linux:linux_kernel", "Linux", "Ubuntu",
                    "www.example", "ssl", DeviceType: "proxy server", Fingerprint: "SF-Port80-TCP:V=7.93%T=SSL%I=7%D=12/1%Time=692D6C36%P=x86_64-pc-linux-gnu%r(GetR\nSF:equest,3,\"a\\x20b\");"),
            "HTTP/1.1 200 OK\r\n\u00e9", ReasonTtl: 64);

    private static ScanResult UdpName(string ip, ushort port, int journal) =>
        new(A(ip), port, Protocol.Udp, PortState.OpenFiltered, "no-response", TimeSpan.Zero, T0,
            journal < 4 ? new ServiceInfo("snmp") : new ServiceInfo("snmp", Confidence: ServiceInfo.Table));

    private static HostResult Host(int journal) => new(A("198.18.0.9"), "nine.example", HostState.Up, "syn-ack",
        [Plain("198.18.0.9", 22, PortState.Closed), Rich("198.18.0.9", 80, journal), UdpName("198.18.0.9", 161, journal)],
        TimeSpan.FromMicroseconds(1234), new OsMatch("Linux 5.x", 97, "cpe:/o:linux:linux_kernel:5"), null, false);

    private static HostResult Broken() => new(A("198.18.0.10"), null, HostState.Down, "error", [], null, null,
        "host scanner stopped unexpectedly", TimedOut: true);

    internal static ScanDefinition Definition() => new("20261201-102030-beef", new ScanConfig
    {
        Targets = new TargetSet([TargetSpecParser.Parse("198.18.0.1-20")], [TargetSpecParser.Parse("198.18.0.13")]),
        Ports = new PortList([22, 80, 443], [53, 161]),
        ScanType = ScanType.Syn,
        AlsoUdp = true,
        ResolveNames = false,
        ServiceDetection = true,
        VersionIntensity = 5,
    }, T0, "{\"XmlFile\":\"out.xml\"}");

    /// <summary>Journal entries (<see cref="ScanEventSerializer"/>), in the order of their golden files.</summary>
    /// <param name="journal">The journal format whose fields they fill.</param>
    internal static object[] JournalEntries(int journal = 4)
    {
        var state = ScanState.Empty;
        ScanCommand[] commands =
        [
            new ScanCommand.Start(Definition()),
            new ScanCommand.Issue([T("198.18.0.1"), T("198.18.0.2", "two.example"), T("198.18.0.9", "nine.example")], false),
            new ScanCommand.Discover([new DiscoveredHost(T("198.18.0.1"), HostState.Up, "echo-reply", TimeSpan.FromMilliseconds(4))]),
            new ScanCommand.RecordPorts([Plain("198.18.0.1", 22), Rich("198.18.0.1", 80, journal), UdpName("198.18.0.2", 53, journal)]),
            new ScanCommand.FinishHosts([Host(journal)]),
        ];
        foreach (var command in commands)
            foreach (var e in state.Process(command))
                state = state.Apply(e);
        return
        [
            new ScanStarted(Definition()),
            new HostsIssued([T("198.18.0.1"), T("198.18.0.2", "two.example")], Exhausted: true),
            new HostsDiscovered([
                new DiscoveredHost(T("198.18.0.1"), HostState.Up, "echo-reply", TimeSpan.FromTicks(98_765)),
                new DiscoveredHost(T("198.18.0.2", "two.example"), HostState.Down, "no-response", null),
            ]),
            new PortsResolved([Plain("198.18.0.1", 1), Rich("198.18.0.1", 443, journal), UdpName("198.18.0.2", 53, journal)]),
            new HostsFinished([Host(journal), Broken()]),
            new ScanEnded(T0.AddHours(1), 4096),
            new ScanEnded(T0, null),
            state,
            ScanState.Empty,
        ];
    }

    /// <summary>Cluster messages and the scan manager's events (<see cref="ClusterMessageSerializer"/>), in the order of their golden files.</summary>
    /// <param name="system">Resolves the actor references.</param>
    /// <param name="cluster">The cluster format whose fields they fill (format 2 carries journal format 4's port results).</param>
    internal static object[] ClusterMessages(ExtendedActorSystem system, int cluster = 2)
    {
        int journal = cluster < 2 ? 3 : 4;
        var client = system.Provider.ResolveActorRef(ClientPath);
        return
        [
            new ClusterProtocol.ScanHost("20261201-102030-beef", Definition(), T("198.18.0.2", "two"), [Plain("198.18.0.2", 22)], client),
            new ClusterProtocol.HostScanStarted("akka.tcp://prtip@127.0.0.1:4053"),
            new HostScanner.Protocol.PortsFound([Plain("198.18.0.2", 1), Rich("198.18.0.2", 80, journal)]),
            new HostScanner.Protocol.HostScanCompleted(Host(journal)),
            new ClusterProtocol.SubmitScan(Definition(), client),
            new ClusterProtocol.ScanAccepted("20261201-102030-beef", null),
            new ClusterProtocol.ScanAccepted("s1", "scan 's1' is already running"),
            new ClusterProtocol.HostReport("s1", Host(journal)),
            new ClusterProtocol.ScanEnded("s1", null),
            new ClusterProtocol.ScanEnded("s1", "the scan failed"),
            ClusterProtocol.GetNodeStatus.Instance,
            new ClusterProtocol.NodeStatus("akka.tcp://prtip@127.0.0.1:4054", new Dictionary<string, int> { ["s1"] = 3, ["s2"] = 1 }, 9),
            ClusterProtocol.GetScans.Instance,
            new ClusterProtocol.Scans(["s1", "s2"]),
            new ClusterProtocol.ScanSubmitted(Definition(), ClientPath),
            new ClusterProtocol.ScanClosed("20261201-102030-beef"),
            new ClusterProtocol.ScanClosed("x"),
            ClusterProtocol.GetClusterStatus.Instance,
            new ClusterStatus([
                new MemberStatus("akka.tcp://prtip@127.0.0.1:4053", "scanner", "Up", new ClusterProtocol.NodeStatus("akka.tcp://prtip@127.0.0.1:4053", new Dictionary<string, int>(), 0)),
                new MemberStatus("akka.tcp://prtip@127.0.0.1:4054", "scanner", "Leaving", null),
            ], ["s1"]),
        ];
    }
}
