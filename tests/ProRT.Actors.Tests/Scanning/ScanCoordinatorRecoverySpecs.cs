using System.Net;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using ProRT.Actors.Hosts;
using ProRT.Actors.Persistence;
using ProRT.Actors.Results;
using ProRT.Actors.Scanning;
using ProRT.Protocols.Ports;
using ProRT.Protocols.Results;
using ProRT.Protocols.Scanning;
using ProRT.Protocols.Targets;

namespace ProRT.Actors.Tests.Scanning;

/// <summary>
/// A scan stopped half way and started again with the same definition goes on from its journal (in memory here):
/// finished hosts are not scanned again, a host in flight is scanned again less the ports already journaled.
/// </summary>
public sealed class ScanCoordinatorRecoverySpecs() : TestKit(JournalSettings.InMemory.ToAkkaConfig())
{
    private static readonly ushort[] Ports = [22, 80, 443, 8080];
    /// <summary>How long to wait for what must happen (generous: a loaded machine is slow, a passing run never waits it out).</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static readonly DateTimeOffset T0 = new(2025, 5, 6, 7, 8, 9, TimeSpan.Zero);

    // Stand-in host actors: nothing is sent on any network, the addresses are only names here.
    private sealed record Started(Target Target, IActorRef Host, IReadOnlyList<ScanResult> Done);

    /// <summary>Report the next <paramref name="Count"/> ports as found, without finishing.</summary>
    private sealed record Report(int Count);

    private static PortState StateOf(uint address, ushort port) => (address + port) % 3 == 0 ? PortState.Open : PortState.Closed;

    private static ScanResult Result(uint address, ushort port) =>
        new(Ipv4.ToAddress(address), port, Protocol.Tcp, StateOf(address, port), StateOf(address, port) == PortState.Open ? "syn-ack" : "conn-refused",
            TimeSpan.FromMilliseconds(port % 10), T0.AddSeconds(port));

    /// <summary>Behaves as HostScanner does with its <c>done</c> list: probes only the rest, reports everything at the end.</summary>
    private sealed class FakeHost : ReceiveActor
    {
        public FakeHost(Target target, IReadOnlyList<ScanResult> done, IActorRef probe)
        {
            var todo = new Queue<ushort>(Ports.Where(p => done.All(d => d.Port != p)));
            var found = new List<ScanResult>();
            probe.Tell(new Started(target, Self, done));
            Receive<Report>(m =>
            {
                var batch = Enumerable.Range(0, Math.Min(m.Count, todo.Count)).Select(_ => Result(target.Address, todo.Dequeue())).ToList();
                found.AddRange(batch);
                Context.Parent.Tell(new HostScanner.Protocol.PortsFound(batch));
            });
            Receive<string>(s => s == "go", _ =>
            {
                var rest = todo.Select(p => Result(target.Address, p)).ToList();
                todo.Clear();
                found.AddRange(rest);
                if (rest.Count > 0) Context.Parent.Tell(new HostScanner.Protocol.PortsFound(rest));
                Context.Parent.Tell(new HostScanner.Protocol.HostScanCompleted(new HostResult(Ipv4.ToAddress(target.Address), null, HostState.Up,
                    "user-set", done.Concat(found).OrderBy(r => r.Port).ToArray())));
            });
        }
    }

    private sealed class RecordingSink : IResultSink
    {
        private readonly object _gate = new();
        private readonly List<HostResult> _hosts = new();
        private readonly List<ScanResult> _ports = new();
        private int _started, _completed;

        public void OnScanStarted(ScanInfo info)
        {
            lock (_gate) _started++;
        }

        public void OnPorts(IReadOnlyList<ScanResult> results)
        {
            lock (_gate) _ports.AddRange(results);
        }

        public void OnHost(HostResult host)
        {
            lock (_gate) _hosts.Add(host);
        }

        public void OnScanCompleted(ScanReport report)
        {
            lock (_gate) _completed++;
        }

        public List<HostResult> Hosts
        {
            get { lock (_gate) return _hosts.ToList(); }
        }

        public List<ScanResult> PortsSeen
        {
            get { lock (_gate) return _ports.ToList(); }
        }

        public (int Started, int Completed) Calls
        {
            get { lock (_gate) return (_started, _completed); }
        }
    }

    private static ScanDefinition Definition() => new(
        "recovery-" + Guid.NewGuid().ToString("N")[..12],
        new ScanConfig
        {
            Targets = new TargetSet([TargetSpecParser.Parse("198.18.7.1-4")]),
            Ports = new PortList(Ports, []),
            MaxHostgroup = 2,
            ResolveNames = false,
        },
        T0);

    private static ScanCoordinator.HostScannerFactory Fake(IActorRef probe) =>
        (target, _, _, done) => Props.Create(() => new FakeHost(target, done, probe));

    private static uint Address(int last) => Ipv4.ToUInt32(IPAddress.Parse($"198.18.7.{last}"));

    private static (uint, ushort)[] Keys(IEnumerable<ScanResult> results) =>
        results.Select(r => (Ipv4.ToUInt32(r.Target), r.Port)).Order().ToArray();

    /// <summary>Snapshots a journal and deletes its first events, as prtip's snapshots did before events became the results.</summary>
    private sealed class Compactor : Akka.Persistence.UntypedPersistentActor
    {
        private readonly long _through;
        private readonly IActorRef _done;

        public Compactor(string persistenceId, long through, IActorRef done)
        {
            PersistenceId = persistenceId;
            _through = through;
            _done = done;
        }

        public override string PersistenceId { get; }

        private ScanState _state = ScanState.Empty;

        protected override void OnRecover(object message)
        {
            // A snapshot of the whole scan first, as the old snapshots were taken before their deletes.
            if (message is IScanEvent e) _state = _state.Apply(e);
            if (message is Akka.Persistence.RecoveryCompleted) SaveSnapshot(_state);
        }

        protected override void OnCommand(object message)
        {
            if (message is Akka.Persistence.SaveSnapshotSuccess) DeleteMessages(_through);
            if (message is Akka.Persistence.DeleteMessagesSuccess or Akka.Persistence.DeleteMessagesFailure) _done.Tell(message);
        }
    }

    [Fact]
    public async Task A_journal_an_earlier_version_compacted_still_gives_whole_outputs_and_says_what_it_lacks()
    {
        var definition = Definition();
        var probe = CreateTestProbe();
        var first = Sys.ActorOf(ScanCoordinator.Props(definition, [], "test", Fake(probe.Ref)));
        var waiting = first.Ask<ScanCoordinator.Protocol.ScanCompleted>(ScanCoordinator.Protocol.AwaitCompletion.Instance, Patience);
        for (int i = 0; i < 4; i++)
        {
            var started = probe.ExpectMsg<Started>(Patience);
            started.Host.Tell("go");
        }
        await waiting;
        var watcher = CreateTestProbe();
        watcher.Watch(first);
        Sys.Stop(first);
        watcher.ExpectTerminated(first, Patience);

        // The scan's start and first hosts handed out are gone, as an old snapshot left them.
        var compactor = CreateTestProbe();
        Sys.ActorOf(Props.Create(() => new Compactor(ScanCoordinator.JournalId(definition.ScanId), 2, compactor.Ref)));
        compactor.ExpectMsg<Akka.Persistence.DeleteMessagesSuccess>(Patience);

        var sink = new RecordingSink();
        await EventFilter.Warning(contains: "deleted old entries").ExpectOneAsync(async () =>
        {
            var again = Sys.ActorOf(ScanCoordinator.Props(definition, [sink], "test", Fake(CreateTestProbe().Ref)));
            var report = (await again.Ask<ScanCoordinator.Protocol.ScanCompleted>(ScanCoordinator.Protocol.AwaitCompletion.Instance, Patience)).Report;
            Assert.Equal(4, report.Statistics.TotalHosts);
        });
        AwaitAssert(() => Assert.Equal((1, 1), sink.Calls), Patience); // opened and closed once: a whole document
    }

    [Fact]
    public async Task A_restarted_scan_goes_on_from_its_journal()
    {
        var definition = Definition();

        // ---- first run: two hosts finish, a third reports two ports, then the coordinator is stopped ----
        var probe1 = CreateTestProbe();
        var sink1 = new RecordingSink();
        var first = Sys.ActorOf(ScanCoordinator.Props(definition, [sink1], "test", Fake(probe1.Ref)));

        var a = probe1.ExpectMsg<Started>(Patience);
        var b = probe1.ExpectMsg<Started>(Patience);
        probe1.ExpectNoMsg(TimeSpan.FromMilliseconds(200)); // hostgroup 2
        Assert.Empty(a.Done);
        a.Host.Tell("go");
        var c = probe1.ExpectMsg<Started>(Patience);
        b.Host.Tell("go");
        var d = probe1.ExpectMsg<Started>(Patience);
        var all = new[] { a, b, c, d }.Select(s => s.Target.Address).Order().ToArray();
        Assert.Equal([Address(1), Address(2), Address(3), Address(4)], all);

        c.Host.Tell(new Report(2));
        // Sinks hear of results only once they are journaled: wait for them (and for the 50 ms flush) before stopping.
        AwaitAssert(() =>
        {
            Assert.Equal(2, sink1.Hosts.Count);
            Assert.Equal(2, sink1.PortsSeen.Count(p => Ipv4.ToUInt32(p.Target) == c.Target.Address));
        }, Patience);
        await Task.Delay(150);
        var partial = sink1.PortsSeen.Where(p => Ipv4.ToUInt32(p.Target) == c.Target.Address).ToList();

        var watcher = CreateTestProbe();
        watcher.Watch(first);
        Sys.Stop(first);
        watcher.ExpectTerminated(first, Patience);
        Assert.Equal((1, 0), sink1.Calls);
        var finishedBefore = new[] { a.Target.Address, b.Target.Address }.Order().ToArray();
        Assert.Equal(finishedBefore, sink1.Hosts.Select(h => Ipv4.ToUInt32(h.Address)).Order());

        // ---- second run, same definition (same scan id) ----
        var probe2 = CreateTestProbe();
        var sink2 = new RecordingSink();
        var second = Sys.ActorOf(ScanCoordinator.Props(definition, [sink2], "test", Fake(probe2.Ref)));

        var restarted = new[] { probe2.ExpectMsg<Started>(Patience), probe2.ExpectMsg<Started>(Patience) }.ToDictionary(s => s.Target.Address);
        probe2.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Assert.Equal(new[] { c.Target.Address, d.Target.Address }.Order(), restarted.Keys.Order());

        // The host in flight gets the ports its journal holds; the one that had reported nothing gets none.
        var again = restarted[c.Target.Address];
        Assert.Equal(2, partial.Count);
        Assert.Equal(partial.OrderBy(p => p.Port), again.Done.OrderBy(p => p.Port)); // whole results, as journaled
        Assert.Empty(restarted[d.Target.Address].Done);

        // The new run's sinks hear of what was done before the restart, before anything new, as the first run's did:
        // the ports journaled as they were found, and the finished hosts.
        AwaitAssert(() =>
        {
            Assert.Equal(finishedBefore, sink2.Hosts.Select(h => Ipv4.ToUInt32(h.Address)).Order());
            Assert.Equal(Keys(partial), Keys(sink2.PortsSeen.Where(p => Ipv4.ToUInt32(p.Target) == c.Target.Address)));
        }, Patience);
        Assert.Equal(Keys(sink1.PortsSeen), Keys(sink2.PortsSeen));
        foreach (var host in sink2.Hosts)
            Assert.Equal(Ports.Select(p => (p, StateOf(Ipv4.ToUInt32(host.Address), p))), host.Ports.Select(r => (r.Port, r.State)));

        foreach (var s in restarted.Values) s.Host.Tell("go");

        var report = (await second.Ask<ScanCoordinator.Protocol.ScanCompleted>(ScanCoordinator.Protocol.AwaitCompletion.Instance, Patience)).Report;
        Assert.Empty(report.Hosts); // they went to the sinks
        AwaitAssert(() => Assert.Equal((1, 1), sink2.Calls), Patience);
        var hosts = sink2.Hosts.OrderBy(h => Ipv4.ToUInt32(h.Address)).ToList();
        Assert.Equal(all, hosts.Select(h => Ipv4.ToUInt32(h.Address)));
        foreach (var host in hosts)
        {
            uint address = Ipv4.ToUInt32(host.Address);
            // Every port exactly once, with its state, in port order.
            Assert.Equal(Ports.Select(p => (p, StateOf(address, p))), host.Ports.Select(r => (r.Port, r.State)));
        }
        Assert.Equal(4 * Ports.Length, report.Statistics.TotalPortsScanned);
        Assert.Equal(hosts.Sum(h => h.Ports.Count(p => p.State == PortState.Open)), report.Statistics.PortsOpen);
        Assert.Equal(4, report.Statistics.TotalHosts);

        // The second run's sinks got every host once, and every port of the unfinished hosts once.
        Assert.Equal(all, sink2.Hosts.Select(h => Ipv4.ToUInt32(h.Address)).Order());
        var streamed = Keys(sink2.PortsSeen);
        Assert.Equal(streamed.Length, streamed.Distinct().Count());
        Assert.Equal(Ports.Select(p => (c.Target.Address, p)).Concat(Ports.Select(p => (d.Target.Address, p))).Order(),
            streamed.Where(k => k.Item1 == c.Target.Address || k.Item1 == d.Target.Address));

        watcher.Watch(second);
        Sys.Stop(second);
        watcher.ExpectTerminated(second, Patience);

        // A third start of the finished scan scans nothing and reports the same.
        var probe3 = CreateTestProbe();
        var sink3 = new RecordingSink();
        var third = Sys.ActorOf(ScanCoordinator.Props(definition, [sink3], "test", Fake(probe3.Ref)));
        var replayed = (await third.Ask<ScanCoordinator.Protocol.ScanCompleted>(ScanCoordinator.Protocol.AwaitCompletion.Instance, Patience)).Report;
        probe3.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        AwaitAssert(() => Assert.Equal((1, 1), sink3.Calls), Patience);
        Assert.Equal(report.Statistics with { Duration = default }, replayed.Statistics with { Duration = default });
        var again3 = sink3.Hosts.OrderBy(h => Ipv4.ToUInt32(h.Address)).ToList();
        Assert.Equal(hosts.Select(h => h.Address), again3.Select(h => h.Address));
        Assert.Equal(hosts.SelectMany(h => h.Ports.Select(p => (p.Target, p.Port, p.State))), again3.SelectMany(h => h.Ports.Select(p => (p.Target, p.Port, p.State))));
    }
}
