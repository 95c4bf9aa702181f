using Akka.Actor;
using Akka.TestKit.Xunit2;
using ProRT.Actors.Hosts;
using ProRT.Actors.Persistence;
using ProRT.Actors.Scanning;
using ProRT.Actors.Timing;
using ProRT.Protocols.Ports;
using ProRT.Protocols.Results;
using ProRT.Protocols.Scanning;
using ProRT.Protocols.Targets;

namespace ProRT.Actors.Tests.Scanning;

public sealed class ScanCoordinatorSpecs : TestKit
{
    // Stand-in host actors: nothing is sent on any network, the addresses are only names here.
    private sealed record Started(Target Target, IActorRef Host);

    private sealed class FakeHost : ReceiveActor
    {
        public FakeHost(Target target, IActorRef probe, bool fail, bool waitForGo)
        {
            if (fail) throw new InvalidOperationException($"boom on {target}");
            probe.Tell(new Started(target, Self));
            Receive<string>(s => s == "go", _ => Context.Parent.Tell(new HostScanner.Protocol.HostScanCompleted(
                new HostResult(Ipv4.ToAddress(target.Address), null, HostState.Up, "user-set",
                    [new ScanResult(Ipv4.ToAddress(target.Address), 80, Protocol.Tcp, PortState.Open, "syn-ack", TimeSpan.Zero, DateTimeOffset.UtcNow)]))));
            if (!waitForGo) Self.Tell("go");
        }
    }

    public ScanCoordinatorSpecs() : base(JournalSettings.InMemory.ToAkkaConfig()) { }

    private static ScanDefinition Definition(string targets, int hostgroup) =>
        new(ScanJournal.NewScanId() + Guid.NewGuid().ToString("N")[..6], Config(targets, hostgroup), DateTimeOffset.UtcNow);

    private static ScanConfig Config(string targets, int hostgroup) => new()
    {
        Targets = new TargetSet([TargetSpecParser.Parse(targets)]),
        Ports = new PortList([80], []),
        MaxHostgroup = hostgroup,
        ResolveNames = false,
    };

    private ScanCoordinator.HostScannerFactory Fake(IActorRef probe, bool waitForGo, uint? failing = null) =>
        (target, _, _, _) => Props.Create(() => new FakeHost(target, probe, target.Address == failing, waitForGo));

    [Fact]
    public void Never_has_more_hosts_in_flight_than_the_hostgroup()
    {
        var probe = CreateTestProbe();
        var hosts = new HostCollector();
        var coordinator = Sys.ActorOf(ScanCoordinator.Props(Definition("198.18.5.0/28", 4), [hosts], "test", Fake(probe, waitForGo: true)));
        coordinator.Tell(ScanCoordinator.Protocol.AwaitCompletion.Instance);

        var first = Enumerable.Range(0, 4).Select(_ => probe.ExpectMsg<Started>()).ToList();
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(300));

        first[0].Host.Tell("go");
        var next = probe.ExpectMsg<Started>();
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.DoesNotContain(next.Target, first.Select(f => f.Target));

        // Release the rest one by one; each release admits at most one new host.
        var running = first.Skip(1).Append(next).ToList();
        int started = 5;
        while (running.Count > 0)
        {
            var host = running[0];
            running.RemoveAt(0);
            host.Host.Tell("go");
            if (started < 16)
            {
                running.Add(probe.ExpectMsg<Started>());
                started++;
            }
        }

        var report = ExpectMsg<ScanCoordinator.Protocol.ScanCompleted>(TimeSpan.FromSeconds(5)).Report;
        Assert.Empty(report.Hosts); // the hosts went to the sinks
        Assert.Equal(16, report.Statistics.TotalHosts);
        Assert.Equal(16, report.Statistics.PortsOpen);
        Assert.Equal(16, hosts.ByAddress().Select(h => h.Address).Distinct().Count());
    }

    [Fact]
    public void A_failing_host_actor_is_reported_and_the_scan_goes_on()
    {
        var probe = CreateTestProbe();
        var failing = Ipv4.ToUInt32(System.Net.IPAddress.Parse("198.18.5.3"));
        var collected = new HostCollector();
        var coordinator = Sys.ActorOf(ScanCoordinator.Props(Definition("198.18.5.1-6", 2), [collected], "test", Fake(probe, waitForGo: false, failing)));
        coordinator.Tell(ScanCoordinator.Protocol.AwaitCompletion.Instance);

        var report = ExpectMsg<ScanCoordinator.Protocol.ScanCompleted>(TimeSpan.FromSeconds(5)).Report;
        var hosts = collected.ByAddress();
        Assert.Equal(6, hosts.Count);
        var broken = Assert.Single(hosts, h => h.Error is not null);
        Assert.Equal("198.18.5.3", broken.Address.ToString());
        Assert.Contains("boom", broken.Error);
        Assert.Equal(5, hosts.Count(h => h.State == HostState.Up));
        Assert.Equal(5, report.Statistics.HostsUp);
    }

    [Fact]
    public void Reports_progress_while_running()
    {
        var probe = CreateTestProbe();
        var coordinator = Sys.ActorOf(ScanCoordinator.Props(Definition("198.18.5.1-3", 8), [], "test", Fake(probe, waitForGo: true)));
        for (int i = 0; i < 3; i++) probe.ExpectMsg<Started>();
        coordinator.Tell(ScanCoordinator.Protocol.GetProgress.Instance);
        var progress = ExpectMsg<ScanCoordinator.Protocol.Progress>();
        Assert.Equal(0, progress.HostsDone);
        Assert.Equal(3, progress.HostsInFlight);
        Assert.True(progress.TargetsExhausted);
    }
}
