using System.Diagnostics;
using System.Net;
using Akka.Serialization;
using Akka.TestKit.Xunit2;
using ProRT.Actors.Persistence;
using ProRT.Protocols.Packets;
using ProRT.Protocols.Ports;
using ProRT.Protocols.Results;
using ProRT.Protocols.Scanning;
using ProRT.Protocols.Targets;
using ProRT.Protocols.Timing;

namespace ProRT.Actors.Tests.Persistence;

public sealed class ScanEventSerializerSpecs() : TestKit(JournalSettings.InMemory.ToAkkaConfig())
{
    private static readonly DateTimeOffset T0 = new(2025, 6, 7, 8, 9, 10, 123, TimeSpan.FromHours(2));

    private static IPAddress A(string s) => IPAddress.Parse(s);

    private static Target T(string s, string? name = null) => new(Ipv4.ToUInt32(A(s)), name);

    private static ScanResult Plain(string ip, ushort port, Protocol protocol = Protocol.Tcp, PortState state = PortState.Open) =>
        new(A(ip), port, protocol, state, "syn-ack", TimeSpan.FromTicks(12_345 + port), T0.AddTicks(port));

    private static ScanResult Rich(string ip, ushort port) =>
        new(A(ip), port, Protocol.Tcp, PortState.Open, "syn-ack", TimeSpan.FromMilliseconds(1.5), T0.AddMinutes(1),
            new ServiceInfo("http", "nginx", "1.25.3", "cpe:/a:nginx:nginx:1.25.3", "Linux", "Ubuntu", "www.example", "ssl"), "HTTP/1.1 200 OK\r\nServer: nginx\r\n\u00e9\u4e2d");

    private static ScanResult ServiceNameOnly(string ip, ushort port) =>
        new(A(ip), port, Protocol.Udp, PortState.OpenFiltered, "no-response", TimeSpan.Zero, T0, new ServiceInfo("snmp"));

    private static HostResult FullHost() => new(A("198.18.0.9"), "nine.example", HostState.Up, "syn-ack",
        [Plain("198.18.0.9", 22, state: PortState.Closed), Rich("198.18.0.9", 80), ServiceNameOnly("198.18.0.9", 161)],
        TimeSpan.FromMicroseconds(1234), new OsMatch("Linux 5.x", 97, "cpe:/o:linux:linux_kernel:5"), null, false);

    private static HostResult BrokenHost() => new(A("198.18.0.10"), null, HostState.Down, "error", [], null,
        new OsMatch("Unknown", 0, null), "host scanner stopped unexpectedly", TimedOut: true);

    internal static ScanDefinition Definition() => new("20250607-080910-abcd", new ScanConfig
    {
        Targets = new TargetSet([TargetSpecParser.Parse("198.18.0.1-20")], [TargetSpecParser.Parse("198.18.0.13")]),
        Ports = new PortList([22, 80, 443], [53, 161]),
        ScanType = ScanType.Syn,
        AlsoUdp = true,
        ResolveNames = false,
    }, T0, "{\"outputs\":[\"-oX\",\"out.xml\"]}");

    private object RoundTrip(object o)
    {
        // Through the serializer Akka.Persistence would pick for it: the binding in ToAkkaConfig is tested too.
        var serializer = Assert.IsType<ScanEventSerializer>(Sys.Serialization.FindSerializerFor(o));
        var manifest = serializer.Manifest(o);
        var bytes = serializer.ToBinary(o);
        Assert.Equal(bytes, ScanEventSerializer.Encode(o));
        return serializer.FromBinary(bytes, manifest);
    }

    private string Manifest(object o) => ((SerializerWithStringManifest)Sys.Serialization.FindSerializerFor(o)).Manifest(o);

    // ScanResult and HostResult are value records (a DateTimeOffset equals the same instant in any offset); a host's
    // port list is compared element by element.
    internal static void AssertSameResult(ScanResult expected, ScanResult actual) => Assert.Equal(expected, actual);

    internal static void AssertSameHost(HostResult expected, HostResult actual)
    {
        Assert.Equal(expected with { Ports = [] }, actual with { Ports = [] });
        Assert.Equal(expected.Ports, actual.Ports);
    }

    private static IEnumerable<object> EveryEvent() =>
    [
        new ScanStarted(Definition()),
        new HostsIssued([T("198.18.0.1"), T("198.18.0.2", "two.example"), T("255.255.255.255")], Exhausted: true),
        new HostsIssued([], Exhausted: false),
        new HostsDiscovered([
            new DiscoveredHost(T("198.18.0.1"), HostState.Up, "echo-reply", TimeSpan.FromTicks(98_765)),
            new DiscoveredHost(T("198.18.0.2", "two.example"), HostState.Down, "no-response", null),
        ]),
        new PortsResolved([Plain("198.18.0.1", 1), Rich("198.18.0.1", 443), ServiceNameOnly("198.18.0.2", 53), Plain("0.0.0.0", 65535, Protocol.Udp, PortState.Unknown)]),
        new HostsFinished([FullHost(), BrokenHost()]),
        new ScanEnded(T0.AddHours(1), 4096),
        new ScanEnded(T0, null),
    ];

    [Fact]
    public void Every_event_round_trips()
    {
        foreach (var e in EveryEvent())
        {
            var back = RoundTrip(e);
            Assert.IsType(e.GetType(), back);
            switch (e, back)
            {
                case (ScanStarted s, ScanStarted b):
                    ScanDefinitionSpecs.AssertSameDefinition(s.Definition, b.Definition);
                    break;
                case (HostsIssued i, HostsIssued b):
                    Assert.Equal(i.Exhausted, b.Exhausted);
                    Assert.Equal(i.Hosts, b.Hosts);
                    break;
                case (HostsDiscovered d, HostsDiscovered b):
                    Assert.Equal(d.Hosts, b.Hosts);
                    break;
                case (PortsResolved p, PortsResolved b):
                    Assert.Equal(p.Results.Length, b.Results.Length);
                    for (int i = 0; i < p.Results.Length; i++) AssertSameResult(p.Results[i], b.Results[i]);
                    break;
                case (HostsFinished f, HostsFinished b):
                    Assert.Equal(f.Results.Length, b.Results.Length);
                    for (int i = 0; i < f.Results.Length; i++) AssertSameHost(f.Results[i], b.Results[i]);
                    break;
                case (ScanEnded x, ScanEnded b):
                    Assert.Equal(x.End.UtcTicks, b.End.UtcTicks);
                    Assert.Equal(x.TotalHosts, b.TotalHosts);
                    break;
                default:
                    Assert.Fail($"unexpected {e.GetType().Name}");
                    break;
            }
        }
    }

    [Fact]
    public void Manifests_tell_every_type_apart()
    {
        var manifests = EveryEvent().Append(ScanState.Empty).GroupBy(o => o.GetType()).Select(g => Manifest(g.First())).ToList();
        Assert.Equal(7, manifests.Count);
        Assert.Equal(manifests.Count, manifests.Distinct().Count());
        Assert.Throws<ArgumentException>(() => ScanEventSerializer.Encode("not an event"));
    }

    private static ScanState BusyState()
    {
        var state = ScanState.Empty;
        ScanCommand[] commands =
        [
            new ScanCommand.Start(Definition()),
            new ScanCommand.Issue([T("198.18.0.1"), T("198.18.0.2", "two.example"), T("198.18.0.9", "nine.example"), T("198.18.0.10"), T("198.18.0.11")], false),
            new ScanCommand.Discover([
                new DiscoveredHost(T("198.18.0.1"), HostState.Up, "echo-reply", TimeSpan.FromMilliseconds(4)),
                new DiscoveredHost(T("198.18.0.9", "nine.example"), HostState.Up, "arp-response", null),
            ]),
            new ScanCommand.RecordPorts([Plain("198.18.0.1", 22), Rich("198.18.0.1", 80), ServiceNameOnly("198.18.0.1", 161), Plain("198.18.0.2", 53, Protocol.Udp, PortState.Closed), Plain("198.18.0.9", 443)]),
            new ScanCommand.FinishHosts([FullHost(), BrokenHost()]),
            new ScanCommand.Issue([T("198.18.0.12")], true),
        ];
        foreach (var command in commands)
            foreach (var e in state.Process(command))
                state = state.Apply(e);
        return state;
    }

    [Fact]
    public void A_snapshot_round_trips()
    {
        var state = BusyState();
        Assert.Equal(4, state.InFlight.Count);
        Assert.Equal(2, state.HostsDone);
        Assert.Contains(state.InFlight.Values, h => h.Discovery is not null && !h.Journaled.IsEmpty);

        var back = Assert.IsType<ScanState>(RoundTrip(state));
        ScanDefinitionSpecs.AssertSameDefinition(state.Definition!, back.Definition!);
        ScanStateSpecs.AssertSameContent(state, back);

        // The recovered state decides as the live one does.
        var more = new ScanCommand.RecordPorts([Plain("198.18.0.1", 22), Plain("198.18.0.1", 23)]);
        Assert.Equal((ushort)23, Assert.Single(Assert.IsType<PortsResolved>(Assert.Single(back.Process(more))).Results).Port);
        Assert.Empty(back.Process(new ScanCommand.FinishHosts([FullHost()])));

        var ended = state with { End = T0.AddDays(1), TotalHosts = 20 };
        var endedBack = Assert.IsType<ScanState>(RoundTrip(ended));
        Assert.Equal(ended.End!.Value.UtcTicks, endedBack.End!.Value.UtcTicks);
        Assert.Equal(20, endedBack.TotalHosts);

        var empty = Assert.IsType<ScanState>(RoundTrip(ScanState.Empty));
        Assert.False(empty.Started);
        Assert.Empty(empty.InFlight);
    }

    [Fact]
    public void Journal_entries_replayed_through_the_serializer_give_the_live_state()
    {
        var journal = new List<IScanEvent>();
        var live = ScanState.Empty;
        ScanCommand[] commands =
        [
            new ScanCommand.Start(Definition()),
            new ScanCommand.Issue([T("198.18.0.1"), T("198.18.0.9", "nine.example")], false),
            new ScanCommand.RecordPorts([Rich("198.18.0.9", 80), Plain("198.18.0.1", 22)]),
            new ScanCommand.FinishHosts([FullHost()]),
            new ScanCommand.Issue([], true),
        ];
        foreach (var command in commands)
            foreach (var e in live.Process(command))
            {
                journal.Add(e);
                live = live.Apply(e);
            }
        var recovered = journal.Select(e => (IScanEvent)ScanEventSerializer.Decode(ScanEventSerializer.Encode(e), Manifest(e)))
            .Aggregate(ScanState.Empty, (s, e) => s.Apply(e));
        ScanStateSpecs.AssertSameContent(live, recovered);
    }

    [Fact]
    public void A_port_result_encodes_compactly()
    {
        var results = Enumerable.Range(0, 1000).Select(i => new ScanResult(
            A($"198.18.{i / 250}.{i % 250 + 1}"), (ushort)(i * 37 % 65536), i % 3 == 0 ? Protocol.Udp : Protocol.Tcp,
            (PortState)(i % 7), i % 2 == 0 ? "syn-ack" : "reset", TimeSpan.FromMilliseconds(i % 300), T0.AddMilliseconds(i))).ToArray();
        var bytes = ScanEventSerializer.Encode(new PortsResolved(results));
        Assert.True(bytes.Length < 40_000, $"1000 port results took {bytes.Length} bytes");
        var back = Assert.IsType<PortsResolved>(ScanEventSerializer.Decode(bytes, Manifest(new PortsResolved([]))));
        for (int i = 0; i < results.Length; i++) AssertSameResult(results[i], back.Results[i]);
    }

    [Fact]
    public void An_unknown_format_version_or_manifest_is_a_JournalException()
    {
        var good = ScanEventSerializer.Encode(new ScanEnded(T0, 1));
        var bad = good.ToArray();
        bad[0] ^= 0x80;
        Assert.Throws<JournalException>(() => ScanEventSerializer.Decode(bad, "ended"));
        Assert.Throws<JournalException>(() => ScanEventSerializer.Decode(good, "no-such-entry"));
        Assert.Throws<JournalException>(() => ScanEventSerializer.Decode([], "ended"));
    }

    [Fact]
    public void Entries_of_format_version_2_without_service_host_name_and_tunnel_still_read()
    {
        var v4 = ScanEventSerializer.Encode(new PortsResolved([ServiceNameOnly("198.18.0.9", 161)]));
        Assert.Equal(4, v4[0]);
        // Version 2 wrote the same, less host name, tunnel, device type (absent strings, one byte each), confidence (one
        // byte) and fingerprint (absent) before the banner and reason TTL.
        byte[] v2 = [2, .. v4[1..^7], .. v4[^2..]];
        var back = Assert.IsType<PortsResolved>(ScanEventSerializer.Decode(v2, Manifest(new PortsResolved([]))));
        AssertSameResult(ServiceNameOnly("198.18.0.9", 161), Assert.Single(back.Results));
    }

    [Fact]
    public void A_truncated_entry_is_a_JournalException()
    {
        foreach (var o in EveryEvent().Append(BusyState()))
        {
            var bytes = ScanEventSerializer.Encode(o);
            var manifest = Manifest(o);
            for (int n = 0; n < bytes.Length; n++)
            {
                var cut = bytes[..n];
                var e = Record.Exception(() => ScanEventSerializer.Decode(cut, manifest));
                Assert.True(e is JournalException, $"{manifest} cut to {n} of {bytes.Length} bytes: {e?.GetType().Name ?? "no exception"} {e?.Message}");
            }
        }
    }

    [Fact]
    public void A_string_length_that_reads_negative_is_a_JournalException()
    {
        // Format version 1, then the definition's length prefix 80 80 80 80 08: a valid 7-bit int that is int.MinValue.
        byte[] bytes = [1, 0x80, 0x80, 0x80, 0x80, 0x08];
        var e = Record.Exception(() => ScanEventSerializer.Decode(bytes, "started"));
        Assert.True(e is JournalException, $"{e?.GetType().FullName}: {e?.Message}");
    }

    [Fact]
    public async Task Damaged_entries_throw_only_JournalException_and_never_hang()
    {
        var failures = await Fuzz(2000, seed: 7411);
        Assert.True(failures.Count == 0, $"{failures.Count} of 2000 damaged entries threw something else:\n" + string.Join("\n", failures.Take(10).Select(f => f.Input)));
    }

    /// <summary>Decodes <paramref name="count"/> damaged copies of valid entries (cut short, bits flipped, bytes garbled, random).</summary>
    private async Task<List<(string Input, Exception Exception)>> Fuzz(int count, int seed)
    {
        var rng = new Random(seed);
        var samples = EveryEvent().Append(BusyState()).Select(o => (Bytes: ScanEventSerializer.Encode(o), Manifest: Manifest(o))).ToArray();
        var failures = new List<(string, Exception)>();
        string current = "";
        var clock = Stopwatch.StartNew();
        var fuzz = Task.Run(() =>
        {
            for (int i = 0; i < count; i++)
            {
                var (valid, manifest) = samples[i % samples.Length];
                var bytes = valid.ToArray();
                string how;
                switch (rng.Next(4))
                {
                    case 0:
                        int n = rng.Next(bytes.Length);
                        bytes = bytes[..n];
                        how = $"cut to {n}";
                        break;
                    case 1:
                        int bit = rng.Next(bytes.Length * 8);
                        bytes[bit / 8] ^= (byte)(1 << (bit % 8));
                        how = $"bit {bit} flipped";
                        break;
                    case 2:
                        int at = 1 + rng.Next(bytes.Length - 1);
                        for (int k = at; k < Math.Min(bytes.Length, at + 1 + rng.Next(8)); k++) bytes[k] = (byte)rng.Next(256);
                        how = $"garbage from {at}";
                        break;
                    default:
                        bytes = new byte[rng.Next(1, 64)];
                        rng.NextBytes(bytes);
                        bytes[0] = valid[0];
                        how = "random bytes";
                        break;
                }
                Volatile.Write(ref current, $"{manifest} {how} [{Convert.ToHexString(bytes)}]");
                var e = Record.Exception(() => ScanEventSerializer.Decode(bytes, manifest));
                if (e is not null and not JournalException)
                    failures.Add(($"{Volatile.Read(ref current)}: {e.GetType().FullName}: {e.Message}", e));
            }
        });
        var hung = await Task.WhenAny(fuzz, Task.Delay(TimeSpan.FromSeconds(15))) != fuzz;
        Assert.False(hung, $"decoding hangs on {Volatile.Read(ref current)}");
        await fuzz;
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"fuzzing took {clock.Elapsed}");
        return failures;
    }
}

public sealed class ScanDefinitionSpecs
{
    private static readonly uint Resolved = Ipv4.ToUInt32(IPAddress.Parse("198.18.9.9"));

    private static TargetRange Parse(string text) => TargetSpecParser.Parse(text, name => name == "scanme.example" ? Resolved : null);

    private static ScanDefinition Full() => new("20250101-000000-beef", new ScanConfig
    {
        Targets = new TargetSet(
            [Parse("198.18.0-3.1-254"), Parse("198.18.8.0/22"), Parse("scanme.example"), Parse("198.18.20.1,3,5-7"), Parse("198.18.21.*")],
            [Parse("198.18.1.0/24"), Parse("198.18.8.5"), Parse("198.18.21.100-199")]),
        Ports = new PortList([1, 22, 80, 443, 8080, 65535], [53, 161]),
        ScanType = ScanType.Fin,
        Timing = TimingTemplate.Aggressive,
        MaxRetries = 1,
        MaxRate = 1500.25,
        MinRate = 10.5,
        HostTimeout = TimeSpan.FromSeconds(90) + TimeSpan.FromMilliseconds(123),
        MaxParallelism = 77,
        MaxHostgroup = 13,
        AlsoUdp = true,
        ScanFlags = TcpFlags.Syn | TcpFlags.Fin | TcpFlags.Urg,
        SourcePort = 53,
        Interface = "eth9",
        SkipDiscovery = true,
        Discovery = DiscoveryProbes.Echo | DiscoveryProbes.Syn | DiscoveryProbes.Timestamp,
        PingOnly = true,
        ResolveNames = false,
    }, new DateTimeOffset(2025, 1, 1, 0, 0, 0, 456, TimeSpan.FromHours(-5)), "{\"oX\":\"scan.xml\",\"oN\":null}");

    internal static void AssertSameRanges(IReadOnlyList<TargetRange> expected, IReadOnlyList<TargetRange> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Text, actual[i].Text);
            Assert.Equal(expected[i].Hostname, actual[i].Hostname);
            Assert.Equal(expected[i].Count, actual[i].Count);
            Assert.Equal(expected[i].OctetRanges.Select(o => o.ToArray()), actual[i].OctetRanges.Select(o => o.ToArray()));
        }
    }

    internal static void AssertSameDefinition(ScanDefinition expected, ScanDefinition actual)
    {
        Assert.Equal(expected.ScanId, actual.ScanId);
        Assert.Equal(expected.Start, actual.Start);
        Assert.Equal(expected.Annotation, actual.Annotation);
        var (e, a) = (expected.Config, actual.Config);
        AssertSameRanges(e.Targets.Include, a.Targets.Include);
        AssertSameRanges(e.Targets.Exclude, a.Targets.Exclude);
        Assert.Equal(e.Targets.Enumerate(), a.Targets.Enumerate());
        Assert.Equal(e.Targets.MaxCount, a.Targets.MaxCount);
        Assert.Equal(e.TargetTexts, a.TargetTexts);
        Assert.Equal(e.Ports.Tcp, a.Ports.Tcp);
        Assert.Equal(e.Ports.Udp, a.Ports.Udp);
        Assert.Equal(e.ScanType, a.ScanType);
        Assert.Equal(e.Timing, a.Timing);
        Assert.Equal(e.MaxRetries, a.MaxRetries);
        Assert.Equal(e.MaxRate, a.MaxRate);
        Assert.Equal(e.MinRate, a.MinRate);
        Assert.Equal(e.HostTimeout, a.HostTimeout);
        Assert.Equal(e.MaxParallelism, a.MaxParallelism);
        Assert.Equal(e.MaxHostgroup, a.MaxHostgroup);
        Assert.Equal(e.AlsoUdp, a.AlsoUdp);
        Assert.Equal(e.ScanFlags, a.ScanFlags);
        Assert.Equal(e.SourcePort, a.SourcePort);
        Assert.Equal(e.Interface, a.Interface);
        Assert.Equal(e.SkipDiscovery, a.SkipDiscovery);
        Assert.Equal(e.Discovery, a.Discovery);
        Assert.Equal(e.PingOnly, a.PingOnly);
        Assert.Equal(e.ResolveNames, a.ResolveNames);
        // Derived values follow.
        Assert.Equal(e.ScanTypes, a.ScanTypes);
        Assert.Equal(e.EffectiveRetries, a.EffectiveRetries);
        Assert.Equal(e.Stateless, a.Stateless);
        Assert.Equal(e.Discovers, a.Discovers);
    }

    [Fact]
    public void Json_keeps_every_field_of_the_configuration()
    {
        var definition = Full();
        var back = ScanDefinition.FromJson(definition.ToJson());
        AssertSameDefinition(definition, back);

        // Spot checks on what the targets mean, not just that both sides agree.
        var targets = back.Config.Targets.Enumerate().ToList();
        var hostname = Assert.Single(targets, t => t.Hostname is not null);
        Assert.Equal(("198.18.9.9", "scanme.example"), (Ipv4.Format(hostname.Address), hostname.Hostname));
        Assert.DoesNotContain(targets, t => Ipv4.Format(t.Address).StartsWith("198.18.1.", StringComparison.Ordinal));
        Assert.DoesNotContain(targets, t => Ipv4.Format(t.Address) is "198.18.8.5" or "198.18.0.0" or "198.18.0.255" or "198.18.21.150");
        Assert.Contains(targets, t => Ipv4.Format(t.Address) == "198.18.3.254");
        Assert.Contains(targets, t => Ipv4.Format(t.Address) == "198.18.11.255");
        Assert.Equal([1u, 3, 5, 6, 7], targets.Where(t => Ipv4.Format(t.Address).StartsWith("198.18.20.", StringComparison.Ordinal)).Select(t => t.Address & 0xFF));
        // 3*254 + 1024-1 + 1 + 5 + 256-100
        Assert.Equal(3 * 254 + 1023 + 1 + 5 + 156, targets.Count);
        Assert.Same(TimingTemplate.Aggressive, TimingTemplate.All.Single(t => t == back.Config.Timing));
    }

    [Fact]
    public void Json_keeps_unset_options_unset()
    {
        var definition = new ScanDefinition("plain", new ScanConfig
        {
            Targets = new TargetSet([TargetSpecParser.Parse("198.18.0.1")]),
            Ports = new PortList([80], []),
        }, DateTimeOffset.UnixEpoch);
        var back = ScanDefinition.FromJson(definition.ToJson());
        AssertSameDefinition(definition, back);
        Assert.Null(back.Annotation);
        Assert.Null(back.Config.MaxRetries);
        Assert.Null(back.Config.HostTimeout);
        Assert.Null(back.Config.ScanFlags);
        Assert.Null(back.Config.SourcePort);
        Assert.Null(back.Config.Interface);
        Assert.True(back.Config.ResolveNames);
        Assert.Equal(64, back.Config.MaxHostgroup);
        Assert.Empty(back.Config.Targets.Exclude);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("null")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"ScanId\":\"x\",\"Start\":\"yesterday\"}")]
    [InlineData("{\"ScanId\":\"x\",\"ScanType\":\"Teleport\"}")]
    [InlineData("{\"ScanId\":\"x\",\"Include\":[{\"Text\":\"a\",\"Octets\":[\"AQE=\",\"AgI=\",\"AwM=\"]}],\"Exclude\":[]}")]
    [InlineData("{\"ScanId\":\"x\",\"Include\":[{\"Text\":\"a\",\"Octets\":[\"AQE=\",\"AgI=\",\"AwM=\",\"BA==\"]}],\"Exclude\":[]}")]
    [InlineData("{\"ScanId\":\"x\",\"Tcp\":[70000]}")]
    [InlineData("{}")]
    public void Bad_json_is_a_JournalException(string json)
    {
        var e = Record.Exception(() => ScanDefinition.FromJson(json));
        Assert.True(e is JournalException, $"{e?.GetType().FullName ?? "no exception"}: {e?.Message}");
        Assert.Contains("scan definition", e!.Message);
    }

    [Fact]
    public void A_null_target_range_is_a_JournalException()
    {
        foreach (var json in new[]
                 {
                     "{\"ScanId\":\"x\",\"Include\":[null],\"Exclude\":[]}",
                     "{\"ScanId\":\"x\",\"Include\":[{\"Text\":\"a\",\"Octets\":[null,\"AQE=\",\"AQE=\",\"AQE=\"]}],\"Exclude\":[]}",
                 })
        {
            var e = Record.Exception(() => ScanDefinition.FromJson(json));
            Assert.True(e is JournalException, $"{json}: {e?.GetType().FullName ?? "no exception"}: {e?.Message}");
        }
    }
}
