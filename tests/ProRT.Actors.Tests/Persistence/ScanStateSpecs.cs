using System.Net;
using ProRT.Actors.Persistence;
using ProRT.Protocols.Ports;
using ProRT.Protocols.Results;
using ProRT.Protocols.Scanning;
using ProRT.Protocols.Targets;

namespace ProRT.Actors.Tests.Persistence;

/// <summary>ScanState as a pure decision/fold pair: Process decides, Apply folds; no actor system involved.</summary>
public sealed class ScanStateSpecs
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 4, 5, 6, 7, TimeSpan.Zero);

    internal static ScanDefinition Definition(string id = "scan-state-test") => new(id, new ScanConfig
    {
        Targets = new TargetSet([TargetSpecParser.Parse("198.18.0.1-20")]),
        Ports = new PortList([22, 80, 443], [53, 161]),
        ResolveNames = false,
    }, T0);

    private static Target T(int last, string? name = null) => new(Ipv4.ToUInt32(IPAddress.Parse($"198.18.0.{last}")), name);

    private static IPAddress A(int last) => IPAddress.Parse($"198.18.0.{last}");

    private static ScanResult Port(int host, ushort port, Protocol protocol = Protocol.Tcp, PortState state = PortState.Open) =>
        new(A(host), port, protocol, state, state == PortState.Open ? "syn-ack" : "reset", TimeSpan.FromMilliseconds(port % 7), T0.AddSeconds(port));

    private static HostResult Host(int host, params ScanResult[] ports) => new(A(host), null, HostState.Up, "user-set", ports);

    /// <summary>Process then Apply, as the coordinator does; returns the events for later replay.</summary>
    private static ScanState Run(ScanState state, ScanCommand command, List<IScanEvent>? journal = null)
    {
        foreach (var e in state.Process(command))
        {
            journal?.Add(e);
            state = state.Apply(e);
        }
        return state;
    }

    /// <summary>Run, collecting the whole hosts the sinks would get for each finished host (the coordinator's SinkUpdate).</summary>
    private static ScanState Run(ScanState state, ScanCommand command, List<HostResult> finished, List<IScanEvent>? journal = null)
    {
        foreach (var e in state.Process(command))
        {
            journal?.Add(e);
            // The coordinator publishes the hosts as reported, each once, when the state takes them.
            if (e is HostsFinished f)
                finished.AddRange(((ScanCommand.FinishHosts)command).Results.Where(h => f.Results.Any(r => r.Address.Equals(h.Address))).DistinctBy(h => h.Address));
            state = state.Apply(e);
        }
        return state;
    }

    /// <summary>The hosts a replay of <paramref name="journal"/> gives the sinks, in order.</summary>
    internal static List<HostResult> Replayed(IEnumerable<IScanEvent> journal)
    {
        var hosts = new List<HostResult>();
        var state = ScanState.Empty;
        var replay = new JournalReplay();
        foreach (var e in journal)
        {
            hosts.AddRange(replay.Take(e, state));
            state = state.Apply(e);
        }
        return hosts;
    }

    private static ScanState Started(List<IScanEvent>? journal = null) =>
        Run(ScanState.Empty, new ScanCommand.Start(Definition()), journal);

    private static ScanState WithInFlight(params int[] hosts) =>
        Run(Started(), new ScanCommand.Issue(hosts.Select(h => T(h)).ToList(), Exhausted: false));

    private static (Protocol, ushort) KeyOf(ScanResult r) => (r.Protocol, r.Port);

    [Fact]
    public void Start_twice_yields_one_ScanStarted()
    {
        var definition = Definition();
        var events = ScanState.Empty.Process(new ScanCommand.Start(definition));
        var started = Assert.IsType<ScanStarted>(Assert.Single(events));
        Assert.Same(definition, started.Definition);

        var state = ScanState.Empty.Apply(started);
        Assert.True(state.Started);
        Assert.Same(definition, state.Definition);
        Assert.Empty(state.Process(new ScanCommand.Start(Definition("another-id"))));
    }

    [Fact]
    public void Nothing_is_journaled_before_the_start_or_after_the_end()
    {
        Assert.Empty(ScanState.Empty.Process(new ScanCommand.Issue([T(1)], Exhausted: true)));
        Assert.Empty(ScanState.Empty.Process(new ScanCommand.FinishHosts([Host(1)])));
        Assert.Empty(ScanState.Empty.Process(new ScanCommand.End(T0, null)));

        var ended = Run(Run(Started(), new ScanCommand.Issue([], Exhausted: true)), new ScanCommand.End(T0, null));
        Assert.True(ended.Completed);
        Assert.Empty(ended.Process(new ScanCommand.Issue([T(5)], Exhausted: true)));
        Assert.Empty(ended.Process(new ScanCommand.FinishHosts([Host(5)])));
        Assert.Empty(ended.Process(new ScanCommand.End(T0.AddHours(1), null)));
    }

    [Fact]
    public void Issue_counts_hosts_and_puts_them_in_flight()
    {
        var state = Started();
        var issued = Assert.IsType<HostsIssued>(Assert.Single(state.Process(new ScanCommand.Issue([T(1), T(2, "two.example")], false))));
        Assert.Equal([T(1), T(2, "two.example")], issued.Hosts);
        state = state.Apply(issued);

        Assert.Equal(2, state.Issued);
        Assert.False(state.Exhausted);
        Assert.Equal([T(1).Address, T(2).Address], state.InFlight.Keys.Order());
        Assert.Equal("two.example", state.InFlight[T(2).Address].Target.Hostname);
        Assert.All(state.InFlight.Values, h => Assert.Empty(h.Journaled));
        Assert.All(state.InFlight.Values, h => Assert.Null(h.Discovery));

        state = Run(state, new ScanCommand.Issue([T(3), T(4), T(5)], Exhausted: true));
        Assert.Equal(5, state.Issued);
        Assert.True(state.Exhausted);
        Assert.Equal(5, state.InFlight.Count);
    }

    [Fact]
    public void An_empty_issue_is_journaled_only_when_it_exhausts_the_targets()
    {
        var state = Started();
        Assert.Empty(state.Process(new ScanCommand.Issue([], Exhausted: false)));
        var e = Assert.IsType<HostsIssued>(Assert.Single(state.Process(new ScanCommand.Issue([], Exhausted: true))));
        Assert.Empty(e.Hosts);
        state = state.Apply(e);
        Assert.True(state.Exhausted);
        Assert.Equal(0, state.Issued);
        Assert.Empty(state.Process(new ScanCommand.Issue([], Exhausted: true)));
    }

    [Fact]
    public void RecordPorts_drops_duplicates_and_hosts_not_in_flight()
    {
        var state = WithInFlight(1, 2);
        var command = new ScanCommand.RecordPorts([
            Port(1, 80), Port(1, 80), // the same port twice in one batch
            Port(1, 53, Protocol.Udp), Port(1, 53, Protocol.Tcp), // same number, two protocols: two ports
            Port(2, 443, state: PortState.Closed),
            Port(9, 22), // never issued
        ]);
        var ports = Assert.IsType<PortsResolved>(Assert.Single(state.Process(command)));
        Assert.Equal(
            [("198.18.0.1", Protocol.Tcp, (ushort)53), ("198.18.0.1", Protocol.Tcp, (ushort)80), ("198.18.0.1", Protocol.Udp, (ushort)53), ("198.18.0.2", Protocol.Tcp, (ushort)443)],
            ports.Results.Select(r => (r.Target.ToString(), r.Protocol, r.Port)).Order());

        state = state.Apply(ports);
        Assert.Equal(4, state.PortsDone);
        Assert.Equal(3, state.InFlight[T(1).Address].Journaled.Count);

        // Already journaled: nothing new, even in a later batch; a new port in the same batch still gets through.
        Assert.Empty(state.Process(new ScanCommand.RecordPorts([Port(1, 80), Port(2, 443, state: PortState.Closed)])));
        var later = Assert.IsType<PortsResolved>(Assert.Single(state.Process(new ScanCommand.RecordPorts([Port(1, 80), Port(1, 22)]))));
        Assert.Equal((ushort)22, Assert.Single(later.Results).Port);

        // A finished host is no longer in flight: late results for it are dropped.
        state = Run(state, new ScanCommand.FinishHosts([Host(2)]));
        Assert.Empty(state.Process(new ScanCommand.RecordPorts([Port(2, 8080)])));
    }

    [Fact]
    public void FinishHosts_journals_only_new_ports_and_Apply_merges_them_sorted()
    {
        var state = WithInFlight(1);
        state = Run(state, new ScanCommand.RecordPorts([Port(1, 443), Port(1, 53, Protocol.Udp)]));

        var full = Host(1, Port(1, 443), Port(1, 161, Protocol.Udp), Port(1, 22, state: PortState.Closed), Port(1, 53, Protocol.Udp), Port(1, 80));
        var finished = Assert.IsType<HostsFinished>(Assert.Single(state.Process(new ScanCommand.FinishHosts([full]))));
        var journaled = Assert.Single(finished.Results);
        // Not 443 and 53/udp, journaled already and unchanged.
        Assert.Equal([(Protocol.Tcp, (ushort)22), (Protocol.Tcp, (ushort)80), (Protocol.Udp, (ushort)161)], journaled.Ports.Select(KeyOf).Order());

        var replay = new JournalReplay();
        replay.Take(new PortsResolved([Port(1, 443), Port(1, 53, Protocol.Udp)]), state);
        var host = Assert.Single(replay.Take(finished, state));
        state = state.Apply(finished);
        Assert.Empty(state.InFlight);
        Assert.Equal(
            [(Protocol.Tcp, (ushort)22), (Protocol.Tcp, (ushort)80), (Protocol.Tcp, (ushort)443), (Protocol.Udp, (ushort)53), (Protocol.Udp, (ushort)161)],
            host.Ports.Select(KeyOf)); // in this order: protocol, then port
        Assert.Equal(PortState.Closed, host.Ports.Single(p => p.Port == 22).State);
        Assert.Equal(1, state.HostsDone);
        Assert.Equal(1, state.HostsUp);
        Assert.Equal(4, state.PortsOpen);
        Assert.Equal(5, state.PortsDone);
    }

    [Fact]
    public void A_host_whose_ports_were_all_journaled_finishes_with_them()
    {
        var state = WithInFlight(3);
        state = Run(state, new ScanCommand.RecordPorts([Port(3, 80), Port(3, 22)]));
        var e = Assert.IsType<HostsFinished>(Assert.Single(state.Process(new ScanCommand.FinishHosts([Host(3, Port(3, 22), Port(3, 80))]))));
        Assert.Empty(Assert.Single(e.Results).Ports);
        state = state.Apply(e);
        Assert.Equal(2, state.PortsDone);
    }

    [Fact]
    public void A_host_finishes_once()
    {
        var state = WithInFlight(1, 2);
        var first = Assert.IsType<HostsFinished>(Assert.Single(state.Process(new ScanCommand.FinishHosts([Host(1, Port(1, 80)), Host(1, Port(1, 22))]))));
        Assert.Single(first.Results); // twice in one command: once
        state = state.Apply(first);

        Assert.Empty(state.Process(new ScanCommand.FinishHosts([Host(1, Port(1, 443))])));
        var second = Assert.IsType<HostsFinished>(Assert.Single(state.Process(new ScanCommand.FinishHosts([Host(1), Host(2)]))));
        Assert.Equal(A(2), Assert.Single(second.Results).Address);
        state = state.Apply(second);
        Assert.Equal(2, state.HostsDone);
        Assert.Empty(state.InFlight);
    }

    [Fact]
    public void A_sweeps_hosts_come_in_address_order_and_a_resumed_sweep_journals_only_those_after_the_last()
    {
        var sweep = Definition() with
        {
            Config = Definition().Config with { ScanType = ScanType.Syn, SkipDiscovery = true, MaxRetries = 0, Ports = new PortList([22, 80], []) },
        };
        Assert.True(sweep.Config.Stateless);
        var state = Run(ScanState.Empty, new ScanCommand.Start(sweep));
        // Never handed out, and still journaled.
        state = Run(state, new ScanCommand.FinishHosts([Host(3, Port(3, 22), Port(3, 80, state: PortState.Closed))]));
        state = Run(state, new ScanCommand.FinishHosts([Host(7, Port(7, 22, state: PortState.Filtered), Port(7, 80))]));
        Assert.Equal(2, state.HostsDone);
        Assert.Equal(2, state.PortsOpen);
        Assert.Equal(Ipv4.ToUInt32(A(7)), state.SweptThrough);
        // The sweep of a resume hands the same hosts over again: journaled once.
        Assert.Empty(state.Process(new ScanCommand.FinishHosts([Host(3, Port(3, 22))])));
        Assert.Empty(state.Process(new ScanCommand.FinishHosts([Host(7, Port(7, 22))])));
        Assert.Single(state.Process(new ScanCommand.FinishHosts([Host(9, Port(9, 22))])));
    }

    [Fact]
    public void A_timed_out_host_keeps_no_ports()
    {
        var state = WithInFlight(4);
        state = Run(state, new ScanCommand.RecordPorts([Port(4, 80), Port(4, 22)]));
        var finished = new List<HostResult>();
        state = Run(state, new ScanCommand.FinishHosts([new HostResult(A(4), null, HostState.Up, "syn-ack", [], TimedOut: true)]), finished);
        var host = Assert.Single(finished);
        Assert.True(host.TimedOut);
        Assert.Empty(host.Ports);
        Assert.Equal(0, state.PortsDone);
    }

    [Fact]
    public void End_is_journaled_only_when_targets_are_exhausted_and_nothing_is_in_flight()
    {
        var state = WithInFlight(1);
        Assert.Empty(state.Process(new ScanCommand.End(T0, null))); // not exhausted, one in flight

        state = Run(state, new ScanCommand.Issue([], Exhausted: true));
        Assert.Empty(state.Process(new ScanCommand.End(T0, null))); // exhausted, one in flight

        state = Run(state, new ScanCommand.FinishHosts([Host(1)]));
        var end = T0.AddMinutes(3);
        var ended = Assert.IsType<ScanEnded>(Assert.Single(state.Process(new ScanCommand.End(end, 254))));
        state = state.Apply(ended);
        Assert.True(state.Completed);
        Assert.Equal(end, state.End);
        Assert.Equal(254, state.TotalHosts);

        var notExhausted = Run(WithInFlight(1), new ScanCommand.FinishHosts([Host(1)]));
        Assert.Empty(notExhausted.InFlight);
        Assert.Empty(notExhausted.Process(new ScanCommand.End(T0, null))); // nothing in flight, but more to issue
    }

    [Fact]
    public void Discovery_marks_hosts_in_flight_once()
    {
        var state = WithInFlight(1, 2);
        var up = new DiscoveredHost(T(1), HostState.Up, "echo-reply", TimeSpan.FromMilliseconds(3));
        var stranger = new DiscoveredHost(T(7), HostState.Up, "echo-reply", null);
        var e = Assert.IsType<HostsDiscovered>(Assert.Single(state.Process(new ScanCommand.Discover([up, stranger]))));
        Assert.Equal([up], e.Hosts);

        state = state.Apply(e);
        Assert.Equal(up, state.InFlight[T(1).Address].Discovery);
        Assert.Null(state.InFlight[T(2).Address].Discovery);
        Assert.Empty(state.Process(new ScanCommand.Discover([up with { Reason = "syn-ack" }])));
        Assert.Empty(state.Process(new ScanCommand.Discover([])));
    }

    [Fact]
    public void PortsDone_counts_ports_of_finished_hosts_and_hosts_in_flight()
    {
        var state = WithInFlight(1, 2, 3);
        state = Run(state, new ScanCommand.RecordPorts([Port(1, 22), Port(1, 80), Port(2, 22)]));
        Assert.Equal(3, state.PortsDone);
        state = Run(state, new ScanCommand.FinishHosts([Host(1, Port(1, 22), Port(1, 80), Port(1, 443), Port(1, 53, Protocol.Udp))]));
        Assert.Equal(5, state.PortsDone);
        state = Run(state, new ScanCommand.FinishHosts([Host(3, Port(3, 22))]));
        Assert.Equal(6, state.PortsDone);
        Assert.Equal(4 + 1 + 1, state.PortsDone); // hosts 1 and 3 finished with 4 and 1, host 2's one port in flight
    }

    [Fact]
    public void PortsPlanned_is_hosts_times_ports_of_each_technique()
    {
        Assert.Equal(0, ScanState.Empty.PortsPlanned);
        var state = Started();
        Assert.Equal(20L * 3, state.PortsPlanned); // Connect scans the TCP list only
        var both = state with { Definition = state.Definition! with { Config = state.Definition.Config with { AlsoUdp = true } } };
        Assert.Equal(20L * 5, both.PortsPlanned);
    }

    [Fact]
    public void Process_never_changes_the_state()
    {
        var state = WithInFlight(1, 2, 3);
        state = Run(state, new ScanCommand.RecordPorts([Port(1, 22)]));
        var snapshot = state with { };
        var inFlight = state.InFlight;
        var host1Ports = state.InFlight[T(1).Address].Journaled;

        ScanCommand[] commands =
        [
            new ScanCommand.Start(Definition("other")),
            new ScanCommand.Issue([T(9)], Exhausted: true),
            new ScanCommand.Discover([new DiscoveredHost(T(2), HostState.Up, "arp-response", null)]),
            new ScanCommand.RecordPorts([Port(1, 80), Port(2, 80)]),
            new ScanCommand.FinishHosts([Host(1, Port(1, 22), Port(1, 443)), Host(3)]),
            new ScanCommand.End(T0, 3),
        ];
        // Most of these would change the state if applied: Process must only describe that.
        Assert.Equal(4, commands.Count(c => state.Process(c).Count > 0));

        Assert.Equal(snapshot, state);
        Assert.Same(inFlight, state.InFlight);
        Assert.Same(host1Ports, state.InFlight[T(1).Address].Journaled);
        Assert.Equal(3, state.Issued);
        Assert.Equal(1, state.PortsDone);
        Assert.False(state.Exhausted);
        Assert.Equal(0, state.HostsDone);
        Assert.Equal(3, state.InFlight.Count);
        Assert.Null(state.InFlight[T(2).Address].Discovery);
        Assert.Single(state.InFlight[T(1).Address].Journaled);
    }

    [Fact]
    public void Replaying_the_journal_gives_the_live_state()
    {
        var journal = new List<IScanEvent>();
        var live = Started(journal);
        live = Run(live, new ScanCommand.Issue([T(1), T(2), T(3, "three.example"), T(4)], Exhausted: false), journal);
        live = Run(live, new ScanCommand.Discover([new DiscoveredHost(T(1), HostState.Up, "echo-reply", TimeSpan.FromMilliseconds(2))]), journal);
        live = Run(live, new ScanCommand.RecordPorts([Port(1, 22), Port(1, 53, Protocol.Udp), Port(2, 80), Port(2, 80), Port(3, 443)]), journal);
        live = Run(live, new ScanCommand.FinishHosts([Host(1, Port(1, 443), Port(1, 22), Port(1, 53, Protocol.Udp), Port(1, 80, state: PortState.Closed))]), journal);
        live = Run(live, new ScanCommand.RecordPorts([Port(1, 8080), Port(3, 22), Port(4, 22, state: PortState.Filtered)]), journal);
        live = Run(live, new ScanCommand.Issue([T(5), T(6)], Exhausted: true), journal);
        live = Run(live, new ScanCommand.FinishHosts([
            Host(2, Port(2, 80), Port(2, 22, state: PortState.Closed)),
            new HostResult(A(5), null, HostState.Down, "no-response", []),
            Host(2),
        ]), journal);
        live = Run(live, new ScanCommand.End(T0, null), journal); // hosts still in flight: not ended

        var recovered = journal.Aggregate(ScanState.Empty, (s, e) => s.Apply(e));

        AssertSameContent(live, recovered);
        Assert.Equal([T(3).Address, T(4).Address, T(6).Address], live.InFlight.Keys.Order()); // still in flight
        Assert.Equal([A(1), A(2), A(5)], Replayed(journal).Select(h => h.Address));
        Assert.Equal(3, live.HostsDone);
        Assert.Equal(6, live.Issued);
        Assert.False(live.Completed);
    }

    internal static void AssertSameContent(ScanState expected, ScanState actual)
    {
        Assert.Equal(expected.Definition?.ScanId, actual.Definition?.ScanId);
        Assert.Equal(expected.Issued, actual.Issued);
        Assert.Equal(expected.Exhausted, actual.Exhausted);
        Assert.Equal(expected.PortsDone, actual.PortsDone);
        Assert.Equal(expected.End, actual.End);
        Assert.Equal(expected.TotalHosts, actual.TotalHosts);
        Assert.Equal(expected.InFlight.Keys.Order(), actual.InFlight.Keys.Order());
        foreach (var (address, host) in expected.InFlight)
        {
            var other = actual.InFlight[address];
            Assert.Equal(host.Target, other.Target);
            Assert.Equal(host.Discovery, other.Discovery);
            Assert.Equal(host.Journaled, other.Journaled);
            Assert.Equal(host.Open, other.Open);
        }
        Assert.Equal(expected.HostsDone, actual.HostsDone);
        Assert.Equal(expected.HostsUp, actual.HostsUp);
        Assert.Equal(expected.PortsOpen, actual.PortsOpen);
        Assert.Equal(expected.SweptThrough, actual.SweptThrough);
    }

    [Fact]
    public void A_port_that_gained_its_service_at_the_end_is_journaled_again_and_replaces_the_bare_one()
    {
        var journal = new List<IScanEvent>();
        var state = Run(ScanState.Empty, new ScanCommand.Start(Definition()), journal);
        state = Run(state, new ScanCommand.Issue([T(1)], Exhausted: true), journal);
        state = Run(state, new ScanCommand.RecordPorts([Port(1, 22), Port(1, 23, state: PortState.Closed)]), journal);
        var ssh = Port(1, 22) with { Service = new ServiceInfo("ssh", "OpenSSH", "9.2p1") };
        var finished = new List<HostResult>();
        state = Run(state, new ScanCommand.FinishHosts([Host(1, ssh, Port(1, 23, state: PortState.Closed))]), finished, journal);

        var host = Assert.Single(finished);
        Assert.Equal([22, 23], host.Ports.Select(p => (int)p.Port));
        Assert.Equal("OpenSSH", host.Ports[0].Service?.Product);
        Assert.Equal(2, state.PortsDone);
        // Recovery from the journal agrees.
        var replayed = journal.Aggregate(ScanState.Empty, (s, e) => s.Apply(e));
        Assert.Equal("OpenSSH", Replayed(journal).Single().Ports[0].Service?.Product);
        Assert.Equal(2, replayed.PortsDone);
    }
}
