using System.Net;
using CsCheck;
using ProRT.Actors.Persistence;
using ProRT.Protocols.Ports;
using ProRT.Protocols.Results;
using ProRT.Protocols.Targets;
using ProRT.Tests.Fuzzing;

namespace ProRT.Actors.Tests.Persistence;

/// <summary>
/// The journal is read back after crashes, from files and databases anyone can damage: every event round-trips, and
/// damaged bytes fail with <see cref="JournalException"/> only.
/// </summary>
public class ScanEventSerializerFuzzSpecs
{
    // Text as scans produce it: banners are Latin-1 (one char per byte), names and reasons ASCII, and anything in the BMP.
    internal static readonly Gen<string> Text = Gen.Frequency(
        (3, Gen.Char['\0', '\u00ff'].Array[0, 24].Select(c => new string(c))),
        (1, Gen.Char['\0', '\ud7ff'].Array[0, 8].Select(c => new string(c))));

    internal static readonly Gen<IPAddress> Addresses = Gen.UInt.Select(Ipv4.ToAddress);

    internal static readonly Gen<DateTimeOffset> Instants =
        Gen.Long[DateTimeOffset.MinValue.UtcTicks, DateTimeOffset.MaxValue.UtcTicks].Select(t => new DateTimeOffset(t, TimeSpan.Zero));

    internal static readonly Gen<ServiceInfo> Services = Gen.Select(Text, Optional.Reference(Text), Optional.Reference(Text), Optional.Reference(Text),
        Optional.Reference(Text), Optional.Reference(Text), Optional.Reference(Text), Optional.Reference(Gen.Const("ssl")),
        (name, product, version, cpe, os, extra, host, tunnel) => new ServiceInfo(name, product, version, cpe, os, extra, host, tunnel));

    internal static readonly Gen<ScanResult> Results = Gen.Select(Addresses, Gen.UShort, Gen.Enum<Protocol>(), Gen.Enum<PortState>(), Text,
        Gen.Long[0, TimeSpan.MaxValue.Ticks].Select(TimeSpan.FromTicks), Instants,
        Gen.Select(Optional.Reference(Services), Optional.Reference(Text), Optional.Value(Gen.Byte)),
        (ip, port, protocol, state, reason, rtt, at, rest) => new ScanResult(ip, port, protocol, state, reason, rtt, at, rest.Item1, rest.Item2, rest.Item3));

    private static readonly Gen<TimeSpan?> Latencies = Optional.Value(Gen.Long.Select(TimeSpan.FromTicks));

    internal static readonly Gen<HostResult> Hosts = Gen.Select(Addresses, Optional.Reference(Text), Gen.Enum<HostState>(), Text, Results.Array[0, 4],
        Latencies, Optional.Reference(Gen.Select(Text, Gen.Int, Optional.Reference(Text), (n, a, c) => new OsMatch(n, a, c))),
        Gen.Select(Optional.Reference(Text), Gen.Bool),
        (ip, name, state, reason, ports, latency, os, rest) => new HostResult(ip, name, state, reason, ports, latency, os, rest.Item1, rest.Item2));

    private static readonly Gen<Target> Targets = Gen.Select(Gen.UInt, Optional.Reference(Text), (a, n) => new Target(a, n));

    private static readonly Gen<object> Events = Gen.OneOf<object>(
        Gen.Select(Targets.Array[0, 4], Gen.Bool, (t, e) => (object)new HostsIssued(t, e)),
        Gen.Select(Targets, Gen.Enum<HostState>(), Text, Latencies, (t, s, r, l) => new DiscoveredHost(t, s, r, l)).Array[0, 4]
            .Select(d => (object)new HostsDiscovered(d)),
        Results.Array[0, 4].Select(r => (object)new PortsResolved(r)),
        Hosts.Array[0, 3].Select(h => (object)new HostsFinished(h)),
        Gen.Select(Instants, Optional.Value(Gen.Long), (end, total) => (object)new ScanEnded(end, total)));

    [Fact]
    public void Every_generated_event_round_trips() =>
        Property.Holds(Events, e =>
        {
            var back = ScanEventSerializer.Decode(ScanEventSerializer.Encode(e), ScanEventSerializer.ManifestOf(e));
            switch (e, back)
            {
                case (HostsIssued i, HostsIssued b):
                    Assert.Equal(i.Exhausted, b.Exhausted);
                    Assert.Equal(i.Hosts, b.Hosts);
                    break;
                case (HostsDiscovered d, HostsDiscovered b):
                    Assert.Equal(d.Hosts, b.Hosts);
                    break;
                case (PortsResolved p, PortsResolved b):
                    Assert.Equal(p.Results, b.Results);
                    break;
                case (HostsFinished f, HostsFinished b):
                    Assert.Equal(f.Results.Length, b.Results.Length);
                    for (int i = 0; i < f.Results.Length; i++) ScanEventSerializerSpecs.AssertSameHost(f.Results[i], b.Results[i]);
                    break;
                case (ScanEnded x, ScanEnded b):
                    Assert.Equal((x.End, x.TotalHosts), (b.End, b.TotalHosts));
                    break;
                default:
                    Assert.Fail($"{e.GetType().Name} came back as {back.GetType().Name}");
                    break;
            }
        }, iterations: 2000);

    private static readonly string[] Manifests = ["started", "issued", "discovered", "ports", "hosts", "ended", "state", "other"];

    // Valid entries of every kind, each a seed for the mutator (the definition's JSON and a snapshot among them).
    private static readonly (byte[] Bytes, string Manifest)[] Entries = Build();

    private static (byte[], string)[] Build()
    {
        var events = Events.Array[8].Single().ToList();
        events.Add(new ScanStarted(ScanEventSerializerSpecs.Definition()));
        var state = ScanState.Empty.Apply(new ScanStarted(ScanEventSerializerSpecs.Definition()));
        foreach (var e in events.OfType<HostsIssued>()) state = state.Apply(e);
        events.Add(state);
        return events.Select(e => (ScanEventSerializer.Encode(e), ScanEventSerializer.ManifestOf(e))).ToArray();
    }

    [Fact]
    public void Damaged_entries_fail_only_with_JournalException() =>
        Property.Holds(Gen.Select(Gen.Int[0, Entries.Length - 1], Gen.Int[0, 19]).SelectMany((i, how) =>
            Mutations.Bytes([Entries[i].Bytes]).Select(bytes => (bytes, how == 0 ? Manifests[i % Manifests.Length] : Entries[i].Manifest))),
            t => Property.ThrowsOnly<JournalException>(() => ScanEventSerializer.Decode(t.Item1, t.Item2)), iterations: 5000);

    [Fact]
    public void Arbitrary_bytes_fail_only_with_JournalException() =>
        Property.Holds(Gen.Select(Gen.Byte.Array[0, 64], Gen.OneOf(Manifests)), t =>
            Property.ThrowsOnly<JournalException>(() => ScanEventSerializer.Decode([3, .. t.Item1], t.Item2)), iterations: 5000);
}
